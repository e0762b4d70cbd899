// From a customer's dated purchases to the models' summary: purchases on one day are one transaction
// (a split basket is not a repeat purchase), and times are counted in whole days, then expressed in
// the model's unit.
import { add, divide, formatDecimal, parseDecimal, ZERO, type Dec } from "@/lib/metrics/definitions/decimal";
import type { CustomerSummary } from "./types";

export interface Purchase {
  /** The local day of the purchase in the workspace's time zone, YYYY-MM-DD. */
  day: string;
  /** Its value, as a decimal string. */
  amount: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date; a RangeError naming the field when it is not one. */
export function dayNumber(day: string, field = "day"): number {
  const match = ISO_DAY.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`${field} must be a date (YYYY-MM-DD), got "${day}".`);
  return ms / DAY_MS;
}

/** A purchase history's daily totals up to and including `until`, as (day number, total) in day order. */
export function dailyTotals(purchases: readonly Purchase[], until?: number): { day: number; total: Dec }[] {
  const totals = new Map<number, Dec>();
  for (const p of purchases) {
    const day = dayNumber(p.day);
    if (until !== undefined && day > until) continue;
    totals.set(day, add(totals.get(day) ?? ZERO, parseDecimal(p.amount)));
  }
  return [...totals].sort(([u], [v]) => u - v).map(([day, total]) => ({ day, total }));
}

/**
 * The summary of the purchases made up to and including `observationEnd`, with times in units of
 * `unitDays` days (7 for weeks); null when the customer had bought nothing by then.
 */
export function summarizePurchases(purchases: readonly Purchase[], observationEnd: string, unitDays: number): CustomerSummary | null {
  if (!(unitDays > 0)) throw new RangeError(`unitDays must be positive, got ${unitDays}.`);
  const end = dayNumber(observationEnd, "observationEnd");
  const days = dailyTotals(purchases, end);
  const first = days[0];
  if (!first) return null;
  const last = days[days.length - 1]!;
  const repeats = days.length - 1;
  const repeatTotal = add(...days.slice(1).map((d) => d.total));
  return {
    repeats,
    recency: (last.day - first.day) / unitDays,
    age: (end - first.day) / unitDays,
    meanRepeatValue: repeats > 0 ? formatDecimal(divide(repeatTotal, parseDecimal(repeats))!, 2) : null,
  };
}
