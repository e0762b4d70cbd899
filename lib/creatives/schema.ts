import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZReportFiltersSchema } from "@/lib/metrics/report/schema";

// The creative table: each ad over a range with its figures beside the comparison period, for
// deciding which ad to pause or scale. Money is in the workspace currency (converted per day, as
// ad reports are), as decimal strings; ratios are decimal strings; counts are integers.

export const CREATIVE_SORTS = ["spend", "impressions", "clicks", "ctr", "conversions", "cpa", "conversion_value", "roas", "spend_change", "name"] as const;
export const CREATIVE_FORMATS = ["json", "csv"] as const;

const day = (name: string) => z.iso.date(`${name} must be a date written YYYY-MM-DD.`);

export const ZCreativeQuerySchema = z
  .object({
    date_from: day("date_from"),
    date_to: day("date_to"),
    platform: ZReportFiltersSchema.shape.platform.default([]),
    campaign: ZReportFiltersSchema.shape.campaign.default([]),
    sort: z.enum(CREATIVE_SORTS, { error: `sort: use one of ${CREATIVE_SORTS.join(", ")}.` }).default("spend"),
    direction: z.enum(["asc", "desc"], { error: "direction: use asc or desc." }).default("desc"),
    format: z.enum(CREATIVE_FORMATS, { error: "format: use json or csv." }).default("json"),
  })
  .refine((q) => q.date_from <= q.date_to, { path: ["date_to"], error: "date_to is before date_from." });
export type TCreativeQuery = z.output<typeof ZCreativeQuerySchema>;

const PARAMETERS = ["date_from", "date_to", "platform", "campaign", "sort", "direction", "format"] as const;
const LISTS: readonly string[] = ["platform", "campaign"];

/** A query string's parameters; an unknown one is refused by name rather than ignored. */
export function parseCreativeQuery(params: URLSearchParams): TCreativeQuery {
  const raw: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw AppError.field(name, `Unknown query parameter "${name}". Use: ${PARAMETERS.join(", ")}.`);
    raw[name] = LISTS.includes(name) ? value.split(",").map((v) => v.trim()).filter(Boolean) : value;
  }
  return parseInput(ZCreativeQuerySchema, raw);
}

const money = z.string().nullable();

export const ZCreativeRowSchema = z.object({
  ad_id: z.string(),
  name: z.string(),
  /** The platform's status, lower-case (active, paused, enabled...); null when unknown. */
  status: z.string().nullable(),
  /** An https or data: image URL; null when the platform gives none. */
  thumbnail_url: z.string().nullable(),
  platform: z.string(),
  campaign_id: z.string(),
  campaign_name: z.string(),
  spend: money,
  impressions: z.number().int().nullable(),
  clicks: z.number().int().nullable(),
  ctr: z.string().nullable(),
  conversions: z.string().nullable(),
  cpa: money,
  conversion_value: money,
  roas: z.string().nullable(),
  /** Spend over the comparison period (the same number of days just before). */
  compare_spend: money,
  compare_roas: z.string().nullable(),
  /** Spend's change against the comparison period as a ratio (0.25 is +25 %); null without comparison spend. */
  spend_change: z.string().nullable(),
});
export type TCreativeRow = z.infer<typeof ZCreativeRowSchema>;

export const ZCreativeTableSchema = z.object({
  currency: z.string(),
  date_from: z.string(),
  date_to: z.string(),
  compare_from: z.string().nullable(),
  compare_to: z.string().nullable(),
  rows: z.array(ZCreativeRowSchema),
});
export type TCreativeTable = z.infer<typeof ZCreativeTableSchema>;
