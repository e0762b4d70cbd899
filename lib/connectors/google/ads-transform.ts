import type { AdStats, DayWindow, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import type { AdCampaignInput, AdGroupInput, AdInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { ADS_PROVIDER } from "./ads-errors";
import { doubleToDecimal, malformed, microsToDecimal, readCount, readText } from "./numbers";

// Pure transforms from Google Ads searchStream answers (REST JSON: an array of batches, each with
// `results` of GoogleAdsRow in camelCase) to our facts and account lists. Protobuf's JSON leaves
// out fields at their default value, so an absent metric is a zero, but a row without its metrics
// object, id or date is a malformed answer and nothing of the window is kept.

type Json = Record<string, unknown>;

const record = (value: unknown): Json | null => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null);

/** Every row of every batch, each with the path used to name it in errors. */
export function streamRows(body: unknown): { row: Json; path: string }[] {
  if (!Array.isArray(body)) throw malformed(ADS_PROVIDER, "the searchStream answer", "should be a list of batches");
  const rows: { row: Json; path: string }[] = [];
  body.forEach((batch, b) => {
    const results = record(batch)?.results;
    if (results === undefined) return;
    if (!Array.isArray(results)) throw malformed(ADS_PROVIDER, `batch ${b} results`, "should be a list");
    results.forEach((row, r) => {
      const path = `batch ${b} results[${r}]`;
      const value = record(row);
      if (!value) throw malformed(ADS_PROVIDER, path, "should be an object");
      rows.push({ row: value, path });
    });
  });
  return rows;
}

export const field = (row: Json, ...keys: string[]): unknown => {
  let value: unknown = row;
  for (const key of keys) value = record(value)?.[key];
  return value;
};

export type AdsLevel = "campaign" | "ad_group" | "ad";

export type AdsAccountContext = { accountId: string; currency: string; window: DayWindow };

/** What one searchStream answer holds: campaigns, and the ad groups and ads when the query was below the campaign. */
export type AdsLevelStats = AdStats & { adGroups: AdGroupInput[]; ads: AdInput[] };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const lowerStatus = (status: unknown) => (typeof status === "string" ? status.toLowerCase() : null);

function readName(row: Json, path: string, ...keys: string[]): string {
  const name = field(row, ...keys);
  if (typeof name !== "string") throw malformed(ADS_PROVIDER, `${path}.${keys.join(".")}`, name === undefined ? "is missing" : "should be text");
  return name;
}

/** An image ad's preview (or full) image; other ad types give no thumbnail through the API. */
function thumbnailOf(row: Json): string | null {
  const url = field(row, "adGroupAd", "ad", "imageAd", "previewImageUrl") ?? field(row, "adGroupAd", "ad", "imageAd", "imageUrl");
  return typeof url === "string" && /^https:\/\//.test(url) ? url : null;
}

/**
 * Daily rows of one level -> campaigns, ad groups, ads and insights. `campaign` rows carry empty ad
 * group and ad ids, `ad_group` rows an empty ad id. Cost arrives in micros of the account's currency.
 */
export function toAdStats(body: unknown, account: AdsAccountContext, level: AdsLevel): AdsLevelStats {
  const campaigns = new Map<string, AdCampaignInput>();
  const adGroups = new Map<string, AdGroupInput>();
  const ads = new Map<string, AdInput>();
  const insights: AdInsightInput[] = [];
  const seen = new Set<string>();
  const base = { platform: ADS_PROVIDER, accountId: account.accountId };
  for (const { row, path } of streamRows(body)) {
    const campaignId = readText(field(row, "campaign", "id"), `${path}.campaign.id`, ADS_PROVIDER);
    const name = readName(row, path, "campaign", "name");
    const adGroupId = level === "campaign" ? "" : readText(field(row, "adGroup", "id"), `${path}.adGroup.id`, ADS_PROVIDER);
    const adId = level === "ad" ? readText(field(row, "adGroupAd", "ad", "id"), `${path}.adGroupAd.ad.id`, ADS_PROVIDER) : "";
    const day = readText(field(row, "segments", "date"), `${path}.segments.date`, ADS_PROVIDER);
    if (!DAY.test(day)) throw malformed(ADS_PROVIDER, `${path}.segments.date`, `should be a YYYY-MM-DD day, got ${JSON.stringify(day)}`);
    if (day < account.window.fromDay || day > account.window.toDay) {
      throw malformed(ADS_PROVIDER, `${path}.segments.date`, `is ${day}, outside the requested ${account.window.fromDay}..${account.window.toDay}`);
    }
    const metrics = record(row.metrics);
    if (!metrics) throw malformed(ADS_PROVIDER, `${path}.metrics`, "is missing (partial data)");

    const key = `${campaignId}/${adGroupId}/${adId}/${day}`;
    if (seen.has(key)) throw malformed(ADS_PROVIDER, path, `repeats campaign ${campaignId}${adGroupId ? `, ad group ${adGroupId}` : ""}${adId ? `, ad ${adId}` : ""} on ${day}`);
    seen.add(key);

    campaigns.set(campaignId, { ...base, campaignId, name, status: lowerStatus(field(row, "campaign", "status")) });
    // The ad-group query of older versions did not select the group's name; without one the group keeps its id as a name.
    if (level !== "campaign") {
      const groupName = field(row, "adGroup", "name");
      adGroups.set(adGroupId, { ...base, campaignId, adGroupId, name: typeof groupName === "string" && groupName ? groupName : `Ad group ${adGroupId}`, status: lowerStatus(field(row, "adGroup", "status")) });
    }
    if (level === "ad") {
      // Responsive search ads have no name of their own.
      const adName = field(row, "adGroupAd", "ad", "name");
      ads.set(adId, {
        ...base, campaignId, adGroupId, adId,
        name: typeof adName === "string" && adName ? adName : `Ad ${adId}`,
        status: lowerStatus(field(row, "adGroupAd", "status")),
        thumbnailUrl: thumbnailOf(row),
      });
    }
    insights.push({
      ...base,
      campaignId,
      adGroupId,
      adId,
      day,
      currency: account.currency,
      spend: microsToDecimal(metrics.costMicros, `${path}.metrics.costMicros`, ADS_PROVIDER),
      impressions: readCount(metrics.impressions, `${path}.metrics.impressions`, ADS_PROVIDER),
      clicks: readCount(metrics.clicks, `${path}.metrics.clicks`, ADS_PROVIDER),
      conversions: doubleToDecimal(metrics.conversions, `${path}.metrics.conversions`, ADS_PROVIDER),
      conversionValue: doubleToDecimal(metrics.conversionsValue, `${path}.metrics.conversionsValue`, ADS_PROVIDER),
    });
  }
  return { kind: "ads", campaigns: [...campaigns.values()], adGroups: [...adGroups.values()], ads: [...ads.values()], insights };
}

const CUSTOMER_ID = /^\d+$/;

/** "1234567890" -> "123-456-7890", as Google Ads shows it. */
export const formatCustomerId = (id: string) => (id.length === 10 ? `${id.slice(0, 3)}-${id.slice(3, 6)}-${id.slice(6)}` : id);

/** customers:listAccessibleCustomers -> customer ids ("customers/123" -> "123"). */
export function accessibleCustomerIds(body: unknown): string[] {
  const names = record(body)?.resourceNames;
  if (names === undefined) return [];
  if (!Array.isArray(names)) throw malformed(ADS_PROVIDER, "resourceNames", "should be a list");
  return names.map((name, i) => {
    const id = typeof name === "string" ? name.replace(/^customers\//, "") : "";
    if (!CUSTOMER_ID.test(id)) throw malformed(ADS_PROVIDER, `resourceNames[${i}]`, `should look like customers/1234567890, got ${JSON.stringify(name)}`);
    return id;
  });
}

/**
 * The customer_client rows seen from one accessible customer -> pickable accounts. A manager (MCC)
 * lists itself (flagged, not syncable) and every account under it, at any depth; those are reached
 * with the manager's id as login-customer-id.
 */
export function expandHierarchy(rootId: string, body: unknown): ProviderAccount[] {
  const accounts: ProviderAccount[] = [];
  let rootIsManager = false;
  for (const { row, path } of streamRows(body)) {
    const client = record(row.customerClient);
    if (!client) throw malformed(ADS_PROVIDER, `${path}.customerClient`, "is missing");
    const id = readText(client.id, `${path}.customerClient.id`, ADS_PROVIDER);
    const level = readCount(client.level, `${path}.customerClient.level`, ADS_PROVIDER);
    const isManager = client.manager === true;
    if (level === 0) rootIsManager = isManager;
    const name = typeof client.descriptiveName === "string" && client.descriptiveName ? client.descriptiveName : `Google Ads ${formatCustomerId(id)}`;
    accounts.push({
      id,
      name,
      currency: typeof client.currencyCode === "string" ? client.currencyCode : null,
      timeZone: typeof client.timeZone === "string" ? client.timeZone : null,
      isManager,
      loginCustomerId: level === 0 ? null : rootId,
      status: typeof client.status === "string" ? client.status.toLowerCase() : null,
    });
  }
  // A plain account sees only itself; anything else it lists is not reachable through it.
  return rootIsManager ? accounts : accounts.filter((a) => a.id === rootId);
}

/** One entry per account; direct access (no login-customer-id) wins over access through a manager. */
export function mergeAccounts(lists: ProviderAccount[][]): ProviderAccount[] {
  const byId = new Map<string, ProviderAccount>();
  for (const account of lists.flat()) {
    const known = byId.get(account.id);
    if (!known || (known.loginCustomerId && !account.loginCustomerId)) byId.set(account.id, account);
  }
  return [...byId.values()];
}
