import { CREATIVE_FORMATS, CREATIVE_SORTS, type TCreativeTable } from "@/lib/creatives/schema";
import type { QueryParameter } from "./report-parameters";

// The creative table: its query parameters (checked by lib/creatives/schema.ts) and an example.

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], required = false, example?: string): QueryParameter => ({
  name, in: "query", required, description, schema, ...(example ? { example } : {}),
});

const CREATIVE_QUERY: QueryParameter[] = [
  query("date_from", "The first local day of the range.", { type: "string", format: "date" }, true, "2026-11-01"),
  query("date_to", "The last local day of the range.", { type: "string", format: "date" }, true, "2026-11-30"),
  query("platform", "Only these ad platforms, comma-separated (e.g. `meta_ads,tiktok_ads`).", { type: "string" }),
  query("campaign", "Only these campaigns, by id or name, comma-separated.", { type: "string" }),
  query("sort", "The column to sort by (n/a last).", { type: "string", enum: [...CREATIVE_SORTS], default: "spend" }),
  query("direction", "`desc` (the default) or `asc`.", { type: "string", enum: ["asc", "desc"], default: "desc" }),
  query("format", "`json` or `csv`: one line per ad.", { type: "string", enum: [...CREATIVE_FORMATS], default: "json" }),
];

const EXAMPLE: TCreativeTable = {
  currency: "USD", date_from: "2026-11-01", date_to: "2026-11-30", compare_from: "2026-10-02", compare_to: "2026-10-31",
  rows: [{
    ad_id: "120210000000001", name: "Video - Unboxing", status: "active", thumbnail_url: "https://scontent.example/unboxing.jpg",
    platform: "meta_ads", campaign_id: "23851000001", campaign_name: "Prospecting - Broad",
    spend: "1250.40", impressions: 98000, clicks: 1120, ctr: "0.0114", conversions: "41.00", cpa: "30.50", conversion_value: "3120.00", roas: "2.4952",
    compare_spend: "1000.00", compare_roas: "2.1000", spend_change: "0.2504",
  }],
};

export const CREATIVE_OPERATIONS = [
  {
    method: "get", path: `${WS}/creatives`, tag: "Reports", operationId: "listCreatives", role: "viewer",
    summary: "List ads (creatives) with their figures",
    description:
      "Every ad reported at the ad level in the range, with its name, status, thumbnail and campaign; spend, impressions, clicks, CTR, conversions, CPA, " +
      "conversion value and ROAS as the platforms report them, money in the workspace currency (each day converted at its rate); and spend and ROAS over the " +
      "comparison period (as many days just before). Spend reported only above the ad level is left out. An unknown parameter or value is a 400 naming it.",
    query: CREATIVE_QUERY,
    success: {
      status: 200, description: "The ads and their figures.", schema: "CreativeTable", example: EXAMPLE,
      csv: "A header row (ad_id, ad, status, platform, campaign, spend, impressions, clicks, ctr, conversions, cpa, conversion_value, roas, compare_spend, spend_change), then one line per ad.",
    },
  },
] as const;
