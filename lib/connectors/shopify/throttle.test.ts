import { describe, expect, it } from "vitest";
import type { CostExtension } from "./shapes";
import { costOf, createCostThrottle, throttleWaitMs } from "./throttle";

const cost = (requested: number, available: number, restoreRate = 50, maximum = 1_000): CostExtension => ({
  requestedQueryCost: requested,
  actualQueryCost: requested,
  throttleStatus: { maximumAvailable: maximum, currentlyAvailable: available, restoreRate },
});
const answer = (c: CostExtension | undefined, status = 200) => ({ status, body: c ? { data: {}, extensions: { cost: c } } : { data: {} }, headers: new Headers() });

function setup() {
  let clock = 1_000_000;
  const throttle = createCostThrottle({ now: () => clock, maxWaits: 20 });
  return { throttle, advance: (ms: number) => (clock += ms) };
}

describe("createCostThrottle", () => {
  it("sends at once until the bucket has been reported", () => {
    const { throttle } = setup();
    expect(throttle.forOperation("Shop").holdMs()).toBe(0);
  });

  it("holds a call until the bucket, refilled since the last report, pays what the operation asked last time", () => {
    const { throttle, advance } = setup();
    const shop = throttle.forOperation("Shop");
    shop.observe(answer(cost(500, 100)));
    expect(shop.holdMs()).toBe(8_000);
    advance(2_000); // +100 points: 200 of 500
    expect(throttle.forOperation("Shop").holdMs()).toBe(6_000);
    advance(60_000); // capped at the maximum, which pays
    expect(throttle.forOperation("Shop").holdMs()).toBe(0);
  });

  it("remembers the cost per operation but shares one bucket", () => {
    const { throttle } = setup();
    throttle.forOperation("Orders").observe(answer(cost(900, 100)));
    throttle.forOperation("Shop").observe(answer(cost(10, 100)));
    expect(throttle.forOperation("Shop").holdMs()).toBe(0);
    expect(throttle.forOperation("Orders").holdMs()).toBe(16_000);
    expect(throttle.forOperation("Never").holdMs()).toBe(0);
  });

  it("counts the bucket as paying for the operation once a wait was slept, whatever the clock says", () => {
    const { throttle } = setup();
    const orders = throttle.forOperation("Orders");
    orders.observe(answer(cost(752, 12)));
    expect(orders.holdMs()).toBe(14_800);
    orders.refilled();
    expect(orders.holdMs()).toBe(0);
  });

  it("learns from failed answers too, and ignores answers without a cost", () => {
    const { throttle } = setup();
    const shop = throttle.forOperation("Shop");
    shop.observe(answer(cost(300, 0), 429));
    shop.observe(answer(undefined));
    shop.observe({ status: 502, body: null, headers: new Headers() });
    expect(shop.holdMs()).toBe(6_000);
  });

  it("never holds when the bucket does not restore", () => {
    const { throttle } = setup();
    const shop = throttle.forOperation("Shop");
    shop.observe(answer(cost(300, 0, 0)));
    expect(shop.holdMs()).toBe(0);
  });
});

describe("throttleWaitMs", () => {
  it("is the time to refill what was asked, at least 250 ms, or null without figures", () => {
    expect(throttleWaitMs(cost(752, 12))).toBe(14_800);
    expect(throttleWaitMs(cost(10, 9))).toBe(250);
    expect(throttleWaitMs(cost(10, 0, 0))).toBeNull();
    expect(throttleWaitMs(undefined)).toBeNull();
  });

  it("reads the cost only from an object answer", () => {
    expect(costOf({ extensions: { cost: cost(1, 2) } })).toEqual(cost(1, 2));
    expect(costOf(null)).toBeUndefined();
    expect(costOf("Throttled")).toBeUndefined();
  });
});
