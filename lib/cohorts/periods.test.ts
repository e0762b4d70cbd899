import { describe, expect, it } from "vitest";
import { addPeriods, horizonOffset, periodEnd, periodsBetween, periodStart } from "./periods";

describe("cohort periods", () => {
  it("starts weeks on Monday, months and quarters on their first day", () => {
    expect(periodStart("2026-03-01", "week")).toBe("2026-02-23"); // a Sunday
    expect(periodStart("2026-03-02", "week")).toBe("2026-03-02"); // a Monday
    expect(periodStart("2026-03-31", "month")).toBe("2026-03-01");
    expect(periodStart("2026-03-31", "quarter")).toBe("2026-01-01");
    expect(periodStart("2026-12-31", "quarter")).toBe("2026-10-01");
  });

  it("steps periods across year ends, both ways", () => {
    expect(addPeriods("2025-11-01", "month", 3)).toBe("2026-02-01");
    expect(addPeriods("2026-01-01", "month", -1)).toBe("2025-12-01");
    expect(addPeriods("2025-10-01", "quarter", 2)).toBe("2026-04-01");
    expect(addPeriods("2025-12-29", "week", 1)).toBe("2026-01-05");
    expect(periodEnd("2024-02-01", "month")).toBe("2024-02-29");
  });

  it("counts whole periods between the periods of two days", () => {
    expect(periodsBetween("2025-11-30", "2026-02-01", "month")).toBe(3);
    expect(periodsBetween("2025-12-31", "2026-01-01", "quarter")).toBe(1);
    expect(periodsBetween("2026-03-01", "2026-03-02", "week")).toBe(1);
    expect(periodsBetween("2026-03-02", "2026-03-08", "week")).toBe(0);
    expect(periodsBetween("2026-03-02", "2026-02-01", "month")).toBe(-1);
  });

  it("maps 3, 6 and 12 months to the offsets that end them", () => {
    expect([3, 6, 12].map((m) => horizonOffset(m as 3, "month"))).toEqual([2, 5, 11]);
    expect([3, 6, 12].map((m) => horizonOffset(m as 3, "quarter"))).toEqual([0, 1, 3]);
    expect([3, 6, 12].map((m) => horizonOffset(m as 3, "week"))).toEqual([12, 25, 51]);
  });
});
