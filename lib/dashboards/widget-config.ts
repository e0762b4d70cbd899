import { AppError } from "@/lib/errors";
import { availableMetrics } from "@/lib/metrics/definitions/catalog";
import { GRID_COLUMNS, ZWidgetConfigSchema, type TWidgetConfig, type TWidgetLayout } from "./schema";

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

export function readWidgetConfig(stored: unknown, known: ReadonlySet<string>): ReadConfig {
  const parsed = ZWidgetConfigSchema.safeParse(stored);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join(".") || "config");
    return {
      config: salvage(stored),
      problem: `This widget's settings cannot be read (${[...new Set(where)].join(", ")}). Edit the widget to fix them.`,
    };
  }
  const missing = parsed.data.metrics.filter((id) => !known.has(id));
  return { config: parsed.data, problem: missing.length ? missingMetricsSentence(missing) : null };
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

/** Refuses a config naming a metric the workspace does not have, or sorting by a metric it does not show. */
export function assertUsableConfig(config: TWidgetConfig, known: ReadonlySet<string>): void {
  const unknown = config.metrics.filter((id) => !known.has(id));
  if (unknown.length) {
    throw AppError.field(
      "config.metrics",
      `Unknown metric ${unknown.join(", ")}. Valid metrics: ${[...known].join(", ")}.`,
    );
  }
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
