import { addDays } from "@/lib/time/zone";
import type { Comparison } from "./schema";

// Day arithmetic for reports: comparison ranges and the buckets of a time breakdown. Days are
// plain YYYY-MM-DD local dates (already in the workspace time zone), so this is calendar math.

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function daysBetween(fromDay: string, toDayInclusive: string): number {
  return Math.round((toDate(toDayInclusive).getTime() - toDate(fromDay).getTime()) / 86_400_000) + 1;
}

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function yearEarlier(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastOfMonth)).padStart(2, "0")}`;
}

/** previous_period: as many days, ending the day before; previous_year: the same dates a year back. */
export function comparisonRange(compare: Comparison, fromDay: string, toDayInclusive: string): { date_from: string; date_to: string } | null {
  if (compare === "none") return null;
  if (compare === "previous_year") return { date_from: yearEarlier(fromDay), date_to: yearEarlier(toDayInclusive) };
  const length = daysBetween(fromDay, toDayInclusive);
  return { date_from: addDays(fromDay, -length), date_to: addDays(fromDay, -1) };
}

/** The first day of the ISO week (Monday) holding `day`. */
export function weekStart(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
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
