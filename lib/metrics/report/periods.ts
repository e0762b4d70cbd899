import { addDays } from "@/lib/time/zone";

// Day arithmetic for reports: comparison ranges and the buckets of a time breakdown. Days are
// plain YYYY-MM-DD local dates (already in the workspace time zone), so this is calendar math.

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const partsOf = (day: string) => day.split("-").map(Number) as [number, number, number];

export const COMPARISONS = ["previous_period", "previous_year", "none"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * What a range is, beyond its days: a comparison is like for like only when it knows that the
 * range is, say, month to date (compared with the same days of last month) rather than any 30 days.
 * `custom` (the default) is compared with the same number of days just before it.
 */
export const PERIODS = ["custom", "today", "month_to_date", "quarter_to_date", "year_to_date", "last_month", "last_quarter"] as const;
export type Period = (typeof PERIODS)[number];

export type DayRangeOut = { date_from: string; date_to: string };

export function daysBetween(fromDay: string, toDayInclusive: string): number {
  return Math.round((toDate(toDayInclusive).getTime() - toDate(fromDay).getTime()) / 86_400_000) + 1;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLastOfMonth(day: string): boolean {
  const [y, m, d] = partsOf(day);
  return d === lastDayOfMonth(y, m);
}

/** The same day of the month `months` months earlier, clamped to that month's length (31 March -> 28 February). */
export function monthsEarlier(day: string, months: number): string {
  const [y, m, d] = partsOf(day);
  const index = y * 12 + (m - 1) - months;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, lastDayOfMonth(year, month)))}`;
}

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function yearEarlier(day: string): string {
  return monthsEarlier(day, 12);
}

export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

export function quarterStart(day: string): string {
  const [y, m] = partsOf(day);
  return `${pad(y, 4)}-${pad(m - ((m - 1) % 3))}-01`;
}

export const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;

const lastOfQuarter = (day: string) => addDays(monthsEarlier(quarterStart(day), -3), -1);

/** Why `period` cannot name the range from..to (a month to date must start on the 1st...), or null. */
export function periodProblem(period: Period, from: string, to: string): string | null {
  switch (period) {
    case "custom":
      return null;
    case "today":
      return from === to ? null : "period=today needs date_from and date_to on the same day.";
    case "month_to_date":
      return from === monthStart(to) ? null : "period=month_to_date needs date_from on the first day of date_to's month.";
    case "quarter_to_date":
      return from === quarterStart(to) ? null : "period=quarter_to_date needs date_from on the first day of date_to's quarter.";
    case "year_to_date":
      return from === yearStart(to) ? null : "period=year_to_date needs date_from on 1 January of date_to's year.";
    case "last_month":
      return from === monthStart(to) && isLastOfMonth(to) ? null : "period=last_month needs a whole calendar month.";
    case "last_quarter":
      return from === quarterStart(to) && to === lastOfQuarter(from) ? null : "period=last_quarter needs a whole calendar quarter.";
  }
}

/**
 * The range a report is compared with, like for like. previous_year: the same dates a year back.
 * previous_period: today against yesterday; month (quarter) to date against the same days of the
 * previous month (quarter), clamped to its length; year to date against the same span of last
 * year; last month (quarter) against the whole one before; any other range against as many days
 * ending the day before it.
 */
export function comparisonRange(compare: Comparison, fromDay: string, toDayInclusive: string, period: Period = "custom"): DayRangeOut | null {
  const range = (from: string, to: string) => ({ date_from: from, date_to: to });
  if (compare === "none") return null;
  if (compare === "previous_year") return range(yearEarlier(fromDay), yearEarlier(toDayInclusive));
  switch (period) {
    case "month_to_date":
      return range(monthsEarlier(fromDay, 1), monthsEarlier(toDayInclusive, 1));
    case "quarter_to_date":
      return range(monthsEarlier(fromDay, 3), monthsEarlier(toDayInclusive, 3));
    case "year_to_date":
      return range(yearEarlier(fromDay), yearEarlier(toDayInclusive));
    case "last_month":
      return range(monthsEarlier(fromDay, 1), addDays(fromDay, -1));
    case "last_quarter":
      return range(monthsEarlier(fromDay, 3), addDays(fromDay, -1));
    case "today":
    case "custom": {
      const length = daysBetween(fromDay, toDayInclusive);
      return range(addDays(fromDay, -length), addDays(fromDay, -1));
    }
  }
}

/**
 * Which day of the range each day of the comparison range stands beside, for day-by-day series:
 * day 1 with day 1, day 2 with day 2... A comparison a year back pairs the same calendar dates
 * instead, so a 29 February (which has no partner) does not shift the rest of the year by a day.
 * Days without a partner (the comparison range is shorter, or a leap day) are left out.
 */
export function alignedDays(range: DayRangeOut, compareRange: DayRangeOut, byCalendarDate: boolean): Map<string, string> {
  const pairs = new Map<string, string>();
  if (byCalendarDate) {
    for (let day = compareRange.date_from; day <= compareRange.date_to; day = addDays(day, 1)) {
      const [y, m, d] = partsOf(day);
      const partner = `${pad(y + (Number(range.date_from.slice(0, 4)) - Number(compareRange.date_from.slice(0, 4))), 4)}-${pad(m)}-${pad(d)}`;
      if (partner >= range.date_from && partner <= range.date_to && toDay(toDate(partner)) === partner) pairs.set(day, partner);
    }
    return pairs;
  }
  let partner = range.date_from;
  for (let day = compareRange.date_from; day <= compareRange.date_to && partner <= range.date_to; day = addDays(day, 1)) {
    pairs.set(day, partner);
    partner = addDays(partner, 1);
  }
  return pairs;
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A range as people write it: "4 Nov 2026", "1–4 Nov 2026", "28 Oct – 4 Nov 2026", "28 Dec 2025 – 4 Jan 2026". */
export function rangeLabel(from: string, to: string): string {
  const [fy, fm, fd] = partsOf(from);
  const [ty, tm, td] = partsOf(to);
  const end = `${td} ${MONTHS[tm - 1]} ${ty}`;
  if (from === to) return end;
  if (fy !== ty) return `${fd} ${MONTHS[fm - 1]} ${fy} – ${end}`;
  if (fm !== tm) return `${fd} ${MONTHS[fm - 1]} – ${end}`;
  return `${fd}–${end}`;
}

/** The first day of the ISO week (Monday) holding `day`. */
export function weekStart(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The key of the time bucket holding `day`: the day itself, its week's Monday, or its month's first day. */
export function bucketOf(unit: "day" | "week" | "month", day: string): string {
  return unit === "day" ? day : unit === "week" ? weekStart(day) : monthStart(day);
}

const bucketCache = new Map<string, readonly string[]>();

/** Every bucket key of a time breakdown over the range (cached: a dashboard asks many times). */
export function timeBuckets(unit: "day" | "week" | "month", fromDay: string, toDayInclusive: string): readonly string[] {
  const key = `${unit}|${fromDay}|${toDayInclusive}`;
  let keys = bucketCache.get(key);
  if (!keys) {
    if (bucketCache.size >= 1_000) bucketCache.clear();
    keys = Object.freeze(listBuckets(unit, fromDay, toDayInclusive));
    bucketCache.set(key, keys);
  }
  return keys;
}

function listBuckets(unit: "day" | "week" | "month", fromDay: string, toDayInclusive: string): string[] {
  const keys: string[] = [];
  if (unit === "day") {
    for (let d = fromDay; d <= toDayInclusive; d = addDays(d, 1)) keys.push(d);
  } else if (unit === "week") {
    for (let d = weekStart(fromDay); d <= toDayInclusive; d = addDays(d, 7)) keys.push(d);
  } else {
    const start = toDate(`${fromDay.slice(0, 7)}-01`);
    for (let d = start; toDay(d) <= toDayInclusive; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) keys.push(toDay(d));
  }
  return keys;
}
