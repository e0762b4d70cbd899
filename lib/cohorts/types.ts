import { z } from "zod";
import { ZHistoryNoteSchema } from "@/lib/billing/history";
import { COHORT_GRAINS } from "./periods";
import { COHORT_METRICS, COHORT_SEGMENTS } from "./request";

// The shape of a cohort report answer, as zod so the OpenAPI document describes exactly what the
// API sends. Money is a decimal string in the workspace currency's minor units; ratios and
// percents (as fractions) have 4 places; counts are integers; null is n/a.

const ZValue = z.union([z.string(), z.number(), z.null()]);

export const ZCohortMetricInfoSchema = z.object({
  id: z.enum(COHORT_METRICS),
  label: z.string(),
  format: z.enum(["money", "count", "percent", "ratio"]),
  description: z.string(),
});
export type TCohortMetricInfo = z.infer<typeof ZCohortMetricInfoSchema>;

export const ZCohortCellSchema = z.object({
  offset: z.number().int().describe("Periods since the cohort's own (0 is the acquisition period)."),
  period_start: z.string().nullable().describe("First day of this period (YYYY-MM-DD) for a cohort of a period; null when rows are segment values."),
  complete: z.boolean().describe("False while this period is still under way for some of the row's customers."),
  value: ZValue.describe("The requested metric."),
  values: z.record(z.enum(COHORT_METRICS), ZValue).describe("Every cohort metric at this offset."),
});
export type TCohortCell = z.infer<typeof ZCohortCellSchema>;

export const ZCohortRowSchema = z.object({
  key: z.string().describe("The cohort's first day (YYYY-MM-DD), or the segment value with cohort_by."),
  label: z.string(),
  customers: z.number().int().describe("Customers acquired (cohort size)."),
  ad_spend: z.string().nullable().describe("Ad spend of the acquisition period(s), blended or of the channel's ad platforms; null when it does not apply."),
  cac: z.string().nullable().describe("ad_spend / customers; null without spend (n/a, never 0)."),
  ltv_cac: z.object({ "3": z.string().nullable(), "6": z.string().nullable(), "12": z.string().nullable() }).describe(
    "LTV (cumulative net sales per customer) through 3, 6 and 12 months / CAC: offsets 2, 5, 11 of months, 12, 25, 51 of weeks, 0, 1, 3 of quarters; for a cohort of a period, null until that offset has ended.",
  ),
  payback_offset: z.number().int().nullable().describe("First offset where cumulative gross profit per customer >= CAC; null when not reached or no CAC."),
  predicted_ltv_12m: z.string().nullable().describe("Monthly cohorts: the LTV model's predicted 12-month net sales per customer; null without a fitted model."),
  cells: z.array(ZCohortCellSchema),
});
export type TCohortRow = z.infer<typeof ZCohortRowSchema>;

export const ZCohortReportSchema = z.object({
  period: z.enum(COHORT_GRAINS),
  metric: z.enum(COHORT_METRICS),
  date_from: z.string().describe("First day of the first cohort period included."),
  date_to: z.string(),
  segment: z.enum(COHORT_SEGMENTS).nullable(),
  segment_value: z.string().nullable(),
  cohort_by: z.enum(COHORT_SEGMENTS).nullable(),
  tag: z.string().nullable().describe("The tag (an audience) whose members alone are counted, or null for every customer."),
  currency: z.string(),
  today: z.string().describe("Today in the workspace time zone; cells of later periods are absent."),
  metrics: z.array(ZCohortMetricInfoSchema),
  rows: z.array(ZCohortRowSchema),
  total: ZCohortRowSchema.nullable().describe("Every row together (offset k counts the cohorts that have reached it)."),
  max_offset: z.number().int(),
  model: z
    .object({
      status: z.enum(["fitted", "not_enough_data", "failed"]),
      reason: z.string().nullable(),
      fitted_at: z.string(),
    })
    .nullable()
    .describe("The latest predicted-LTV fit; null before the first one."),
  cac_applies: z.boolean().describe("Whether CAC can be computed: every customer, or a channel's (segment or cohort_by channel)."),
  warnings: z.array(z.string()),
  history_note: ZHistoryNoteSchema.describe("Set when the plan hides older history: cohorts start with the first whole period from its earliest day."),
});
export type TCohortReport = z.infer<typeof ZCohortReportSchema>;
