import type { AdCampaignInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { add, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { objectAt } from "../meta/values";
import { tiktokRead as read } from "./client";

// Pure transforms from /report/integrated/get/ rows ({dimensions: {campaign_id, stat_time_day |
// stat_time_hour}, metrics: {...}}, every metric a string) to our facts.
//
// Conversions are purchases: complete_payment counts them and total_complete_payment_rate (a
// value despite its name) is their worth, so the pair matches what the store calls a sale. The
// generic `conversion` metric counts whatever event a campaign optimises for (a click, a sign-up)
// and would not pair with the purchase value. TikTok sends "-" for a metric that does not apply
// (no pixel, no purchase event); for these two that means none, so 0. Spend, impressions and
// clicks always apply, so "-" there is a malformed answer.

export const REPORT_METRICS = ["spend", "impressions", "clicks", "complete_payment", "total_complete_payment_rate"] as const;

export type ReportRow = { campaignId: string; day: string; spend: string; impressions: number; clicks: number; conversions: string; conversionValue: string };

const orZero = (value: unknown) => (value === "-" ? "0" : value);

export function reportRows(list: unknown[], timeDimension: "stat_time_day" | "stat_time_hour"): ReportRow[] {
  return list.map((raw, i) => {
    const path = `data.list[${i}]`;
    const row = objectAt(read, raw, path);
    const dimensions = objectAt(read, row.dimensions, `${path}.dimensions`);
    const metrics = objectAt(read, row.metrics, `${path}.metrics`);
    return {
      campaignId: read.text(typeof dimensions.campaign_id === "number" ? String(dimensions.campaign_id) : dimensions.campaign_id, `${path}.dimensions.campaign_id`),
      day: read.day(dimensions[timeDimension], `${path}.dimensions.${timeDimension}`),
      spend: read.decimal(metrics.spend, `${path}.metrics.spend`),
      impressions: read.count(metrics.impressions, `${path}.metrics.impressions`),
      clicks: read.count(metrics.clicks, `${path}.metrics.clicks`),
      conversions: read.decimal(orZero(metrics.complete_payment), `${path}.metrics.complete_payment`),
      conversionValue: read.decimal(orZero(metrics.total_complete_payment_rate), `${path}.metrics.total_complete_payment_rate`),
    };
  });
}

const keyOf = (row: ReportRow) => `${row.campaignId}|${row.day}`;

/** Daily rows, one per campaign and day; a second row for the same pair means the pages shifted under us. */
export function dailyRows(list: unknown[]): ReportRow[] {
  const rows = reportRows(list, "stat_time_day");
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(keyOf(row))) throw read.malformed("data.list", `one row per campaign and day (campaign ${row.campaignId} came twice for ${row.day})`, "a repeated row");
    seen.add(keyOf(row));
  }
  return rows;
}

/**
 * Hourly rows of `day` summed per campaign: the day's running total so far. Decimals are added
 * exactly (4 places, as stored).
 */
export function sumHours(list: unknown[], day: string): ReportRow[] {
  const totals = new Map<string, ReportRow>();
  for (const row of reportRows(list, "stat_time_hour")) {
    if (row.day !== day) continue;
    const total = totals.get(row.campaignId);
    if (!total) {
      totals.set(row.campaignId, { ...row });
      continue;
    }
    total.spend = formatDecimal(add(parseDecimal(total.spend), parseDecimal(row.spend)));
    total.impressions += row.impressions;
    total.clicks += row.clicks;
    total.conversions = formatDecimal(add(parseDecimal(total.conversions), parseDecimal(row.conversions)), 0);
    total.conversionValue = formatDecimal(add(parseDecimal(total.conversionValue), parseDecimal(row.conversionValue)));
  }
  return [...totals.values()];
}

export function toInsights(rows: ReportRow[], account: { id: string; currency: string }): AdInsightInput[] {
  return rows.map((row) => ({
    platform: "tiktok_ads",
    accountId: account.id,
    campaignId: row.campaignId,
    adGroupId: "",
    day: row.day,
    currency: account.currency,
    spend: row.spend,
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: row.conversions,
    conversionValue: row.conversionValue,
  }));
}

export type CampaignInfo = { name: string; status: string | null };

/** /campaign/get/ items by campaign id. */
export function campaignInfos(list: unknown[]): Map<string, CampaignInfo> {
  const infos = new Map<string, CampaignInfo>();
  list.forEach((raw, i) => {
    const path = `data.list[${i}]`;
    const item = objectAt(read, raw, path);
    const id = read.text(typeof item.campaign_id === "number" ? String(item.campaign_id) : item.campaign_id, `${path}.campaign_id`);
    const status = typeof item.operation_status === "string" ? item.operation_status.toLowerCase() : null;
    infos.set(id, { name: read.text(item.campaign_name, `${path}.campaign_name`), status });
  });
  return infos;
}

/** A campaign TikTok no longer lists (deleted) keeps its spend under a name that says so. */
export function toCampaigns(ids: Iterable<string>, infos: Map<string, CampaignInfo>, accountId: string): AdCampaignInput[] {
  return [...new Set(ids)].map((campaignId) => {
    const info = infos.get(campaignId);
    return { platform: "tiktok_ads", accountId, campaignId, name: info?.name ?? `Deleted campaign ${campaignId}`, status: info?.status ?? (info ? null : "deleted") };
  });
}
