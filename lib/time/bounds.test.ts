import { describe, expect, it } from "vitest";
import { EARLIEST_DAY, instantInBounds, instantLimits, latestDay } from "./bounds";

describe("instant bounds", () => {
  const now = new Date("2026-12-04T20:00:00Z");

  it("accept every instant of the first and the last day, and nothing beyond", () => {
    const last = latestDay(now);
    expect(last).toBe("2027-12-05");
    expect(instantInBounds(new Date(`${EARLIEST_DAY}T00:00:00.000Z`), now)).toBe(true);
    expect(instantInBounds(new Date("1969-12-31T23:59:59.999Z"), now)).toBe(false);
    expect(instantInBounds(new Date(`${last}T23:59:59.999Z`), now)).toBe(true);
    expect(instantInBounds(new Date("2027-12-06T00:00:00.000Z"), now)).toBe(false);
    expect(instantInBounds(new Date("0001-01-01T00:00:00Z"), now)).toBe(false);
    expect(instantInBounds(new Date(Number.NaN), now)).toBe(false);
  });

  it("give the same limits as milliseconds for checking a batch", () => {
    const { fromMs, toMs } = instantLimits(now);
    expect(new Date(fromMs).toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(new Date(toMs).toISOString()).toBe("2027-12-05T23:59:59.999Z");
  });
});
