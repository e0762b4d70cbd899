import { z } from "zod";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { TAG_PARAMETER, TAG_PARAMETER_MESSAGE } from "@/lib/tags/parameter";
import type { MetricId } from "../definitions/registry";
import { closestIds } from "./suggest";
import { COMPARISONS, PERIODS, periodProblem } from "./periods";
import { AD_DIMENSIONS, STORE_DIMENSIONS, type AdDimension, type StoreDimension } from "./dimensions";

// The shape of a report request, shared by the reports API, dashboards' widgets and the OpenAPI
// document, so a parameter is validated (and described) the same way everywhere.

export const DIMENSIONS = ["day", "week", "month", "channel", "platform", "campaign", ...AD_DIMENSIONS, "product_group", ...STORE_DIMENSIONS] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Other names for canonical ids, as PRODUCT.md's example report (and the API reference's) words
 * them: `metrics=romi,cac,revenue&group_by=campaign_name`. A request may use either; answers use
 * the canonical id. "revenue" is ad revenue because ROMI, beside it, is computed from ad revenue,
 * and it is the revenue a campaign breakdown can split.
 */
export const METRIC_ALIASES = { revenue: "ad_revenue" } as const satisfies Record<string, MetricId>;
export const DIMENSION_ALIASES = { campaign_name: "campaign" } as const satisfies Record<string, Dimension>;

const metricAliases = new Map<string, string>(Object.entries(METRIC_ALIASES));
const dimensionAliases = new Map<string, Dimension>(Object.entries(DIMENSION_ALIASES));

/** The canonical id of a metric id or alias (unknown ids pass through, for the plan to refuse). */
export const canonicalMetricId = (id: string): string => metricAliases.get(id) ?? id;

/** "revenue (= ad_revenue)": how an error or a document names an alias. */
export const aliasNotes = (aliases: Record<string, string>) => Object.entries(aliases).map(([alias, id]) => `${alias} (= ${id})`);

export const GROUP_BY_NAMES = [...DIMENSIONS, ...(Object.keys(DIMENSION_ALIASES) as (keyof typeof DIMENSION_ALIASES)[])] as const;

function unknownDimension(value: unknown): string {
  const given = typeof value === "string" ? value : JSON.stringify(value);
  const near = typeof value === "string" ? closestIds(value, GROUP_BY_NAMES) : [];
  const hint = near.length > 0 ? ` Did you mean ${near.join(" or ")}?` : "";
  return `group_by: unknown dimension "${given}".${hint} Use one of: ${DIMENSIONS.join(", ")}; aliases: ${aliasNotes(DIMENSION_ALIASES).join(", ")}.`;
}

export const TIME_DIMENSIONS = ["day", "week", "month"] as const satisfies readonly Dimension[];

/** A report splits by at most this many dimensions at once. */
export const MAX_GROUP_BY = 2;

