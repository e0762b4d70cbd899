import { describe, expect, it } from "vitest";
import { liftAgainstHoldout } from "./lift";

describe("liftAgainstHoldout", () => {
  it("is the difference of the two rates with a Wald 95 % interval", () => {
    // Shown: 30 of 200 = 0.15; holdout: 10 of 100 = 0.10. Difference 0.05.
    // se = sqrt(0.15*0.85/200 + 0.10*0.90/100) = sqrt(0.0006375 + 0.0009) = sqrt(0.0015375) = 0.039211
    // 1.959964 * 0.039211 = 0.076852 -> [-0.0269, 0.1269]; relative 0.05 / 0.10 = 0.5.
    expect(liftAgainstHoldout({ visitors: 200, conversions: 30 }, { visitors: 100, conversions: 10 })).toEqual({
      shown_rate: 0.15, holdout_rate: 0.1, difference: 0.05, low: -0.0269, high: 0.1269, relative: 0.5,
    });
  });

  it("has no interval when an arm is empty, and no relative lift when the holdout converted no one", () => {
    expect(liftAgainstHoldout({ visitors: 10, conversions: 1 }, { visitors: 0, conversions: 0 })).toEqual({
      shown_rate: 0.1, holdout_rate: null, difference: null, low: null, high: null, relative: null,
    });
    const none = liftAgainstHoldout({ visitors: 4, conversions: 2 }, { visitors: 4, conversions: 0 });
    expect(none.difference).toBe(0.5);
    expect(none.relative).toBeNull();
    // se = sqrt(0.5*0.5/4 + 0) = 0.25; 1.959964 * 0.25 = 0.489991
    expect([none.low, none.high]).toEqual([0.01, 0.99]);
  });
});
