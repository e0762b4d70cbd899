import type { TMetricInfo, TReport } from "@/lib/metrics/report/types";
import { plotValue } from "../format";
import { CHART_COLORS, isRestatable } from "./shared";

// What a chart plots: one series per metric and, when the report compares, one more per metric
// over the comparison range (for a time breakdown, the comparison days beside each row's).

/** Muted colours for the comparison series, so the current range stands out. */
const COMPARE_COLORS = ["slate", "gray", "stone", "zinc", "neutral"];

export type ChartSeries = {
  data: Record<string, string | number | null>[];
  categories: string[];
  colors: string[];
};

/** The comparison series' name: the metric's, and the range it covers ("Total sales (vs 1–4 Nov 2026)"). */
export function compareSeriesName(report: TReport, metric: TMetricInfo): string | null {
  return report.compare_range ? `${metric.label} (vs ${report.compare_range.label})` : null;
}

export function chartSeries(report: TReport, metrics: TMetricInfo[]): ChartSeries {
  const compared = metrics.flatMap((m) => {
    const name = compareSeriesName(report, m);
    return name ? [{ metric: m, name }] : [];
  });
  const data = report.rows.map((row) => ({
    label: isRestatable(report, row) ? `${row.label} *` : row.label,
    ...Object.fromEntries(metrics.map((m) => [m.label, plotValue(row.values[m.id])])),
    ...Object.fromEntries(compared.map(({ metric, name }) => [name, plotValue(row.compare?.[metric.id])])),
  }));
  return {
    data,
    categories: [...metrics.map((m) => m.label), ...compared.map((c) => c.name)],
    colors: [...CHART_COLORS.slice(0, metrics.length), ...compared.map((_, i) => COMPARE_COLORS[i % COMPARE_COLORS.length]!)],
  };
}
