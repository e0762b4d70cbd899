import { addDays } from "@/lib/time/zone";

// Cohort periods over local calendar days (YYYY-MM-DD in the workspace time zone): weeks start on
// Monday, months and quarters on their first day. Everything here is calendar arithmetic on
// dates, never on instants, so a period never depends on the server's time zone.

export const COHORT_GRAINS = ["week", "month", "quarter"] as const;
export type CohortGrain = (typeof COHORT_GRAINS)[number];

const MONTHS_PER: Record<Exclude<CohortGrain, "week">, number> = { month: 1, quarter: 3 };

function parts(day: string): [number, number, number] {
  return day.split("-").map(Number) as [number, number, number];
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** Monday 0 .. Sunday 6. */
function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The first day of the period holding `day`. */
export function periodStart(day: string, grain: CohortGrain): string {
  if (grain === "week") return addDays(day, -weekdayOf(day));
  const [year, month] = parts(day);
  const span = MONTHS_PER[grain];
  return iso(year, Math.floor((month - 1) / span) * span + 1, 1);
}

/** The start of the period `count` periods after the one starting at `start` (count may be negative). */
export function addPeriods(start: string, grain: CohortGrain, count: number): string {
  if (grain === "week") return addDays(start, 7 * count);
  const [year, month] = parts(start);
  const index = year * 12 + (month - 1) + count * MONTHS_PER[grain];
  return iso(Math.floor(index / 12), (index % 12) + 1, 1);
}

/** Whole periods from the period of `from` to the period of `to` (negative when `to` is earlier). */
export function periodsBetween(from: string, to: string, grain: CohortGrain): number {
  const [a, b] = [periodStart(from, grain), periodStart(to, grain)];
  if (grain === "week") return Math.round((Date.parse(b) - Date.parse(a)) / (7 * 86_400_000));
  const [ya, ma] = parts(a);
  const [yb, mb] = parts(b);
  return ((yb - ya) * 12 + (mb - ma)) / MONTHS_PER[grain];
}

/** The last day of the period starting at `start`. */
export const periodEnd = (start: string, grain: CohortGrain) => addDays(addPeriods(start, grain, 1), -1);

/**
 * The offsets a money horizon of 3, 6 or 12 months covers: through month 3 is offset 2 of a
 * monthly cohort, weeks 0..12 (13 weeks, a quarter of a year) of a weekly one, and the first
 * quarter (offset 0) of a quarterly one.
 */
export const HORIZON_MONTHS = [3, 6, 12] as const;
export type HorizonMonths = (typeof HORIZON_MONTHS)[number];

export function horizonOffset(months: HorizonMonths, grain: CohortGrain): number {
  if (grain === "month") return months - 1;
  if (grain === "quarter") return months / 3 - 1;
  return (months / 12) * 52 - 1;
}
