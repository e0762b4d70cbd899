import type { AdCampaignInput, AdGroupInput, AdInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { add, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { objectAt } from "../meta/values";
import { tiktokRead as read } from "./client";

// Pure transforms from /report/integrated/get/ rows ({dimensions: {campaign_id | adgroup_id |
// ad_id, stat_time_day | stat_time_hour}, metrics: {...}}, every metric a string) and from the
// campaign, ad group, ad and creative lookups to our facts.
//
// Conversions are purchases: complete_payment counts them and total_complete_payment_rate (a
// value despite its name) is their worth, so the pair matches what the store calls a sale. The
// generic `conversion` metric counts whatever event a campaign optimises for (a click, a sign-up)
// and would not pair with the purchase value. TikTok sends "-" for a metric that does not apply
// (no pixel, no purchase event); for these two that means none, so 0. Spend, impressions and
// clicks always apply, so "-" there is a malformed answer.

export const REPORT_METRICS = ["spend", "impressions", "clicks", "complete_payment", "total_complete_payment_rate"] as const;

/** The report's levels: campaigns, ad groups and ads. */
export type ReportLevel = "campaign" | "adgroup" | "ad";

// A level's own id is its dimension; the ids above it are attribute metrics of its rows.
export const LEVEL_ID: Record<ReportLevel, string> = { campaign: "campaign_id", adgroup: "adgroup_id", ad: "ad_id" };
export const PARENT_METRICS: Record<ReportLevel, readonly string[]> = { campaign: [], adgroup: ["campaign_id"], ad: ["campaign_id", "adgroup_id"] };

export type ReportRow = {
  campaignId: string;
  /** "" above the ad group level. */
  adGroupId: string;
  /** "" above the ad level. */
  adId: string;
  day: string;
  spend: string;
  impressions: number;
  clicks: number;
  conversions: string;
  conversionValue: string;
};

const orZero = (value: unknown) => (value === "-" ? "0" : value);
const idText = (value: unknown, path: string) => read.text(typeof value === "number" ? String(value) : value, path);

export function reportRows(list: unknown[], timeDimension: "stat_time_day" | "stat_time_hour", level: ReportLevel = "campaign"): ReportRow[] {
  return list.map((raw, i) => {
    const path = `data.list[${i}]`;
    const row = objectAt(read, raw, path);
    const dimensions = objectAt(read, row.dimensions, `${path}.dimensions`);
    const metrics = objectAt(read, row.metrics, `${path}.metrics`);
    const own = idText(dimensions[LEVEL_ID[level]], `${path}.dimensions.${LEVEL_ID[level]}`);
    const parent = (name: string) => idText(metrics[name], `${path}.metrics.${name}`);
    return {
      campaignId: level === "campaign" ? own : parent("campaign_id"),
      adGroupId: level === "adgroup" ? own : level === "ad" ? parent("adgroup_id") : "",
      adId: level === "ad" ? own : "",
      day: read.day(dimensions[timeDimension], `${path}.dimensions.${timeDimension}`),
      spend: read.decimal(metrics.spend, `${path}.metrics.spend`),
      impressions: read.count(metrics.impressions, `${path}.metrics.impressions`),
      clicks: read.count(metrics.clicks, `${path}.metrics.clicks`),
      conversions: read.decimal(orZero(metrics.complete_payment), `${path}.metrics.complete_payment`),
      conversionValue: read.decimal(orZero(metrics.total_complete_payment_rate), `${path}.metrics.total_complete_payment_rate`),
    };
  });
}

const objectKey = (row: ReportRow) => `${row.campaignId}|${row.adGroupId}|${row.adId}`;
const objectName = (row: ReportRow) => (row.adId ? `ad ${row.adId}` : row.adGroupId ? `ad group ${row.adGroupId}` : `campaign ${row.campaignId}`);

/** Daily rows, one per object and day; a second row for the same pair means the pages shifted under us. */
export function dailyRows(list: unknown[], level: ReportLevel = "campaign"): ReportRow[] {
  const rows = reportRows(list, "stat_time_day", level);
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${objectKey(row)}|${row.day}`;
    if (seen.has(key)) throw read.malformed("data.list", `one row per ${level} and day (${objectName(row)} came twice for ${row.day})`, "a repeated row");
    seen.add(key);
  }
  return rows;
}

/**
 * Hourly rows of `day` summed per object: the day's running total so far. Decimals are added
 * exactly (4 places, as stored).
 */
export function sumHours(list: unknown[], day: string, level: ReportLevel = "campaign"): ReportRow[] {
  const totals = new Map<string, ReportRow>();
  for (const row of reportRows(list, "stat_time_hour", level)) {
    if (row.day !== day) continue;
    const total = totals.get(objectKey(row));
    if (!total) {
      totals.set(objectKey(row), { ...row });
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
    adGroupId: row.adGroupId,
    adId: row.adId,
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
    const id = idText(item.campaign_id, `${path}.campaign_id`);
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

export type AdGroupInfo = { name: string; status: string | null };
export type AdInfo = { name: string; status: string | null; videoId: string | null; imageId: string | null };

const statusOf = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : null);

/** /adgroup/get/ items by ad group id. */
export function adGroupInfos(list: unknown[]): Map<string, AdGroupInfo> {
  const infos = new Map<string, AdGroupInfo>();
  list.forEach((raw, i) => {
    const path = `data.list[${i}]`;
    const item = objectAt(read, raw, path);
    infos.set(idText(item.adgroup_id, `${path}.adgroup_id`), { name: read.text(item.adgroup_name, `${path}.adgroup_name`), status: statusOf(item.operation_status) });
  });
  return infos;
}

/** /ad/get/ items by ad id, with the creative each one shows: its video, else its first image. */
export function adInfos(list: unknown[]): Map<string, AdInfo> {
  const infos = new Map<string, AdInfo>();
  list.forEach((raw, i) => {
    const path = `data.list[${i}]`;
    const item = objectAt(read, raw, path);
    const images = Array.isArray(item.image_ids) ? item.image_ids.filter((id): id is string => typeof id === "string" && id !== "") : [];
    infos.set(idText(item.ad_id, `${path}.ad_id`), {
      name: read.text(item.ad_name, `${path}.ad_name`),
      status: statusOf(item.operation_status),
      videoId: typeof item.video_id === "string" && item.video_id ? item.video_id : null,
      imageId: images[0] ?? null,
    });
  });
  return infos;
}

/** /file/video/ad/info/ (video_cover_url) or /file/image/ad/info/ (image_url) items: picture URL by creative id. */
export function pictureUrls(list: unknown[], idField: "video_id" | "image_id", urlField: "video_cover_url" | "image_url"): Map<string, string> {
  const urls = new Map<string, string>();
  list.forEach((raw, i) => {
    const item = objectAt(read, raw, `data.list[${i}]`);
    const url = item[urlField];
    if (typeof url === "string" && url.startsWith("https://")) urls.set(idText(item[idField], `data.list[${i}].${idField}`), url);
  });
  return urls;
}

/** One ad group per id the rows name; one TikTok no longer lists (deleted) keeps its rows under a name that says so. */
export function toAdGroups(rows: ReportRow[], infos: Map<string, AdGroupInfo>, accountId: string): AdGroupInput[] {
  const groups = new Map<string, AdGroupInput>();
  for (const { campaignId, adGroupId } of rows) {
    if (!adGroupId || groups.has(adGroupId)) continue;
    const info = infos.get(adGroupId);
    groups.set(adGroupId, { platform: "tiktok_ads", accountId, campaignId, adGroupId, name: info?.name ?? `Deleted ad group ${adGroupId}`, status: info ? info.status : "deleted" });
  }
  return [...groups.values()];
}

/** One ad per id the rows name, with its video cover or image when TikTok gave one. */
export function toAds(rows: ReportRow[], infos: Map<string, AdInfo>, pictures: Map<string, string>, accountId: string): AdInput[] {
  const ads = new Map<string, AdInput>();
  for (const { campaignId, adGroupId, adId } of rows) {
    if (!adId || ads.has(adId)) continue;
    const info = infos.get(adId);
    const creative = info?.videoId ?? info?.imageId ?? null;
    ads.set(adId, {
      platform: "tiktok_ads", accountId, campaignId, adGroupId, adId,
      name: info?.name ?? `Deleted ad ${adId}`,
      status: info ? info.status : "deleted",
      thumbnailUrl: (creative && pictures.get(creative)) ?? null,
    });
  }
  return [...ads.values()];
}
