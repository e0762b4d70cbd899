import { runReport } from "@/lib/metrics/report/run";
import type { TReportFilters } from "@/lib/metrics/report/schema";
import { addDays, wallTimeIn, zonedToUtc } from "@/lib/time/zone";
import type { DayReading, MetricReading } from "./evaluators";

// What a rule reads, always through the report engine (rollups, never raw orders), so an alert's
// figure is the figure a dashboard shows for the same metric, filters and day.

export type SeriesFilters = Pick<TReportFilters, "channel" | "platform">;

/** The metric per day over fromDay..toDay (workspace time zone), one report. */
export async function dailySeries(workspaceId: string, metric: string, filters: SeriesFilters, fromDay: string, toDay: string, now: Date): Promise<DayReading[]> {
  const report = await runReport(
    workspaceId,
    { date_from: fromDay, date_to: toDay, metrics: [metric], group_by: "day", filters, compare: "none", period: "custom" },
    { now },
  );
  return report.rows.map((row) => ({ day: row.key, value: row.values[metric] ?? null }));
}

/** Today's running total, as a dashboard shows it now. */
export async function todaySoFar(workspaceId: string, metric: string, filters: SeriesFilters, today: string, now: Date): Promise<MetricReading> {
  const report = await runReport(workspaceId, { date_from: today, date_to: today, metrics: [metric], filters, compare: "none", period: "today" }, { now });
  return report.totals[metric] ?? null;
}

/**
 * The metric on a past day until the local time it is now, for "today so far" baselines. The
 * report engine compares today with yesterday until the same time (report/until.ts), so the day
 * after `day` is asked for as if it were today, at this wall-clock time: its comparison is `day`
 * cut at that time. Only sales and customer figures have a time of day (lib/alerts/schema.ts).
 */
export async function dayUntilNow(workspaceId: string, metric: string, filters: SeriesFilters, day: string, now: Date, timeZone: string): Promise<DayReading> {
  const next = addDays(day, 1);
  const [year, month, date] = next.split("-").map(Number) as [number, number, number];
  const wall = wallTimeIn(now, timeZone);
  const asIf = zonedToUtc({ ...wall, year, month, day: date }, timeZone);
  const report = await runReport(
    workspaceId,
    { date_from: next, date_to: next, metrics: [metric], filters, compare: "previous_period", period: "today" },
    { now: asIf },
  );
  return { day, value: report.compare_totals?.[metric] ?? null };
}
