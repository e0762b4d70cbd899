import { yearEarlier } from "@/lib/metrics/report/periods";
import { describe, expect, it } from "vitest";
import {
  comparisonRange,
  customRangeProblem,
  dayCount,
  parseRangeParams,
  periodOf,
  rangeToParams,
  resolveRange,
  type RangeSelection,
} from "@/lib/dashboards/date-range";

const NY = "America/New_York";
// 03:30 UTC on 1 March 2026 is still 28 February (22:30) in New York.
const NOW = new Date("2026-03-01T03:30:00Z");

const resolve = (preset: Exclude<RangeSelection["preset"], "custom">, timeZone = NY) =>
  resolveRange({ preset, compare: "none" }, timeZone, NOW);

describe("resolveRange", () => {
  it("reads today in the workspace time zone, not in UTC", () => {
    expect(resolve("today")).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(resolve("today", "UTC")).toEqual({ from: "2026-03-01", to: "2026-03-01" });
    expect(resolve("yesterday")).toEqual({ from: "2026-02-27", to: "2026-02-27" });
  });

  it("ends the last-N-days presets yesterday and spans exactly N days", () => {
    for (const [preset, n] of [["last_7_days", 7], ["last_30_days", 30], ["last_90_days", 90]] as const) {
      const range = resolve(preset);
      expect(range.to, preset).toBe("2026-02-27");
      expect(dayCount(range), preset).toBe(n);
    }
    expect(resolve("last_7_days")).toEqual({ from: "2026-02-21", to: "2026-02-27" });
  });

  it("resolves calendar presets around the local month and year", () => {
    expect(resolve("month_to_date")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(resolve("last_month")).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(resolve("year_to_date")).toEqual({ from: "2026-01-01", to: "2026-02-28" });
    // In UTC it is already March: the same instant gives other months.
    expect(resolve("month_to_date", "UTC")).toEqual({ from: "2026-03-01", to: "2026-03-01" });
    expect(resolve("last_month", "UTC")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("resolves quarter presets in the local quarter", () => {
    expect(resolve("quarter_to_date")).toEqual({ from: "2026-01-01", to: "2026-02-28" });
    expect(resolve("last_quarter")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    // In UTC it is already 1 March, still the first quarter.
    expect(resolve("quarter_to_date", "UTC")).toEqual({ from: "2026-01-01", to: "2026-03-01" });
    const inAugust = new Date("2026-08-15T12:00:00Z");
    expect(resolveRange({ preset: "quarter_to_date", compare: "none" }, NY, inAugust)).toEqual({ from: "2026-07-01", to: "2026-08-15" });
    expect(resolveRange({ preset: "last_quarter", compare: "none" }, NY, inAugust)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
  });

  it("ends a custom range reaching past today on today", () => {
    expect(resolveRange({ preset: "custom", from: "2026-02-01", to: "2026-12-31", compare: "none" }, NY, NOW)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(resolveRange({ preset: "custom", from: "2026-06-01", to: "2026-06-30", compare: "none" }, NY, NOW)).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(customRangeProblem("2026-03-02", "2026-03-05", "2026-02-28")).toBe("Start date is after today.");
  });

  it("takes last month across a year end", () => {
    const range = resolveRange({ preset: "last_month", compare: "none" }, "Asia/Tokyo", new Date("2026-01-01T01:00:00Z"));
    expect(range).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("passes a custom range through", () => {
    expect(resolveRange({ preset: "custom", from: "2025-05-01", to: "2025-05-10", compare: "none" }, NY, NOW)).toEqual({
      from: "2025-05-01",
      to: "2025-05-10",
    });
  });
});

describe("comparisonRange", () => {
  it("takes the same number of days immediately before for the previous period", () => {
    expect(comparisonRange({ from: "2026-02-21", to: "2026-02-27" }, "previous_period")).toEqual({ from: "2026-02-14", to: "2026-02-20" });
    expect(comparisonRange({ from: "2026-03-01", to: "2026-03-31" }, "previous_period")).toEqual({ from: "2026-01-29", to: "2026-02-28" });
    expect(comparisonRange({ from: "2026-02-28", to: "2026-02-28" }, "previous_period")).toEqual({ from: "2026-02-27", to: "2026-02-27" });
  });

  it("takes the same dates a year earlier, with 29 February becoming the 28th", () => {
    expect(comparisonRange({ from: "2026-02-01", to: "2026-02-28" }, "previous_year")).toEqual({ from: "2025-02-01", to: "2025-02-28" });
    expect(comparisonRange({ from: "2028-02-01", to: "2028-02-29" }, "previous_year")).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(yearEarlier("2024-02-29")).toBe("2023-02-28");
    expect(yearEarlier("2025-03-01")).toBe("2024-03-01");
  });

  it("compares each preset like with like", () => {
    const compared = (preset: Exclude<RangeSelection["preset"], "custom">, now: Date) =>
      comparisonRange(resolveRange({ preset, compare: "previous_period" }, NY, now), "previous_period", periodOf(preset));
    const dec4 = new Date("2026-12-04T15:00:00Z");
    expect(compared("month_to_date", dec4)).toEqual({ from: "2026-11-01", to: "2026-11-04" });
    expect(compared("quarter_to_date", dec4)).toEqual({ from: "2026-07-01", to: "2026-09-04" });
    expect(compared("year_to_date", dec4)).toEqual({ from: "2025-01-01", to: "2025-12-04" });
    expect(compared("last_quarter", dec4)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(compared("today", dec4)).toEqual({ from: "2026-12-03", to: "2026-12-03" });
    expect(compared("last_7_days", dec4)).toEqual({ from: "2026-11-20", to: "2026-11-26" });
  });

  it("has no range for no comparison", () => {
    expect(comparisonRange({ from: "2026-02-01", to: "2026-02-28" }, "none")).toBeNull();
  });
});

describe("URL params", () => {
  it("round-trips presets and custom ranges", () => {
    const selections: RangeSelection[] = [
      { preset: "last_7_days", compare: "previous_year" },
      { preset: "custom", from: "2025-01-05", to: "2025-02-05", compare: "none" },
    ];
    for (const selection of selections) {
      expect(parseRangeParams(rangeToParams(selection))).toEqual(selection);
    }
    expect(rangeToParams({ preset: "custom", from: "2025-01-05", to: "2025-02-05", compare: "none" }).toString()).toBe(
      "range=custom&from=2025-01-05&to=2025-02-05&compare=none",
    );
  });

  it("falls back to the last 30 days against the previous period for bad values", () => {
    expect(parseRangeParams(new URLSearchParams())).toEqual({ preset: "last_30_days", compare: "previous_period" });
    expect(parseRangeParams({ range: "forever", compare: "last_century" })).toEqual({ preset: "last_30_days", compare: "previous_period" });
    expect(parseRangeParams({ range: "custom", from: "2025-02-30", to: "2025-03-01", compare: "none" })).toEqual({
      preset: "last_30_days",
      compare: "none",
    });
    expect(parseRangeParams({ range: "custom", from: "2025-03-02", to: "2025-03-01" })).toEqual({
      preset: "last_30_days",
      compare: "previous_period",
    });
  });

  it("reads the first of repeated params, as Next.js passes them", () => {
    expect(parseRangeParams({ range: ["yesterday", "today"], compare: ["none"] })).toEqual({ preset: "yesterday", compare: "none" });
  });
});

describe("customRangeProblem", () => {
  it("names what is wrong with a custom range", () => {
    expect(customRangeProblem("2025-01-01", "2025-01-31")).toBeNull();
    expect(customRangeProblem("2025-13-01", "2025-01-31")).toMatch(/Start date/);
    expect(customRangeProblem("2025-01-01", "")).toMatch(/End date/);
    expect(customRangeProblem("2025-02-01", "2025-01-31")).toMatch(/before the start/);
    expect(customRangeProblem("2020-01-01", "2025-01-01")).toMatch(/at most 5 years/);
    expect(customRangeProblem("2020-01-02", "2025-01-01")).toBeNull();
  });
});
