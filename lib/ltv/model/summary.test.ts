import { describe, expect, it } from "vitest";
import { dayNumber, summarizePurchases } from "./summary";

describe("summarizePurchases", () => {
  it("counts purchases on one day as one transaction and averages the repeat days only", () => {
    const summary = summarizePurchases(
      [
        { day: "2026-01-01", amount: "100.00" },
        { day: "2026-01-15", amount: "10.10" },
        { day: "2026-01-15", amount: "9.90" },
        { day: "2026-01-29", amount: "30.01" },
      ],
      "2026-02-12",
      7,
    );
    // Repeat days: 01-15 (20.00) and 01-29 (30.01); the first purchase is not in the mean.
    expect(summary).toEqual({ repeats: 2, recency: 4, age: 6, meanRepeatValue: "25.005" });
  });

  it("ignores purchases after the observation end, and orders the days itself", () => {
    const summary = summarizePurchases(
      [
        { day: "2026-03-05", amount: "5" },
        { day: "2026-03-01", amount: "7.5" },
        { day: "2026-03-02", amount: "1" },
      ],
      "2026-03-04",
      1,
    );
    expect(summary).toEqual({ repeats: 1, recency: 1, age: 3, meanRepeatValue: "1.00" });
  });

  it("has no summary for a customer who had not bought by then, and no mean without repeats", () => {
    expect(summarizePurchases([{ day: "2026-03-05", amount: "5" }], "2026-03-04", 1)).toBeNull();
    expect(summarizePurchases([{ day: "2026-03-01", amount: "5" }], "2026-03-04", 1)).toEqual({
      repeats: 0,
      recency: 0,
      age: 3,
      meanRepeatValue: null,
    });
  });

  it("refuses what is not a calendar date, naming the field", () => {
    expect(() => dayNumber("2026-02-30")).toThrow(/day must be a date/);
    expect(() => summarizePurchases([], "2026-13-01", 1)).toThrow(/observationEnd/);
    expect(() => summarizePurchases([], "2026-01-01", 0)).toThrow(/unitDays/);
  });

  it("counts days across a leap day and a daylight-saving change as whole days", () => {
    expect(dayNumber("2024-03-01") - dayNumber("2024-02-28")).toBe(2);
    expect(dayNumber("2026-03-09") - dayNumber("2026-03-08")).toBe(1);
  });
});
