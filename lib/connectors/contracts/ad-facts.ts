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

// An ad group (Meta's ad set, TikTok's ad group) and an ad (the creative), named like campaigns.
// Ad ids are unique within a connection's account on every platform.
export const ZAdGroup = z.object({
  platform: text("platform"),
  accountId: text("account id"),
  campaignId: text("campaign id"),
  adGroupId: text("ad group id"),
  name: z.string({ error: "Give the ad group name as text." }),
  status: z.string().toLowerCase().nullish().transform((s) => s ?? null),
});
export type AdGroupInput = z.input<typeof ZAdGroup>;

/** A creative's preview: an https address, or a data: image (the demo accounts serve no files). */
const thumbnailUrl = z
  .string({ error: "Give the thumbnail URL as text." })
  .max(8192, "The thumbnail URL is longer than 8192 characters.")
  .refine((url) => /^https:\/\/[^\s]+$/.test(url) || /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,][^\s]*$/.test(url), "Use an https:// or data:image/ thumbnail URL.")
  .nullish()
  .transform((u) => u ?? null);

export const ZAd = ZAdGroup.extend({
  adId: text("ad id"),
  name: z.string({ error: "Give the ad name as text." }),
  thumbnailUrl,
});
export type AdInput = z.input<typeof ZAd>;

/**
 * One day of one campaign, ad group or ad. The level is the ids a row carries: adGroupId "" for a
 * campaign row, adId "" for an ad group row. A provider may report several levels of one campaign
 * and day; each level is a whole account of the same spend, so readers pick one level and never
 * add levels together (insightLevel).
 */
export const ZAdInsight = z
  .object({
    platform: text("platform"),
    accountId: text("account id"),
    campaignId: text("campaign id"),
    adGroupId: z.string({ error: "Give the ad group id as text." }).trim().default(""),
    adId: z.string({ error: "Give the ad id as text." }).trim().default(""),
    day,
    currency,
    spend: decimal("spend"),
    impressions: count("impressions"),
    clicks: count("clicks"),
    conversions: signedDecimal("conversions"),
    conversionValue: signedDecimal("conversion value"),
  })
  .refine((row) => row.adId === "" || row.adGroupId !== "", { path: ["adGroupId"], error: "An ad-level row needs its ad group id." });
export type AdInsightInput = z.input<typeof ZAdInsight>;
export type AdInsightRow = z.output<typeof ZAdInsight>;

export const AD_LEVELS = ["campaign", "ad_group", "ad"] as const;
export type AdLevel = (typeof AD_LEVELS)[number];

export const insightLevel = (row: { adGroupId: string; adId: string }): AdLevel =>
  row.adGroupId === "" ? "campaign" : row.adId === "" ? "ad_group" : "ad";

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
