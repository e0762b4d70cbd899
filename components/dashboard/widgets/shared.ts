import type { TMetricInfo, TReport, TReportRow } from "@/lib/metrics/report/types";
import type { MetricFormat } from "../format";

// What every widget body receives, and the small lookups they share.

export type WidgetBodyProps = {
  report: TReport;
  metrics: TMetricInfo[];
  limit: number;
};

export const CHART_COLORS = ["indigo", "cyan", "amber", "emerald", "rose", "violet", "sky", "lime", "fuchsia", "orange", "teal", "slate"];

/** The report's own description of a metric, else a bare one (an id the catalogue no longer has). */
export function metricInfo(report: TReport, id: string): TMetricInfo {
  return report.metrics.find((m) => m.id === id) ?? { id, label: id, format: "count", description: "" };
}

/** One format for a chart axis: the metrics' shared one, or plain numbers when they differ. */
export function sharedFormat(metrics: TMetricInfo[]): MetricFormat {
  const formats = new Set(metrics.map((m) => m.format));
  return formats.size === 1 ? metrics[0]!.format : "ratio";
}

/** Days on or after restatable_from may still be restated by ad platforms. */
export function isRestatable(report: TReport, row: TReportRow): boolean {
  const from = report.freshness.restatable_from;
  return from !== null && report.group_by === "day" && row.key >= from;
}

export function hasData(report: TReport): boolean {
  return report.rows.some((row) => Object.values(row.values).some((v) => v !== null && v !== 0 && !/^-?0(\.0*)?$/.test(String(v))));
}
