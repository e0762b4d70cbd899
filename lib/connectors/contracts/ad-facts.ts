import { z } from "zod";
import { INT4 } from "@/lib/db/column-ranges";

// What an ads or analytics connector hands ingestion, one object per platform row. Money and
// conversions are decimal strings (never floats); counts are integers.

const text = (what: string) => z.string({ error: `Give the ${what} as text.` }).trim().min(1, `The ${what} is missing.`);
const decimal = (what: string) =>
  z.string({ error: `Give ${what} as a decimal string such as "12.34".` }).regex(/^\d{1,16}(\.\d+)?$/, `Give ${what} as a non-negative decimal such as "12.34".`);
// Conversions and their value can be adjusted down after the fact (platforms report negative
// corrections; GA4 nets refunds out of revenue), so they may be negative; spend may not.
const signedDecimal = (what: string) =>
  z.string({ error: `Give ${what} as a decimal string such as "12.34".` }).regex(/^-?\d{1,16}(\.\d+)?$/, `Give ${what} as a decimal such as "12.34".`);
/** A count, at most what its column holds: bigint ones are bounded by zod's safe integers, integer ones by `max`. */
const count = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: `Give ${what} as a whole number.` })
    .int(`Give ${what} as a whole number.`)
    .nonnegative(`${what} cannot be negative.`)
    .max(max, `${what} cannot be more than ${max}.`);
const day = z.iso.date("Use a YYYY-MM-DD day.");
const currency = z.string({ error: "Give a currency code." }).regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD.");

export const ZAdCampaign = z.object({
  platform: text("platform"),
  accountId: text("account id"),
  campaignId: text("campaign id"),
  name: z.string({ error: "Give the campaign name as text." }),
  status: z.string().toLowerCase().nullish().transform((s) => s ?? null),
});
export type AdCampaignInput = z.input<typeof ZAdCampaign>;

export const ZAdInsight = z.object({
  platform: text("platform"),
  accountId: text("account id"),
  campaignId: text("campaign id"),
  // "" for a campaign-level row.
  adGroupId: z.string().default(""),
  day,
  currency,
  spend: decimal("spend"),
  impressions: count("impressions"),
  clicks: count("clicks"),
  conversions: signedDecimal("conversions"),
  conversionValue: signedDecimal("conversion value"),
});
export type AdInsightInput = z.input<typeof ZAdInsight>;
export type AdInsightRow = z.output<typeof ZAdInsight>;

export const ZTraffic = z.object({
  day,
  channelGroup: text("channel group"),
  source: z.string({ error: "Give the source as text." }),
  medium: z.string({ error: "Give the medium as text." }),
  sessions: count("sessions", INT4.max),
  users: count("users", INT4.max),
  transactions: count("transactions", INT4.max),
  purchaseRevenue: signedDecimal("purchase revenue"),
  currency,
});
export type TrafficInput = z.input<typeof ZTraffic>;
export type TrafficRow = z.output<typeof ZTraffic>;
