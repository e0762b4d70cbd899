import { describe, expect, it } from "vitest";
import { alignedDays, comparisonRange, monthsEarlier, periodProblem, rangeLabel, yearEarlier } from "./periods";

const range = (date_from: string, date_to: string) => ({ date_from, date_to });

describe("like-for-like comparison ranges", () => {
  it("compares month to date with the same days of last month, clamped to its length", () => {
    expect(comparisonRange("previous_period", "2026-11-01", "2026-11-04", "month_to_date")).toEqual(range("2026-10-01", "2026-10-04"));
    // 31 March has no partner in February: the comparison ends on the 28th (29th in a leap year).
    expect(comparisonRange("previous_period", "2026-03-01", "2026-03-31", "month_to_date")).toEqual(range("2026-02-01", "2026-02-28"));
    expect(comparisonRange("previous_period", "2028-03-01", "2028-03-30", "month_to_date")).toEqual(range("2028-02-01", "2028-02-29"));
    expect(comparisonRange("previous_period", "2026-01-01", "2026-01-15", "month_to_date")).toEqual(range("2025-12-01", "2025-12-15"));
    // The same days as any range of that length would be wrong: 4 days back would be 28-31 October.
    expect(comparisonRange("previous_period", "2026-11-01", "2026-11-04")).toEqual(range("2026-10-28", "2026-10-31"));
  });

  it("compares quarter to date with the same days of the previous quarter", () => {
    expect(comparisonRange("previous_period", "2026-10-01", "2026-12-04", "quarter_to_date")).toEqual(range("2026-07-01", "2026-09-04"));
    expect(comparisonRange("previous_period", "2026-04-01", "2026-05-31", "quarter_to_date")).toEqual(range("2026-01-01", "2026-02-28"));
    expect(comparisonRange("previous_period", "2026-01-01", "2026-02-10", "quarter_to_date")).toEqual(range("2025-10-01", "2025-11-10"));
  });

  it("compares year to date with the same span of last year, 29 February as the 28th", () => {
    expect(comparisonRange("previous_period", "2026-01-01", "2026-12-04", "year_to_date")).toEqual(range("2025-01-01", "2025-12-04"));
    expect(comparisonRange("previous_period", "2028-01-01", "2028-02-29", "year_to_date")).toEqual(range("2027-01-01", "2027-02-28"));
    expect(comparisonRange("previous_period", "2029-01-01", "2029-02-28", "year_to_date")).toEqual(range("2028-01-01", "2028-02-28"));
  });

  it("compares a whole month or quarter with the whole one before", () => {
    expect(comparisonRange("previous_period", "2026-03-01", "2026-03-31", "last_month")).toEqual(range("2026-02-01", "2026-02-28"));
    expect(comparisonRange("previous_period", "2026-02-01", "2026-02-28", "last_month")).toEqual(range("2026-01-01", "2026-01-31"));
    expect(comparisonRange("previous_period", "2026-07-01", "2026-09-30", "last_quarter")).toEqual(range("2026-04-01", "2026-06-30"));
    expect(comparisonRange("previous_period", "2026-01-01", "2026-03-31", "last_quarter")).toEqual(range("2025-10-01", "2025-12-31"));
  });

  it("compares today with yesterday, and a custom range with as many days before it", () => {
    expect(comparisonRange("previous_period", "2026-12-04", "2026-12-04", "today")).toEqual(range("2026-12-03", "2026-12-03"));
    expect(comparisonRange("previous_period", "2026-02-21", "2026-02-27", "custom")).toEqual(range("2026-02-14", "2026-02-20"));
  });

  it("takes the same dates a year earlier for previous_year, whatever the period", () => {
    expect(comparisonRange("previous_year", "2028-02-01", "2028-02-29", "last_month")).toEqual(range("2027-02-01", "2027-02-28"));
    expect(comparisonRange("previous_year", "2026-11-01", "2026-11-04", "month_to_date")).toEqual(range("2025-11-01", "2025-11-04"));
    expect(comparisonRange("none", "2026-11-01", "2026-11-04", "month_to_date")).toBeNull();
  });

  it("moves days by months and years, clamping to the shorter month", () => {
    expect(monthsEarlier("2026-05-31", 3)).toBe("2026-02-28");
    expect(monthsEarlier("2026-01-31", 1)).toBe("2025-12-31");
    expect(yearEarlier("2024-02-29")).toBe("2023-02-28");
  });
});

describe("periodProblem", () => {
  it("accepts a range of the period's shape and names what is wrong otherwise", () => {
    expect(periodProblem("month_to_date", "2026-11-01", "2026-11-04")).toBeNull();
    expect(periodProblem("month_to_date", "2026-11-02", "2026-11-04")).toMatch(/first day of date_to's month/);
    expect(periodProblem("quarter_to_date", "2026-10-01", "2026-12-04")).toBeNull();
    expect(periodProblem("quarter_to_date", "2026-11-01", "2026-12-04")).toMatch(/quarter/);
    expect(periodProblem("year_to_date", "2026-01-01", "2026-12-04")).toBeNull();
    expect(periodProblem("last_month", "2026-02-01", "2026-02-28")).toBeNull();
    expect(periodProblem("last_month", "2026-02-01", "2026-02-27")).toMatch(/whole calendar month/);
    expect(periodProblem("last_quarter", "2026-07-01", "2026-09-30")).toBeNull();
    expect(periodProblem("last_quarter", "2026-07-01", "2026-09-29")).toMatch(/whole calendar quarter/);
    expect(periodProblem("today", "2026-12-03", "2026-12-04")).toMatch(/same day/);
    expect(periodProblem("custom", "2026-12-03", "2026-12-04")).toBeNull();
  });
});

describe("alignedDays", () => {
  it("pairs day 1 with day 1, leaving days without a partner out", () => {
    const pairs = alignedDays(range("2026-03-01", "2026-03-31"), range("2026-02-01", "2026-02-28"), false);
    expect(pairs.size).toBe(28);
    expect(pairs.get("2026-02-01")).toBe("2026-03-01");
    expect(pairs.get("2026-02-28")).toBe("2026-03-28");
  });

  it("pairs the same calendar dates a year apart, so a leap day shifts nothing", () => {
    const pairs = alignedDays(range("2025-02-27", "2025-03-02"), range("2024-02-27", "2024-03-02"), true);
    expect([...pairs]).toEqual([
      ["2024-02-27", "2025-02-27"],
      ["2024-02-28", "2025-02-28"],
      ["2024-03-01", "2025-03-01"],
      ["2024-03-02", "2025-03-02"],
    ]);
  });
});

describe("rangeLabel", () => {
  it("writes a range as people do", () => {
    expect(rangeLabel("2026-11-01", "2026-11-04")).toBe("1–4 Nov 2026");
    expect(rangeLabel("2026-11-04", "2026-11-04")).toBe("4 Nov 2026");
    expect(rangeLabel("2026-10-28", "2026-11-04")).toBe("28 Oct – 4 Nov 2026");
    expect(rangeLabel("2025-12-28", "2026-01-04")).toBe("28 Dec 2025 – 4 Jan 2026");
  });
});
