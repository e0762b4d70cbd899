import { AppError } from "@/lib/errors";
import { attributionMetricProblem, isAttributionVariant } from "@/lib/metrics/definitions/attribution-metrics";
import { availableMetrics } from "@/lib/metrics/definitions/catalog";
import { assertPivotConfig, pivotProblem, withPivotDefaults } from "./pivot-config";
import { GRID_COLUMNS, isCohortWidget, isFunnelWidget, isPipelineWidget, isPivotWidget, ZCohortWidgetSchema, ZWidgetConfigSchema, type TWidgetConfig, type TWidgetLayout, type WidgetType } from "./schema";

// A widget's stored config outlives the things it names: a product group can be deleted, a
// metric renamed, a row edited by hand. Reads turn such a config into a sentence for the user;
// writes refuse it up front.

/** The metric ids a workspace can use right now. */
export async function knownMetrics(workspaceId: string): Promise<ReadonlySet<string>> {
  return new Set((await availableMetrics(workspaceId)).map((metric) => metric.id));
}

const FALLBACK_METRIC = "total_sales";
// The most metrics ZWidgetConfigSchema allows.
const MAX_METRICS = 12;

export type ReadConfig = { config: TWidgetConfig; problem: string | null };

export function readWidgetConfig(stored: unknown, known: ReadonlySet<string>, type: WidgetType = "kpi"): ReadConfig {
  const parsed = ZWidgetConfigSchema.safeParse(stored);
  if (parsed.success && isCohortWidget(type)) return { config: withCohortDefaults(parsed.data), problem: null };
  if (parsed.success && isPipelineWidget(type)) return { config: withoutMetrics(parsed.data), problem: null };
  if (parsed.success && isFunnelWidget(type)) {
    return { config: withoutMetrics(parsed.data), problem: parsed.data.funnel ? null : "This widget shows no funnel. Edit the widget to pick a saved funnel." };
  }
  if (parsed.success && parsed.data.metrics.length === 0) {
    return { config: { ...parsed.data, metrics: [FALLBACK_METRIC] }, problem: "This widget has no metric. Edit the widget to pick one." };
  }
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join(".") || "config");
    return {
      config: salvage(stored),
      problem: `This widget's settings cannot be read (${[...new Set(where)].join(", ")}). Edit the widget to fix them.`,
    };
  }
  const missing = parsed.data.metrics.filter((id) => !known.has(id) && !isAttributionVariant(id));
  if (missing.length) return { config: parsed.data, problem: missingMetricsSentence(missing) };
  if (isPivotWidget(type)) {
    const problem = pivotProblem(parsed.data);
    return { config: withPivotDefaults(parsed.data), problem: problem ? `${problem.message} Edit the widget to fix it.` : null };
  }
  return { config: parsed.data, problem: null };
}

function missingMetricsSentence(missing: string[]): string {
  if (missing.length === 1) {
    return `This widget uses the metric ${missing[0]}, which no longer exists. Edit the widget to pick another.`;
  }
  return `This widget uses the metrics ${missing.join(", ")}, which no longer exist. Edit the widget to pick others.`;
}

/** As much of an unreadable config as still parses, so the edit form opens with it. */
function salvage(stored: unknown): TWidgetConfig {
  const raw = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const shape = ZWidgetConfigSchema.shape;
  const field = <T>(schema: { safeParse: (value: unknown) => { success: boolean; data?: T } }, value: unknown, fallback: T): T => {
    const result = schema.safeParse(value);
    return result.success ? (result.data as T) : fallback;
  };
  return {
    metrics: salvageMetrics(raw.metrics),
    breakdown: field(shape.breakdown, raw.breakdown, null),
    filters: field(shape.filters, raw.filters, {}),
    sort: field(shape.sort, raw.sort, null),
    limit: field(shape.limit, raw.limit, 10),
  };
}

/**
 * The metric ids that are still strings; with none left, total sales, so the config keeps its
 * shape (at least one metric) and the edit form has something to start from.
 */
function salvageMetrics(stored: unknown): string[] {
  const ids = Array.isArray(stored) ? stored.filter((m): m is string => typeof m === "string" && m.trim() !== "") : [];
  return ids.length ? ids.slice(0, MAX_METRICS) : [FALLBACK_METRIC];
}

/** A funnel or pipeline widget's config: only its funnel, if any (it has no metrics, breakdown or sort). */
export function withoutMetrics(config: TWidgetConfig): TWidgetConfig {
  return { ...config, metrics: [], breakdown: null, sort: null, cohort: null, funnel: config.funnel ?? null };
}

/** A cohort widget's config with its cohort settings filled in, and no metrics (it has none). */
export function withCohortDefaults(config: TWidgetConfig): TWidgetConfig {
  return { ...config, metrics: [], breakdown: null, sort: null, cohort: ZCohortWidgetSchema.parse(config.cohort ?? {}) };
}

/**
 * Refuses a config naming a metric the workspace does not have, or sorting by a metric it does
 * not show; every widget but a cohort widget needs a metric.
 */
export function assertUsableConfig(config: TWidgetConfig, known: ReadonlySet<string>, type: WidgetType = "kpi"): void {
  if (isCohortWidget(type)) {
    const { segment, segment_value: value, cohort_by: by } = config.cohort ?? {};
    if (segment && !value) throw AppError.field("config.cohort.segment_value", `Name the ${segment} to keep.`);
    if (segment && by && by !== segment) throw AppError.field("config.cohort.cohort_by", `With the segment ${segment}, cohort_by can only be ${segment}.`);
    return;
  }
  if (isPipelineWidget(type)) return;
  if (isFunnelWidget(type)) {
    if (!config.funnel) throw AppError.field("config.funnel.funnel_id", "Pick a saved funnel for the widget to show.");
    return;
  }
  if (config.metrics.length === 0) throw AppError.field("config.metrics", "Pick at least one metric.");
  // Attribution metrics may name their model and window (attributed_revenue:markov:7).
  for (const id of config.metrics) {
    const problem = known.has(id) ? null : attributionMetricProblem(id);
    if (problem) throw AppError.field("config.metrics", problem);
  }
  const unknown = config.metrics.filter((id) => !known.has(id) && !isAttributionVariant(id));
  if (unknown.length) {
    throw AppError.field(
      "config.metrics",
      `Unknown metric ${unknown.join(", ")}. Valid metrics: ${[...known].join(", ")}.`,
    );
  }
  if (isPivotWidget(type)) assertPivotConfig(config);
  if (config.sort && !config.metrics.includes(config.sort.metric)) {
    throw AppError.field("config.sort.metric", `Sort by one of the widget's metrics: ${config.metrics.join(", ")}.`);
  }
}

/** A widget must sit inside the grid's columns; rows grow downwards without limit. */
export function assertFitsGrid(layout: TWidgetLayout, field: string): void {
  if (layout.x + layout.w > GRID_COLUMNS) {
    throw AppError.field(field, `The widget reaches past column ${GRID_COLUMNS}: x + w must be at most ${GRID_COLUMNS}.`);
  }
}
