import type { DayRange } from "@/lib/dashboards/date-range";
import { readsKpiReport, type TWidget, type WidgetType } from "@/lib/dashboards/schema";
import { isTagMetric } from "@/lib/metrics/report/tagged";
import { pivotGroupBy } from "@/lib/dashboards/pivot-config";
import type { Comparison, Dimension, Period, TReportRequest } from "@/lib/metrics/report/schema";

// The report each widget reads. Built the same way on the server (first paint) and in the browser
// (after the range changes), so a request's key matches and the first paint is reused.

export type WidgetQuery = Pick<TWidget, "type" | "config">;

const DEFAULT_BREAKDOWN: Record<WidgetType, Dimension> = {
  // A KPI card's sparkline is its daily series.
  kpi: "day",
  line: "day",
  area: "day",
  table: "day",
  bar: "channel",
  bar_list: "channel",
  donut: "channel",
  // Cohort widgets read the cohort report; these never apply.
  cohort_heatmap: "month",
  ltv_curves: "month",
  ltv_cac: "month",
  predicted_vs_actual: "month",
  // Funnel widgets read the funnel report.
  funnel: "day",
  // Pipeline widgets read the pipeline report.
  pipeline: "day",
  // A pivot table names its own two dimensions (pivot-config.ts).
  pivot: "product",
};

export function widgetBreakdown(widget: WidgetQuery): Dimension {
  if (widget.type === "kpi") return "day";
  return widget.config.breakdown ?? DEFAULT_BREAKDOWN[widget.type];
}

/** Widgets that show the comparison: KPI changes, charts' previous-period series, tables' compare columns. */
const COMPARES: Record<WidgetType, boolean> = {
  kpi: true, line: true, area: true, bar: true, table: true, bar_list: false, donut: false,
  cohort_heatmap: false, ltv_curves: false, ltv_cac: false, predicted_vs_actual: false, funnel: false, pivot: false, pipeline: false,
};

/**
 * Shares (donut, bar list) read one range; every other widget also reads the comparison range.
 * `tag`: the dashboard's tag filter, sent only by widgets with a metric it can restrict (a widget of
 * ad spend or sessions alone reads everyone and says so, tagFilterOf).
 */
export function widgetReportRequest(widget: WidgetQuery, range: DayRange, compare: Comparison, period: Period = "custom", tag: string | null = null): TReportRequest {
  const filters = Object.fromEntries(Object.entries(widget.config.filters ?? {}).filter(([, values]) => values && values.length > 0));
  return {
    date_from: range.from,
    date_to: range.to,
    metrics: widget.config.metrics,
    group_by: widget.type === "pivot" ? pivotGroupBy(widget.config) : widgetBreakdown(widget),
    compare: COMPARES[widget.type] ? compare : "none",
    period,
    filters,
    ...(tag && tagFilterOf(widget) !== "none" ? { tag } : {}),
  };
}

/**
 * How a dashboard's tag filter reaches a report widget: `all` its metrics are restricted to the
 * tag's customers, `some` (the others are n/a), or `none` (it shows everyone's figures, marked).
 * Cohort, funnel and pipeline widgets read other reports and are `none`.
 */
export function tagFilterOf(widget: WidgetQuery): "all" | "some" | "none" {
  if (!readsKpiReport(widget.type) || widget.type === "pivot") return "none";
  const restricted = widget.config.metrics.filter(isTagMetric).length;
  return restricted === 0 ? "none" : restricted === widget.config.metrics.length ? "all" : "some";
}

/** The reports API's query string for a request (lists comma-separated). */
export function reportSearchParams(request: TReportRequest, format?: "csv"): URLSearchParams {
  const params = new URLSearchParams({ date_from: request.date_from, date_to: request.date_to, metrics: request.metrics.join(",") });
  if (request.group_by) params.set("group_by", request.group_by);
  if (request.compare) params.set("compare", request.compare);
  if (request.period && request.period !== "custom") params.set("period", request.period);
  for (const [name, values] of Object.entries(request.filters ?? {})) {
    if (values?.length) params.set(name, values.join(","));
  }
  if (request.tag) params.set("tag", request.tag);
  if (format) params.set("format", format);
  return params;
}

export function reportUrl(slug: string, request: TReportRequest, format?: "csv"): string {
  return `/api/v1/workspaces/${encodeURIComponent(slug)}/reports/kpi?${reportSearchParams(request, format).toString()}`;
}

/** A stable cache key for a request (the query string lists every field in one order). */
export function reportKey(request: TReportRequest): string {
  return reportSearchParams(request).toString();
}
