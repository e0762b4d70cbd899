import { addDays } from "./zone";

// The days Signalboard accepts facts and report ranges for. A date far outside them (an order
// dated 0001-01-01, a typo of 20266) would otherwise reach date arithmetic that Postgres or the
// rollups cannot do, and a whole-history rebuild would try to cover hundreds of thousands of days.

export const EARLIEST_DAY = "1970-01-01";
const LATEST_AHEAD_DAYS = 366;

/** The last day accepted: a year after today (UTC), enough for any time zone and scheduled entries. */
export function latestDay(now = new Date()): string {
  return addDays(now.toISOString().slice(0, 10), LATEST_AHEAD_DAYS);
}

export function dayInBounds(day: string, now = new Date()): boolean {
  return day >= EARLIEST_DAY && day <= latestDay(now);
}

export function instantInBounds(at: Date, now = new Date()): boolean {
  const { fromMs, toMs } = instantLimits(now);
  const ms = at.getTime();
  return ms >= fromMs && ms <= toMs;
}

/**
 * The instants in bounds as epoch milliseconds (the first of EARLIEST_DAY to the last of
 * latestDay, UTC), for checking a batch of many: the same test as instantInBounds without
 * formatting every instant's day.
 */
export function instantLimits(now = new Date()): { fromMs: number; toMs: number } {
  return { fromMs: Date.parse(`${EARLIEST_DAY}T00:00:00.000Z`), toMs: Date.parse(`${latestDay(now)}T23:59:59.999Z`) };
}

export function boundsMessage(now = new Date()): string {
  return `Use a date from ${EARLIEST_DAY} to ${latestDay(now)}.`;
}
