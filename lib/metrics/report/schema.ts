import { z } from "zod";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";

// The shape of a report request, shared by the reports API, dashboards' widgets and the OpenAPI
// document, so a parameter is validated (and described) the same way everywhere.

export const DIMENSIONS = ["day", "week", "month", "channel", "platform", "campaign", "product_group"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const TIME_DIMENSIONS = ["day", "week", "month"] as const satisfies readonly Dimension[];

export const COMPARISONS = ["previous_period", "previous_year", "none"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** A report may span at most this many years. */
export const MAX_RANGE_YEARS = 5;

const isIsoDay = (value: unknown) => typeof value === "string" && z.iso.date().safeParse(value).success;

const day = (name: string) =>
  z.iso.date(`${name} must be a date written YYYY-MM-DD.`).refine((value) => dayInBounds(value), { error: () => `${name}: ${boundsMessage()}` });

export const ZReportFiltersSchema = z
  .object({
    platform: z.array(z.string().trim().min(1).max(100)).max(50),
    channel: z.array(z.string().trim().min(1).max(100)).max(50),
    campaign: z.array(z.string().trim().min(1).max(200)).max(100),
    product_group: z.array(z.string().trim().min(1).max(100)).max(50),
  })
  .partial();
export type TReportFilters = z.infer<typeof ZReportFiltersSchema>;

export const ZReportRequestSchema = z
  .object({
    date_from: day("date_from"),
    date_to: day("date_to"),
    /** Metric ids from the registry (lib/metrics/registry.ts), including product_group_sales:<key>. */
    metrics: z.array(z.string().trim().min(1)).min(1, "Name at least one metric.").max(40),
    group_by: z.enum(DIMENSIONS).optional(),
    compare: z.enum(COMPARISONS).default("none"),
    filters: ZReportFiltersSchema.default({}),
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
    }
  });
export type TReportRequest = z.input<typeof ZReportRequestSchema>;
export type TParsedReportRequest = z.output<typeof ZReportRequestSchema>;
