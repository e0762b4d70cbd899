import { getMetric, type MetricId, type MetricValue } from "@/lib/metrics/definitions/registry";
import { MONTHS, monthsEarlier, rangeLabel } from "@/lib/metrics/report/periods";
import { runReport, type ReportOptions } from "@/lib/metrics/report/run";
import type { TMetricInfo } from "@/lib/metrics/report/types";
import { addDays } from "@/lib/time/zone";
import type { DigestRange } from "../schedule";

// The headline KPI's recent history for a digest's chart, read through the report engine like
// every other figure in the digest: a daily digest shows the last 14 days, a weekly one the last
// 8 weeks, a monthly one the last 6 months, with the reported period as the last point.

export type TrendUnit = "day" | "week" | "month";

export type TrendPoint = {
  /** The bucket's first day (YYYY-MM-DD). */
  key: string;
  /** As an axis shows it: "4 Dec", "30 Nov" (a week's Monday), "Dec". */
  label: string;
  value: MetricValue;
};

export type TrendSeries = {
  metric: TMetricInfo;
  currency: string;
  unit: TrendUnit;
  /** Oldest first; the last point is the period the digest reports. */
  points: TrendPoint[];
  /** The whole window as people write it, e.g. "21 Nov – 4 Dec 2026". */
  rangeLabel: string;
};

const SPAN: Record<TrendUnit, number> = { day: 14, week: 8, month: 6 };

export function unitOf(range: DigestRange): TrendUnit {
  if (range.date_from === range.date_to) return "day";
  return range.basis === "last_month" ? "month" : "week";
}

/** The first day of the window ending with the reported period. */
export function windowStart(range: DigestRange, unit: TrendUnit): string {
  const span = SPAN[unit];
  if (unit === "day") return addDays(range.date_to, -(span - 1));
  if (unit === "week") return addDays(range.date_from, -7 * (span - 1));
  return monthsEarlier(range.date_from, span - 1);
}

export function pointLabel(key: string, unit: TrendUnit): string {
  const [, month, day] = key.split("-").map(Number) as [number, number, number];
  return unit === "month" ? MONTHS[month - 1]! : `${day} ${MONTHS[month - 1]}`;
}

export async function readTrend(workspaceId: string, range: DigestRange, metricId: MetricId, options: ReportOptions = {}): Promise<TrendSeries> {
  const unit = unitOf(range);
  const dateFrom = windowStart(range, unit);
  const report = await runReport(workspaceId, { date_from: dateFrom, date_to: range.date_to, metrics: [metricId], group_by: unit }, options);
  const { id, label, format, description } = getMetric(metricId);
  return {
    metric: { id, label, format, description },
    currency: report.currency,
    unit,
    points: report.rows.map((row) => ({ key: row.key, label: pointLabel(row.key, unit), value: row.values[metricId] ?? null })),
    rangeLabel: rangeLabel(dateFrom, range.date_to),
  };
}
