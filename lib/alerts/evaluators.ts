import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import { addDays } from "@/lib/time/zone";

// The three ways a metric rule judges a value, as pure functions of the value and its history.
// Values arrive as the report hands them out (exact decimal strings for money and ratios, integers
// for counts, null for n/a). Thresholds compare exactly; the statistics (means, medians, z-scores)
// are computed in floating point because they only decide whether to alert and are shown rounded,
// while the value and baseline a message quotes stay the report's own figures.

export type MetricReading = string | number | null;
/** One past day (YYYY-MM-DD, workspace time zone) and the metric's value on it. */
export type DayReading = { day: string; value: MetricReading };

export type Direction = "drop" | "rise" | "either";
export const SENSITIVITIES = ["low", "medium", "high"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
/** How far from the weekday's median (in robust standard deviations) a value must be to alert. */
export const Z_LIMITS: Record<Sensitivity, number> = { low: 4, medium: 3, high: 2 };

/** Days of the same weekday a change rule averages: the last four weeks. */
export const CHANGE_BASELINE_WEEKS = 4;
/** A change rule needs at least this many of those four days to have a value. */
export const CHANGE_MIN_DAYS = 2;
/** An anomaly rule needs at least this many past values of the judged day's weekday. */
export const ANOMALY_MIN_SAME_WEEKDAY = 3;
/** Scales a median absolute deviation to a normal distribution's standard deviation. */
export const MAD_TO_SIGMA = 1.4826;
/** Scales a mean absolute deviation the same way, for series whose MAD is zero. */
export const MEAN_AD_TO_SIGMA = 1.2533;

export type Verdict = {
  /** "quiet": judged and within bounds; "insufficient": not judged, and `reason` says why. */
  state: "firing" | "quiet" | "insufficient";
  value: number | null;
  /** The line the value was judged against: the threshold, or the weekday baseline. */
  baseline: number | null;
  /** The band a value may move in without alerting (anomaly rules), for charts and messages. */
  band: { low: number; high: number } | null;
  /**
   * How far past normal the value is, in the method's own unit (threshold: the fraction beyond
   * the threshold; change: the fraction of change; anomaly: the robust z-score), always >= 0 in the
   * alerting direction. Incidents compare it to decide whether a value has got worse.
   */
  deviation: number;
  /** One sentence naming the method and its parameters, for messages. */
  /** Anomaly rules: the signed robust z-score (null when the history has no spread). */
  z?: number | null;
  method: string;
  reason: string | null;
};

export const toNumber = (value: MetricReading): number | null => {
  if (value === null) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
};

/** 0 = Sunday ... 6 = Saturday, for a calendar day (weekday of a date does not depend on a zone). */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const weekdayName = (day: string): string => WEEKDAYS[weekdayOf(day)]!;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const insufficient = (method: string, value: number | null, reason: string): Verdict => ({
  state: "insufficient", value, baseline: null, band: null, deviation: 0, method, reason,
});

/** Signed so that moving in the alerting direction is positive; "either" takes the size. */
const signedFor = (direction: Direction, delta: number) => (direction === "drop" ? -delta : direction === "rise" ? delta : Math.abs(delta));

export type ThresholdParams = { operator: "above" | "below"; value: string };

/** Fires when the value is above (below) the threshold, compared exactly as decimals. */
export function evaluateThreshold(current: MetricReading, params: ThresholdParams): Verdict {
  const method = `threshold: alert when ${params.operator} ${params.value}`;
  const value = toNumber(current);
  if (current === null || value === null) return insufficient(method, null, "The metric has no value (n/a) for this period.");
  const exact = parseDecimal(current);
  const limit = parseDecimal(params.value);
  const firing = params.operator === "above" ? exact > limit : exact < limit;
  const threshold = Number(params.value);
  const beyond = params.operator === "above" ? value - threshold : threshold - value;
  // A threshold of 0 has no scale: the distance itself is the deviation.
  const deviation = Math.max(0, threshold === 0 ? beyond : beyond / Math.abs(threshold));
  return { state: firing ? "firing" : "quiet", value, baseline: threshold, band: null, deviation: firing ? deviation : 0, method, reason: null };
}

export type ChangeParams = { direction: Direction; percent: number };

/**
 * Fires when the value differs from the mean of the same weekday over the last four weeks by at
 * least `percent` in the rule's direction. `history` holds those days (others are ignored).
 */
export function evaluateChange(current: MetricReading, day: string, history: readonly DayReading[], params: ChangeParams): Verdict {
  const method = `change: ${params.direction === "either" ? "a change" : `a ${params.direction}`} of ${params.percent}% or more vs the average ${weekdayName(day)} of the last ${CHANGE_BASELINE_WEEKS} weeks`;
  const value = toNumber(current);
  if (value === null) return insufficient(method, null, "The metric has no value (n/a) for this period.");
  const wanted = new Set(Array.from({ length: CHANGE_BASELINE_WEEKS }, (_, k) => addDays(day, -7 * (k + 1))));
  const past = history.filter((h) => wanted.has(h.day)).map((h) => toNumber(h.value)).filter((v): v is number => v !== null);
  if (past.length < CHANGE_MIN_DAYS) {
    return insufficient(method, value, `Too little history: ${past.length} of the last ${CHANGE_BASELINE_WEEKS} ${weekdayName(day)}s have a value; at least ${CHANGE_MIN_DAYS} are needed.`);
  }
  const baseline = past.reduce((a, b) => a + b, 0) / past.length;
  if (baseline === 0) return { ...insufficient(method, value, "The baseline is 0, so a percent change is undefined (n/a)."), baseline };
  const change = signedFor(params.direction, (value - baseline) / Math.abs(baseline));
  const firing = change * 100 >= params.percent;
  return { state: firing ? "firing" : "quiet", value, baseline, band: null, deviation: Math.max(0, change), method, reason: null };
}

export type AnomalyParams = { direction: Direction; sensitivity: Sensitivity };

export type WeekdayBaseline = {
  /** Median of each weekday's values (0 = Sunday), absent for weekdays without history. */
  medians: Map<number, number>;
  /** Robust standard deviation of the residuals (value minus its weekday's median). */
  sigma: number;
};

/**
 * The seasonal baseline: each weekday's median, and the spread of every day's residual against its
 * own weekday's median, as 1.4826 x MAD. When more than half the residuals are exactly 0 the MAD is
 * 0, so 1.2533 x the mean absolute deviation stands in; when that is 0 too (a perfectly regular
 * series) the spread is 0 and any departure at all is an anomaly.
 */
export function weekdayBaseline(history: readonly DayReading[]): WeekdayBaseline {
  const byWeekday = new Map<number, number[]>();
  for (const { day, value } of history) {
    const v = toNumber(value);
    if (v === null) continue;
    const list = byWeekday.get(weekdayOf(day)) ?? [];
    list.push(v);
    byWeekday.set(weekdayOf(day), list);
  }
  const medians = new Map([...byWeekday].map(([weekday, values]) => [weekday, median(values)]));
  const residuals = [...byWeekday].flatMap(([weekday, values]) => values.map((v) => Math.abs(v - medians.get(weekday)!)));
  if (residuals.length === 0) return { medians, sigma: 0 };
  const mad = median(residuals);
  const sigma = mad > 0 ? MAD_TO_SIGMA * mad : MEAN_AD_TO_SIGMA * (residuals.reduce((a, b) => a + b, 0) / residuals.length);
  return { medians, sigma };
}

/**
 * Fires when the value's robust z-score against its weekday's median reaches the sensitivity's
 * limit (low 4, medium 3, high 2) in the rule's direction. A Monday that is always low is normal
 * for a Monday; the same value on a Tuesday is not.
 */
export function evaluateAnomaly(current: MetricReading, day: string, history: readonly DayReading[], params: AnomalyParams): Verdict {
  const limit = Z_LIMITS[params.sensitivity];
  const method = `anomaly: robust z-score ${limit} or more (${params.sensitivity} sensitivity${params.direction === "either" ? "" : `, ${params.direction}s only`}) against the median ${weekdayName(day)}, spread 1.4826 x MAD`;
  const value = toNumber(current);
  if (value === null) return insufficient(method, null, "The metric has no value (n/a) for this period.");
  const weekday = weekdayOf(day);
  const sameWeekday = history.filter((h) => weekdayOf(h.day) === weekday && toNumber(h.value) !== null).length;
  if (sameWeekday < ANOMALY_MIN_SAME_WEEKDAY) {
    return insufficient(method, value, `Too little history: ${sameWeekday} past ${weekdayName(day)}s have a value; at least ${ANOMALY_MIN_SAME_WEEKDAY} are needed.`);
  }
  const { medians, sigma } = weekdayBaseline(history);
  const baseline = medians.get(weekday)!;
  const residual = value - baseline;
  const band = { low: baseline - limit * sigma, high: baseline + limit * sigma };
  const signed = signedFor(params.direction, residual);
  if (sigma === 0) {
    // No spread at all: any departure in the alerting direction is as unusual as it gets.
    const firing = signed > 0;
    return { state: firing ? "firing" : "quiet", value, baseline, band, deviation: firing ? Number.MAX_SAFE_INTEGER : 0, z: null, method, reason: null };
  }
  const z = signed / sigma;
  const firing = z >= limit;
  return { state: firing ? "firing" : "quiet", value, baseline, band, deviation: Math.max(0, z), z: residual / sigma, method, reason: null };
}
