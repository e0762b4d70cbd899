import { MODEL_LABELS } from "@/lib/attribution/labels";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS, type AttributionModel } from "@/lib/attribution/models/types";
import { AppError } from "@/lib/errors";
import type { ResolvedMetric } from "./catalog";
import { getMetric, type MetricId } from "./registry";

// Attribution metrics take a model and a lookback window in their id, after the registry's id:
// `attributed_revenue` (the workspace's default model and window), `attributed_revenue:markov`
// (that model, the default window), `attributed_revenue:markov:7`. An id is one string wherever
// metrics are named (a report's `metrics`, a widget's config, a digest's template), so the
// parameters ride in it rather than in a new field every caller would have to carry.

export const ATTRIBUTION_METRIC_IDS = ["attributed_revenue", "attributed_orders", "attributed_roas"] as const satisfies readonly MetricId[];
type TAttributionMetricId = (typeof ATTRIBUTION_METRIC_IDS)[number];

/** The form of a parameterised id, for documents. */
export const ATTRIBUTION_METRIC_PATTERN = `^(${ATTRIBUTION_METRIC_IDS.join("|")}):(${ATTRIBUTION_MODELS.join("|")})(:(${LOOKBACK_WINDOWS.join("|")}))?$`;

const isBase = (id: string): id is TAttributionMetricId => (ATTRIBUTION_METRIC_IDS as readonly string[]).includes(id);

/** Whether a metric reads attribution credits (which change without the rollups changing). */
export const readsAttribution = (id: string) => isBase(id.split(":")[0]!);

type TParsed = { base: TAttributionMetricId; model: AttributionModel; window: number | null };

/** The id's parts; null when it is not a parameterised attribution id; a sentence naming the bad parameter. */
function parse(id: string): TParsed | string | null {
  const [base, model, window, ...rest] = id.split(":");
  if (!isBase(base!) || model === undefined) return null;
  if (!(ATTRIBUTION_MODELS as readonly string[]).includes(model)) {
    return `${id}: unknown model "${model.slice(0, 60)}". Use one of: ${ATTRIBUTION_MODELS.join(", ")}.`;
  }
  if (window !== undefined && !(LOOKBACK_WINDOWS as readonly number[]).includes(Number(window))) {
    return `${id}: unknown window "${window.slice(0, 60)}". Use one of: ${LOOKBACK_WINDOWS.join(", ")} (days).`;
  }
  if (rest.length > 0) return `${id}: give at most a model and a window, as ${base}:<model>:<window>.`;
  return { base, model: model as AttributionModel, window: window === undefined ? null : Number(window) };
}

/** What is wrong with a parameterised attribution id, or null (for validators that name their own field). */
export function attributionMetricProblem(id: string): string | null {
  const parsed = parse(id);
  return typeof parsed === "string" ? parsed : null;
}

/** Whether `id` is a valid parameterised attribution metric id. */
export const isAttributionVariant = (id: string) => {
  const parsed = parse(id);
  return parsed !== null && typeof parsed !== "string";
};

/**
 * The metric a parameterised id names: the registry's definition reading the credits of that
 * model and window (its `group`, "markov" or "markov:7"); null for other ids; a 400 on `field`
 * naming the bad parameter.
 */
export function attributionVariant(id: string, field = "metrics"): ResolvedMetric | null {
  const parsed = parse(id);
  if (parsed === null) return null;
  if (typeof parsed === "string") throw AppError.field(field, `${field}: ${parsed}`);
  const metric = getMetric(parsed.base);
  const which = parsed.window === null ? MODEL_LABELS[parsed.model] : `${MODEL_LABELS[parsed.model]}, ${parsed.window} days`;
  return {
    ...metric,
    id,
    label: `${metric.label} (${which})`,
    description: `${metric.description.slice(0, -1)} (${which}).`,
    group: parsed.window === null ? parsed.model : `${parsed.model}:${parsed.window}`,
  };
}
