import { COMPARISONS, MAX_RANGE_YEARS, type Comparison } from "@/lib/metrics/report/schema";
import { comparisonRange as reportComparisonRange, daysBetween, monthsEarlier, quarterStart, type Period } from "@/lib/metrics/report/periods";
import { addDays, localDate } from "@/lib/time/zone";

// The date range a dashboard is read over, as it travels in the URL (?range=…&compare=…), so a
// shared link reproduces the view. Presets resolve against "now" in the workspace time zone, the
// same local days the rollups are keyed by.

export const RANGE_PRESETS = [
  "today",
  "yesterday",
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "month_to_date",
  "last_month",
  "quarter_to_date",
  "last_quarter",
  "year_to_date",
  "custom",
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  today: "Today",
  yesterday: "Yesterday",
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  last_90_days: "Last 90 days",
  month_to_date: "Month to date",
  last_month: "Last month",
  quarter_to_date: "Quarter to date",
  last_quarter: "Last quarter",
  year_to_date: "Year to date",
  custom: "Custom",
};

export const COMPARISON_LABELS: Record<Comparison, string> = {
  previous_period: "Previous period",
  previous_year: "Previous year",
  none: "No comparison",
};

export const DEFAULT_PRESET = "last_30_days" satisfies RangePreset;
export const DEFAULT_COMPARISON: Comparison = "previous_period";

/** What the reader picked; `from`/`to` only for a custom range. */
export type RangeSelection =
  | { preset: Exclude<RangePreset, "custom">; compare: Comparison }
  | { preset: "custom"; from: string; to: string; compare: Comparison };

/** An inclusive range of local days, YYYY-MM-DD. */
export type DayRange = { from: string; to: string };

export const DEFAULT_SELECTION: RangeSelection = { preset: DEFAULT_PRESET, compare: DEFAULT_COMPARISON };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_DAY.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The number of days from `from` to `to`, both included. */
export function dayCount(range: DayRange): number {
  return daysBetween(range.from, range.to);
}

function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

// "Last N days" ends yesterday, as in Shopify's reports, so a range never mixes whole days with
// today's partial one.
function lastDays(today: string, n: number): DayRange {
  return { from: addDays(today, -n), to: addDays(today, -1) };
}

/** The local days a selection covers, read at `now` in `timeZone`. */
export function resolveRange(selection: RangeSelection, timeZone: string, now: Date = new Date()): DayRange {
  const today = localDate(now, timeZone);
  switch (selection.preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case "last_7_days":
      return lastDays(today, 7);
    case "last_30_days":
      return lastDays(today, 30);
    case "last_90_days":
      return lastDays(today, 90);
    case "month_to_date":
      return { from: firstOfMonth(today), to: today };
    case "last_month": {
      const lastOfPrevious = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(lastOfPrevious), to: lastOfPrevious };
    }
    case "quarter_to_date":
      return { from: quarterStart(today), to: today };
    case "last_quarter": {
      const from = monthsEarlier(quarterStart(today), 3);
      return { from, to: addDays(quarterStart(today), -1) };
    }
    case "year_to_date":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case "custom": {
      // Days after today have not happened: a range reaching past today ends today.
      const to = selection.to < today ? selection.to : today;
      return { from: selection.from < to ? selection.from : to, to };
    }
    default: {
      const unknown: never = selection;
      throw new Error(`Unknown range ${JSON.stringify(unknown)}`);
    }
  }
}

/** What the report engine needs to know about a preset to compare like with like. */
export function periodOf(preset: RangePreset): Period {
  switch (preset) {
    case "today":
    case "month_to_date":
    case "quarter_to_date":
    case "year_to_date":
    case "last_month":
    case "last_quarter":
      return preset;
    default:
      return "custom";
  }
}

/** The range a selection is compared with, or null for no comparison (the report engine's rule). */
export function comparisonRange(range: DayRange, compare: Comparison, period: Period = "custom"): DayRange | null {
  const compared = reportComparisonRange(compare, range.from, range.to, period);
  return compared && { from: compared.date_from, to: compared.date_to };
}

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function param(source: ParamSource, name: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

type FixedPreset = Exclude<RangePreset, "custom">;

function isFixedPreset(value: unknown): value is FixedPreset {
  return typeof value === "string" && value !== "custom" && (RANGE_PRESETS as readonly string[]).includes(value);
}

function isComparison(value: unknown): value is Comparison {
  return typeof value === "string" && (COMPARISONS as readonly string[]).includes(value);
}

/** Why a custom range cannot be used, or null when it can. `today` is the workspace's. */
export function customRangeProblem(from: string, to: string, today?: string): string | null {
  if (!isIsoDay(from)) return "Start date must be a date written YYYY-MM-DD.";
  if (!isIsoDay(to)) return "End date must be a date written YYYY-MM-DD.";
  if (from > to) return "End date is before the start date.";
  if (today !== undefined && from > today) return "Start date is after today.";
  const limit = `${String(Number(from.slice(0, 4)) + MAX_RANGE_YEARS).padStart(4, "0")}${from.slice(4)}`;
  if (to >= limit) return `A range may span at most ${MAX_RANGE_YEARS} years.`;
  return null;
}

/**
 * Reads a selection from URL search params. Anything unusable falls back to the defaults (last
 * 30 days against the previous period), because a hand-edited link should still open a dashboard.
 */
export function parseRangeParams(source: ParamSource): RangeSelection {
  const compareParam = param(source, "compare");
  const compare = isComparison(compareParam) ? compareParam : DEFAULT_COMPARISON;
  const preset = param(source, "range");
  if (preset === "custom") {
    const from = param(source, "from") ?? "";
    const to = param(source, "to") ?? "";
    if (customRangeProblem(from, to) === null) return { preset, from, to, compare };
    return { preset: DEFAULT_PRESET, compare };
  }
  return { preset: isFixedPreset(preset) ? preset : DEFAULT_PRESET, compare };
}

/** The search params that reproduce a selection (always explicit, so a link means the same later). */
export function rangeToParams(selection: RangeSelection): URLSearchParams {
  const params = new URLSearchParams({ range: selection.preset });
  if (selection.preset === "custom") {
    params.set("from", selection.from);
    params.set("to", selection.to);
  }
  params.set("compare", selection.compare);
  return params;
}