function groupByProblem(names: string[]): string | null {
  if (names.length === 0) return `group_by: name a dimension. Use one of: ${DIMENSIONS.join(", ")}.`;
  const unknown = names.find((name) => !(GROUP_BY_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) return unknownDimension(unknown);
  if (names.length > MAX_GROUP_BY) return `group_by: at most ${MAX_GROUP_BY} dimensions (e.g. product,country), not ${names.length}. Use ${MAX_GROUP_BY} of: ${DIMENSIONS.join(", ")}.`;
  const canonical = names.map((name) => dimensionAliases.get(name) ?? name);
  if (canonical.length === 2 && canonical[0] === canonical[1]) return `group_by: "${canonical[0]}" is named twice.`;
  const time = canonical.find((name) => (TIME_DIMENSIONS as readonly string[]).includes(name));
  if (canonical.length === 2 && time) return `group_by: a time unit (${time}) breaks a report down on its own; pair two of: ${DIMENSIONS.filter((d) => !(TIME_DIMENSIONS as readonly string[]).includes(d)).join(", ")}.`;
  return null;
}

export { COMPARISONS, PERIODS, type Comparison, type Period } from "./periods";

/** A report may span at most this many years. */
export const MAX_RANGE_YEARS = 5;

const isIsoDay = (value: unknown) => typeof value === "string" && z.iso.date().safeParse(value).success;

const day = (name: string) =>
  z.iso.date(`${name} must be a date written YYYY-MM-DD.`).refine((value) => dayInBounds(value), { error: () => `${name}: ${boundsMessage()}` });

/** Store dimension values are keys as a breakdown gives them (a product id, a country code...). */
const storeFilter = z.array(z.string().trim().min(1).max(255)).max(100);

export const ZReportFiltersSchema = z
  .object({
    platform: z.array(z.string().trim().min(1).max(100)).max(50),
    channel: z.array(z.string().trim().min(1).max(100)).max(50),
    campaign: z.array(z.string().trim().min(1).max(200)).max(100),
    // Ad groups and ads by the breakdown's keys (the platforms' ids).
    ...Object.fromEntries(AD_DIMENSIONS.map((d) => [d, z.array(z.string().trim().min(1).max(200)).max(100)])),
    product_group: z.array(z.string().trim().min(1).max(100)).max(50),
    ...Object.fromEntries(STORE_DIMENSIONS.map((d) => [d, storeFilter])),
  } as Record<"platform" | "channel" | "campaign" | AdDimension | "product_group" | StoreDimension, z.ZodArray<z.ZodString>>)
  .partial();
export type TReportFilters = z.infer<typeof ZReportFiltersSchema>;

export const ZReportRequestSchema = z
  .object({
    date_from: day("date_from"),
    date_to: day("date_to"),
    /** Metric ids from the registry (lib/metrics/registry.ts) or their aliases, including product_group_sales:<key>. */
    metrics: z
      .array(z.string().trim().min(1).transform(canonicalMetricId))
      .min(1, "Name at least one metric.")
      // Room for every metric of the registry in one request.
      .max(60),
    /** One dimension, or two comma-separated (rows by the first, then by the second: product,country). */
    group_by: z
      .string()
      .max(200)
      .transform((value, ctx): Dimension[] => {
        const names = value.split(",").map((name) => name.trim()).filter(Boolean);
        const problem = groupByProblem(names);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
          return z.NEVER;
        }
        return names.map((name) => dimensionAliases.get(name) ?? (name as Dimension));
      })
      .optional(),
    compare: z.enum(COMPARISONS).default("none"),
    /** What the range is (month to date...), so the comparison range is like for like. */
    period: z.enum(PERIODS).default("custom"),
    filters: ZReportFiltersSchema.default({}),
    /**
     * Only customers who have this tag of ours now (a tag's id, lib/tags): the metrics that are
     * sums over customers' orders are restricted to them, the rest are n/a (tagged.ts).
     */
    tag: z.string().regex(TAG_PARAMETER, TAG_PARAMETER_MESSAGE).optional(),
  })
  .superRefine((value, ctx) => {
    // A malformed date already has its own error; comparing it would only add a second, wrong one.
    if (!isIsoDay(value.date_from) || !isIsoDay(value.date_to)) return;
    if (value.date_from > value.date_to) {
      ctx.addIssue({ code: "custom", path: ["date_to"], message: "date_to is before date_from." });
      return;
    }
    const limit = new Date(`${value.date_from}T00:00:00Z`);
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_RANGE_YEARS);
    if (new Date(`${value.date_to}T00:00:00Z`) >= limit) {
      ctx.addIssue({ code: "custom", path: ["date_to"], message: `The range may span at most ${MAX_RANGE_YEARS} years.` });
      return;
    }
    const problem = periodProblem(value.period, value.date_from, value.date_to);
    if (problem) ctx.addIssue({ code: "custom", path: ["period"], message: problem });
  });
export type TReportRequest = z.input<typeof ZReportRequestSchema>;
export type TParsedReportRequest = z.output<typeof ZReportRequestSchema>;
