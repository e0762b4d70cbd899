import { describe, expect, it } from "vitest";
import { encodeCredits, listOf } from "./credit-store";
import { orderCredits, type TJourneyTouch } from "./credits";
import { DailyChanges, replaceCredits } from "./daily";
import { DEFAULT_MODEL_SETTINGS } from "./models";

const ORDER_AT = new Date("2026-11-20T12:00:00Z");

function touch(daysBefore: number, channel: string): TJourneyTouch {
  const at = new Date(ORDER_AT.getTime() - daysBefore * 86_400_000);
  return { at, day: at.toISOString().slice(0, 10), channel, direct: false, paid: false, platform: "", campaign: "" };
}

function credited(touches: TJourneyTouch[], fits = {}, orderDay = "2026-11-20", revenueMinor = 3000n) {
  const decoded = orderCredits({ at: ORDER_AT, revenueMinor }, touches, DEFAULT_MODEL_SETTINGS, fits);
  return { orderDay, newCustomer: true, credits: encodeCredits(decoded), decoded };
}

const journey = [touch(10, "facebook"), touch(2, "google"), touch(0.1, "email")];

describe("replacing an order's credits in the daily sums", () => {
  it("changes nothing when they came out the same", () => {
    const changes = new DailyChanges();
    replaceCredits(changes, credited(journey), credited(journey));
    expect(changes.rows()).toEqual([]);
  });

  it("nets only the models whose credit changed", () => {
    const changes = new DailyChanges();
    replaceCredits(changes, credited(journey), credited(journey, { markov: { weights: { facebook: 0.5, google: 0.25, email: 0.25 } } }));
    const rows = changes.rows();
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(["markov"]));
    // Markov's 28-day credit: a new order over the three channels, on both bases.
    const cash = rows.filter((r) => r.basis === "cash" && r.windowDays === 28 && !r.paidOnly);
    expect(cash.map((r) => [r.channel, r.ordersMicro, r.revenueMinor])).toEqual([["facebook", 500_000n, 1500n], ["google", 250_000n, 750n], ["email", 250_000n, 750n]]);
    expect(cash.every((r) => r.newCustomerMicro === r.ordersMicro)).toBe(true);
  });

  it("moves every model when the order's day changed, and takes back the credits of an order that lost them", () => {
    const moved = new DailyChanges();
    replaceCredits(moved, credited(journey), credited(journey, {}, "2026-11-21"));
    const cash = moved.rows().filter((r) => r.basis === "cash");
    expect(new Set(cash.map((r) => r.model)).size).toBe(6);
    expect(cash.filter((r) => r.day === "2026-11-21").every((r) => r.ordersMicro > 0n)).toBe(true);
    expect(cash.filter((r) => r.day === "2026-11-20").every((r) => r.ordersMicro < 0n)).toBe(true);
    expect(moved.rows().filter((r) => r.basis === "accrual")).toEqual([]);

    const gone = new DailyChanges();
    replaceCredits(gone, credited(journey), undefined);
    const lastTouch = gone.rows().filter((r) => r.model === "last_touch" && r.windowDays === 1 && r.basis === "cash");
    expect(lastTouch).toMatchObject([{ channel: "email", ordersMicro: -1_000_000n, newCustomerMicro: -1_000_000n, revenueMinor: -3000n }]);
  });

  it("nets nothing against the same credits stored before models were named, and sums amounts beyond 2^53 exactly", () => {
    const now = credited(journey);
    const spelledOut = { ...now, credits: { g: now.credits.g, c: Object.fromEntries(Object.keys(now.credits.c).map((m) => [m, listOf(now.credits, m)!])) } };
    const same = new DailyChanges();
    replaceCredits(same, spelledOut, now);
    expect(same.rows()).toEqual([]);

    const big = 2n ** 60n + 7n;
    const changes = new DailyChanges();
    replaceCredits(changes, undefined, credited([touch(1, "google")], {}, "2026-11-20", big));
    replaceCredits(changes, undefined, credited([touch(1, "google")], {}, "2026-11-20", big));
    replaceCredits(changes, undefined, credited([touch(1, "google")], {}, "2026-11-20", 3n));
    const linear = changes.rows().filter((r) => r.model === "linear" && r.windowDays === 7 && r.basis === "cash");
    expect(linear).toMatchObject([{ channel: "google", ordersMicro: 3_000_000n, revenueMinor: 2n * big + 3n }]);
  });
});
