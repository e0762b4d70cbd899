import { z } from "zod";
import { COHORT_GRAINS } from "@/lib/cohorts/periods";
import { COHORT_METRICS, COHORT_SEGMENTS } from "@/lib/cohorts/request";
import { DIMENSIONS, ZReportFiltersSchema } from "@/lib/metrics/report/schema";

// What a dashboard and its widgets are made of. The same schemas validate the UI's writes, the
// API and the stored JSON (which is re-validated on read, so an old or hand-edited row shows as a
// broken widget instead of crashing the dashboard).

export const COHORT_WIDGET_TYPES = ["cohort_heatmap", "ltv_curves", "ltv_cac", "predicted_vs_actual"] as const;
export const WIDGET_TYPES = ["kpi", "line", "area", "bar", "table", "bar_list", "donut", "pivot", ...COHORT_WIDGET_TYPES, "funnel", "pipeline"] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];
export type CohortWidgetType = (typeof COHORT_WIDGET_TYPES)[number];

/** Cohort widgets read the cohort report (their config's `cohort`), not the KPI report, and have no metrics. */
export const isCohortWidget = (type: WidgetType): type is CohortWidgetType => (COHORT_WIDGET_TYPES as readonly string[]).includes(type);

/** A funnel widget shows a saved funnel (its config's `funnel`) over the dashboard's range. */
export const isFunnelWidget = (type: WidgetType): type is "funnel" => type === "funnel";

/** A CRM pipeline widget shows the pipeline report (lib/crm/pipeline.ts) over the dashboard's range. */
export const isPipelineWidget = (type: WidgetType): type is "pipeline" => type === "pipeline";

/** A pivot table splits its metrics by two dimensions at once (its config's `pivot`). */
export const isPivotWidget = (type: WidgetType): type is "pivot" => type === "pivot";

/** Widgets that show metrics of the KPI report; the others read their own report and have none. */
export const readsKpiReport = (type: WidgetType): boolean => !isCohortWidget(type) && !isFunnelWidget(type) && !isPipelineWidget(type);

export const GRID_COLUMNS = 12;

export const ZWidgetLayoutSchema = z.object({
  x: z.number().int().min(0).max(GRID_COLUMNS - 1),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(GRID_COLUMNS),
  h: z.number().int().min(1).max(40),
});
export type TWidgetLayout = z.infer<typeof ZWidgetLayoutSchema>;

/** What a cohort widget shows: the cohort report's period, metric (heatmaps) and segment, over its default range of cohorts. */
export const ZCohortWidgetSchema = z.object({
  period: z.enum(COHORT_GRAINS).default("month"),
  metric: z.enum(COHORT_METRICS).default("retention"),
  segment: z.enum(COHORT_SEGMENTS).nullable().default(null),
  segment_value: z.string().trim().min(1).max(300).nullable().default(null),
  cohort_by: z.enum(COHORT_SEGMENTS).nullable().default(null),
});
export type TCohortWidget = z.infer<typeof ZCohortWidgetSchema>;

/** The most rows and columns a pivot table shows before the rest are summed into "Other". */
export const PIVOT_MAX_ROWS = 50;
export const PIVOT_MAX_COLUMNS = 20;

const topN = (what: string, max: number) =>
  z
    .number({ error: `Give the number of ${what} to show, 1 to ${max}.` })
    .int(`Give the number of ${what} to show as a whole number, 1 to ${max}.`)
    .min(1, `Show at least 1 of the ${what}.`)
    .max(max, `Show at most ${max} ${what}; the rest are summed into "Other".`);

/**
 * What a pivot table splits by: rows by the first dimension, columns by the second (checked
 * against the report's dimensions in widget-config.ts, so a stored config naming a dimension
 * that no longer exists still reads), and how many of each it shows before "Other".
 */
export const ZPivotWidgetSchema = z.object({
  dimensions: z.array(z.string().trim().min(1).max(60)).max(10),
  top_rows: topN("rows", PIVOT_MAX_ROWS).default(10),
  top_columns: topN("columns", PIVOT_MAX_COLUMNS).default(6),
});
export type TPivotWidget = z.infer<typeof ZPivotWidgetSchema>;

export const ZWidgetConfigSchema = z.object({
  /** Metric ids (lib/metrics/registry.ts). A KPI card shows the first. Every type but cohort widgets needs one. */
  metrics: z.array(z.string().trim().min(1)).max(12).default([]),
  /** Line/area/bar charts and tables: the dimension rows are grouped by. KPI cards have none. */
  breakdown: z.enum(DIMENSIONS).nullable().default(null),
  filters: ZReportFiltersSchema.default({}),
  /** Tables: the column to sort by and its direction. */
  sort: z.object({ metric: z.string(), direction: z.enum(["asc", "desc"]) }).nullable().default(null),
  /** Bar lists, donuts and tables: how many rows to show (the rest are summed as "Other" where it makes sense). */
  limit: z.number().int().min(1).max(500).default(10),
  /** Cohort widgets only. */
  cohort: ZCohortWidgetSchema.nullable().optional(),
  /** Pivot tables only. */
  pivot: ZPivotWidgetSchema.nullable().optional(),
  /** Funnel widgets only: the saved funnel shown. */
  funnel: z.object({ funnel_id: z.string().trim().min(1, "Pick a saved funnel.").max(64) }).nullable().optional(),
});
export type TWidgetConfig = z.infer<typeof ZWidgetConfigSchema>;

export const ZWidgetInputSchema = z.object({
  type: z.enum(WIDGET_TYPES),
  title: z.string().trim().min(1, "Give the widget a title.").max(120),
  config: ZWidgetConfigSchema,
  layout: ZWidgetLayoutSchema,
});
export type TWidgetInput = z.input<typeof ZWidgetInputSchema>;

export const ZDashboardNameSchema = z.string().trim().min(1, "Give the dashboard a name.").max(80);

export const ZWidgetSchema = ZWidgetInputSchema.extend({
  id: z.string(),
  /** Why the stored config cannot be shown (a deleted product group, an unknown metric), else null. */
  problem: z.string().nullable(),
});
export type TWidget = z.infer<typeof ZWidgetSchema>;

export const ZDashboardSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  is_default: z.boolean(),
  position: z.number().int(),
  updated_at: z.string(),
});

export const ZDashboardSchema = ZDashboardSummarySchema.extend({ widgets: z.array(ZWidgetSchema) });
export type TDashboard = z.infer<typeof ZDashboardSchema>;
