import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time/zone";
import { evaluateAnomaly, evaluateChange, evaluateThreshold, weekdayBaseline, weekdayOf, type DayReading } from "./evaluators";

// 2026-11-30 is a Monday. Eight weeks of history before it, with Mondays around 60 and other days
// around 100, each with a little deterministic noise.
const JUDGED_MONDAY = "2026-11-30";
const JUDGED_TUESDAY = "2026-12-01";
const NOISE = [3, -2, 1, -4, 2, 0, -1, 4, -3, 2];

function weeklySeries(endBefore: string, days: number, mondayLevel = 60, otherLevel = 100): DayReading[] {
  return Array.from({ length: days }, (_, i) => {
    const day = addDays(endBefore, -(i + 1));
    const level = weekdayOf(day) === 1 ? mondayLevel : otherLevel;
    return { day, value: level + NOISE[i % NOISE.length]! };
  });
}

describe("threshold", () => {
  it("fires below and above the value, compared exactly", () => {
    expect(evaluateThreshold("99.99", { operator: "below", value: "100" }).state).toBe("firing");
    expect(evaluateThreshold("100.00", { operator: "below", value: "100" }).state).toBe("quiet");
    expect(evaluateThreshold(12, { operator: "above", value: "10" }).state).toBe("firing");
    expect(evaluateThreshold(10, { operator: "above", value: "10" }).state).toBe("quiet");
  });

  it("measures how far past the threshold a value is, as a fraction of it", () => {
    expect(evaluateThreshold("50.00", { operator: "below", value: "100" }).deviation).toBeCloseTo(0.5);
    expect(evaluateThreshold("80.00", { operator: "below", value: "100" }).deviation).toBeCloseTo(0.2);
  });

  it("does not judge a value that is n/a", () => {
    const verdict = evaluateThreshold(null, { operator: "below", value: "1" });
    expect(verdict.state).toBe("insufficient");
    expect(verdict.reason).toMatch(/n\/a/);
  });
});

describe("change vs the same weekday of the last 4 weeks", () => {
  const history: DayReading[] = [
    { day: "2026-11-23", value: "110.00" },
    { day: "2026-11-16", value: "90.00" },
    { day: "2026-11-09", value: "100.00" },
    { day: "2026-11-02", value: "100.00" },
    // Not a Monday, and five weeks back: neither counts.
    { day: "2026-11-24", value: "5000.00" },
    { day: "2026-10-26", value: "5000.00" },
  ];

  it("averages the four Mondays and fires on a drop of the given percent", () => {
    const verdict = evaluateChange("70.00", JUDGED_MONDAY, history, { direction: "drop", percent: 25 });
    expect(verdict.baseline).toBe(100);
    expect(verdict.state).toBe("firing");
    expect(verdict.deviation).toBeCloseTo(0.3);
    expect(verdict.method).toMatch(/Monday of the last 4 weeks/);
  });

  it("stays quiet for a smaller drop, and for a rise when watching drops", () => {
    expect(evaluateChange("80.00", JUDGED_MONDAY, history, { direction: "drop", percent: 25 }).state).toBe("quiet");
    expect(evaluateChange("200.00", JUDGED_MONDAY, history, { direction: "drop", percent: 25 }).state).toBe("quiet");
    expect(evaluateChange("200.00", JUDGED_MONDAY, history, { direction: "either", percent: 25 }).state).toBe("firing");
  });

  it("needs two of the four days, and says so", () => {
    const verdict = evaluateChange("10.00", JUDGED_MONDAY, history.slice(0, 1), { direction: "drop", percent: 10 });
    expect(verdict.state).toBe("insufficient");
    expect(verdict.reason).toMatch(/Too little history: 1 of the last 4 Mondays/);
  });

  it("does not divide by a zero baseline", () => {
    const zeros = history.slice(0, 4).map((h) => ({ ...h, value: 0 }));
    expect(evaluateChange(5, JUDGED_MONDAY, zeros, { direction: "either", percent: 10 }).state).toBe("insufficient");
  });
});

