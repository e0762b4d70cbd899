import { z } from "zod";
import { COMPARISONS, DIMENSIONS, PERIODS } from "./schema";

// The shape of a report answer, as zod so the OpenAPI document describes exactly what the API
// sends. Money is a decimal string in the currency's minor units, ratios and percents have exactly
// RATIO_DECIMALS places (precision.ts); counts are integers; null means "n/a" (a zero
// denominator, or a metric the breakdown or filters cannot apply to).

export const ZMetricValueSchema = z.union([z.string(), z.number(), z.null()]);

export const ZMetricInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  format: z.enum(["money", "count", "percent", "ratio"]),
  description: z.string(),
});
export type TMetricInfo = z.infer<typeof ZMetricInfoSchema>;

export const ZReportRowSchema = z.object({
  /** The dimension value: a YYYY-MM-DD (first day of the week or month for those), a channel, a platform, a campaign id, a product group key. */
  key: z.string(),
  label: z.string(),
  /** Two-dimension breakdowns: the row's key and label in each dimension (`key` is "first|second"). */
  keys: z.tuple([z.string(), z.string()]).optional(),
  labels: z.tuple([z.string(), z.string()]).optional(),
  values: z.record(z.string(), ZMetricValueSchema),
  /**
   * The same key over the comparison range. In a time breakdown, the comparison days beside this
   * row's (day 1 of the range with day 1 of the comparison range; the same date a year back).
   */
  compare: z.record(z.string(), ZMetricValueSchema).optional(),
  /** Day breakdowns: the comparison day beside this one, null when it has none (a shorter month). */
  compare_key: z.string().nullable().optional(),
});
export type TReportRow = z.infer<typeof ZReportRowSchema>;

export const ZDayRangeOutSchema = z.object({ date_from: z.string(), date_to: z.string() });

export const ZCompareRangeOutSchema = ZDayRangeOutSchema.extend({
  /**
   * Today is compared until the same local time (HH:MM, workspace time zone) on the comparison
   * day: its sales, orders and customers count only until then. Null: whole days.
   */
  until: z.string().nullable(),
  /** The comparison range as people write it, e.g. "1–4 Nov 2026", "3 Dec 2026 until 14:30". */
  label: z.string(),
});

export const ZReportSchema = z.object({
  currency: z.string().describe("The workspace currency every money value is in (ISO 4217)."),
  time_zone: z.string(),
  range: ZDayRangeOutSchema,
  compare: z.enum(COMPARISONS),
  /** The range compared with, like for like (month to date: the same days of last month). */
  compare_range: ZCompareRangeOutSchema.nullable(),
  /** What the range is (month to date...), which decides the comparison range. */
  period: z.enum(PERIODS),
  group_by: z.enum(DIMENSIONS).nullable(),
  /** The second dimension of a two-dimension breakdown (group_by=product,country), else null. */
  then_by: z.enum(DIMENSIONS).nullable(),
  metrics: z.array(ZMetricInfoSchema),
  rows: z.array(ZReportRowSchema),
  totals: z.record(z.string(), ZMetricValueSchema),
  compare_totals: z.record(z.string(), ZMetricValueSchema).nullable(),
  freshness: z.object({
    /** When the workspace's data sources last synced successfully (ISO 8601), null before any. */
    last_synced_at: z.string().nullable(),
    /** Days from this one on may still be restated by ad platforms (late conversions). */
    restatable_from: z.string().nullable(),
  }),
  /**
   * True while the workspace's rollups are being rebuilt after a settings change (time zone,
   * exclusions, product groups, unit costs, revenue basis): until then some days may still be
   * computed with the old settings.
   */
  rebuilding: z.boolean(),
  /** How far that rebuild has come, in local days; null when none is under way. */
  rebuild_progress: z.object({ days_done: z.number().int(), days_total: z.number().int() }).nullable(),
  /** Notes on values a reader could misread, e.g. units sold without a known cost. */
  warnings: z.array(z.string()),
});
export type TReport = z.infer<typeof ZReportSchema>;
