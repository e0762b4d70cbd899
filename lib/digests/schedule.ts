import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import { z } from "zod";
import { monthStart, monthsEarlier, weekStart, type Period } from "@/lib/metrics/report/periods";
import { addDays, localDate } from "@/lib/time/zone";

// When a digest runs and which days it reports. Every kind of schedule becomes one cron
// expression read in the digest's time zone, so next-run arithmetic (and the wall clock across
// daylight-saving changes) lives in one well-tested parser rather than in hand-written calendar code.

export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
export const BASES = ["yesterday", "last_week", "last_month"] as const;
export type Basis = (typeof BASES)[number];

/** Digests are a summary of a day or more: anything firing more often than this is a mistake. */
const MIN_GAP_MS = 60 * 60_000;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:MM (24-hour, local time).");

export const ZScheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("daily"), time }),
  z.object({ kind: z.literal("weekdays"), time }),
  z.object({ kind: z.literal("weekly"), time, day_of_week: z.enum(WEEKDAYS, { error: `day_of_week must be one of ${WEEKDAYS.join(", ")}.` }) }),
  z.object({
    kind: z.literal("monthly"),
    time,
    // "last" covers month ends; a fixed 29th-31st would silently skip the months without one.
    day_of_month: z.union([z.number().int().min(1).max(28), z.literal("last")], { error: 'day_of_month must be 1 to 28 or "last".' }),
  }),
  z.object({
    kind: z.literal("cron"),
    expression: z.string().trim().min(1).max(100).superRefine((expression, ctx) => {
      const problem = cronProblem(expression);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  }),
], { error: "kind must be one of daily, weekdays, weekly, monthly, cron." });
export type TSchedule = z.infer<typeof ZScheduleSchema>;

const hourMinute = (hhmm: string) => hhmm.split(":").map(Number) as [number, number];

/** The schedule as a five-field cron expression (minute hour day-of-month month day-of-week). */
export function cronOf(schedule: TSchedule): string {
  if (schedule.kind === "cron") return schedule.expression;
  const [hour, minute] = hourMinute(schedule.time);
  const at = `${minute} ${hour}`;
  switch (schedule.kind) {
    case "daily":
      return `${at} * * *`;
    case "weekdays":
      return `${at} * * 1-5`;
    case "weekly":
      return `${at} * * ${WEEKDAYS.indexOf(schedule.day_of_week)}`;
    case "monthly":
      return `${at} ${schedule.day_of_month === "last" ? "L" : schedule.day_of_month} * *`;
  }
}

/** Why a cron expression cannot schedule a digest, or null. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  // Six fields would add seconds, and "@hourly"-style names hide how often it fires.
  if (fields.length !== 5) return "expression must have five fields: minute hour day-of-month month day-of-week.";
  let runs: Date[];
  try {
    const parsed = CronExpressionParser.parse(expression, { currentDate: new Date("2026-01-01T00:00:00Z"), tz: "UTC" });
    runs = parsed.take(6).map((run) => run.toDate());
  } catch (error) {
    return `expression is not a valid cron expression: ${(error as Error).message}.`;
  }
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_GAP_MS) return "expression fires more than once an hour; a digest runs at most hourly.";
  }
  return null;
}

/** The first run strictly after `after`, on the wall clock of `timeZone`. */
export function nextRunAfter(schedule: TSchedule, timeZone: string, after: Date): Date {
  const parsed = CronExpressionParser.parse(cronOf(schedule), { currentDate: after, tz: timeZone });
  return parsed.next().toDate();
}

/** The schedule in words, e.g. "At 09:00 AM, Monday through Friday (America/New_York)". */
export function describeSchedule(schedule: TSchedule, timeZone: string): string {
  return `${cronstrue.toString(cronOf(schedule), { use24HourTimeFormat: true, verbose: false })} (${timeZone})`;
}

export type DigestRange = { basis: Basis; date_from: string; date_to: string; period: Period; label: string };

/**
 * The complete days a run at `runAt` reports: yesterday, the last complete Monday-to-Sunday week,
 * or the last complete calendar month, all in the digest's local days.
 */
export function rangeFor(basis: Basis, runAt: Date, timeZone: string): DigestRange {
  const today = localDate(runAt, timeZone);
  switch (basis) {
    case "yesterday": {
      const day = addDays(today, -1);
      return { basis, date_from: day, date_to: day, period: "custom", label: "Yesterday" };
    }
    case "last_week": {
      const from = addDays(weekStart(today), -7);
      return { basis, date_from: from, date_to: addDays(from, 6), period: "custom", label: "Last week" };
    }
    case "last_month": {
      const from = monthsEarlier(monthStart(today), 1);
      return { basis, date_from: from, date_to: addDays(monthStart(today), -1), period: "last_month", label: "Last month" };
    }
  }
}