describe("anomaly against the seasonal weekday baseline", () => {
  const history = weeklySeries(JUDGED_MONDAY, 56);

  it("finds the weekly pattern: a low median for Mondays, a high one for other days", () => {
    const { medians, sigma } = weekdayBaseline(history);
    expect(medians.get(1)).toBeGreaterThan(55);
    expect(medians.get(1)).toBeLessThan(65);
    expect(medians.get(2)).toBeGreaterThan(95);
    expect(sigma).toBeGreaterThan(0);
    expect(sigma).toBeLessThan(10);
  });

  it("treats a Monday dip that is normal for Mondays as normal", () => {
    const verdict = evaluateAnomaly(60, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "medium" });
    expect(verdict.state).toBe("quiet");
    expect(verdict.baseline).toBeLessThan(65);
  });

  it("alerts on the same value on a Tuesday, where it is not normal", () => {
    const verdict = evaluateAnomaly(60, JUDGED_TUESDAY, weeklySeries(JUDGED_TUESDAY, 56), { direction: "drop", sensitivity: "medium" });
    expect(verdict.state).toBe("firing");
    expect(verdict.deviation).toBeGreaterThan(3);
    expect(verdict.band!.low).toBeGreaterThan(60);
  });

  it("alerts on a Monday well below the usual Monday", () => {
    const verdict = evaluateAnomaly(30, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "medium" });
    expect(verdict.state).toBe("firing");
    expect(verdict.method).toMatch(/median Monday/);
  });

  it("lets sensitivity move the limit: high alerts where low does not", () => {
    const { medians, sigma } = weekdayBaseline(history);
    const value = medians.get(1)! - 2.5 * sigma;
    expect(evaluateAnomaly(value, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "high" }).state).toBe("firing");
    expect(evaluateAnomaly(value, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "medium" }).state).toBe("quiet");
    expect(evaluateAnomaly(value, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "low" }).state).toBe("quiet");
  });

  it("ignores rises when watching drops", () => {
    expect(evaluateAnomaly(500, JUDGED_MONDAY, history, { direction: "drop", sensitivity: "high" }).state).toBe("quiet");
    expect(evaluateAnomaly(500, JUDGED_MONDAY, history, { direction: "rise", sensitivity: "high" }).state).toBe("firing");
  });

  it("falls back to the mean absolute deviation when the MAD is zero", () => {
    // Most days sit exactly on their weekday's median, so the MAD is 0; a few do not.
    const mostlyFlat = weeklySeries(JUDGED_MONDAY, 56).map((h, i) => ({ ...h, value: (weekdayOf(h.day) === 1 ? 60 : 100) + (i % 9 === 0 ? 8 : 0) }));
    const { sigma } = weekdayBaseline(mostlyFlat);
    expect(sigma).toBeGreaterThan(0);
    expect(evaluateAnomaly(59, JUDGED_MONDAY, mostlyFlat, { direction: "drop", sensitivity: "medium" }).state).toBe("quiet");
    expect(evaluateAnomaly(40, JUDGED_MONDAY, mostlyFlat, { direction: "drop", sensitivity: "medium" }).state).toBe("firing");
  });

  it("on a perfectly regular series, any departure in the alerting direction is an anomaly and none is quiet", () => {
    const flat = weeklySeries(JUDGED_MONDAY, 28).map((h) => ({ ...h, value: 10 }));
    expect(weekdayBaseline(flat).sigma).toBe(0);
    expect(evaluateAnomaly(10, JUDGED_MONDAY, flat, { direction: "drop", sensitivity: "low" }).state).toBe("quiet");
    expect(evaluateAnomaly(9, JUDGED_MONDAY, flat, { direction: "drop", sensitivity: "low" }).state).toBe("firing");
  });

  it("with fewer than three past values of the weekday, does not alert and says why", () => {
    const short = weeklySeries(JUDGED_MONDAY, 14);
    const verdict = evaluateAnomaly(0, JUDGED_MONDAY, short, { direction: "drop", sensitivity: "high" });
    expect(verdict.state).toBe("insufficient");
    expect(verdict.reason).toMatch(/Too little history: 2 past Mondays/);
  });

  it("skips days that are n/a", () => {
    const gappy = history.map((h) => (weekdayOf(h.day) === 1 ? { ...h, value: null } : h));
    expect(evaluateAnomaly(60, JUDGED_MONDAY, gappy, { direction: "drop", sensitivity: "medium" }).state).toBe("insufficient");
  });
});
