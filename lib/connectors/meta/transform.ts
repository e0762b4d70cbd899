import type { AdCampaignInput, AdGroupInput, AdInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import type { AdStats, ProviderAccount } from "../contracts/ad-source";
import { adAccountPath } from "./config";
import { listAt, objectAt, wireReader } from "./values";

// Pure transforms from Graph API answers to our facts.
//
// Purchases: Meta reports one purchase under several overlapping action types (omni_purchase is
// every channel together; purchase and offsite_conversion.fb_pixel_purchase are subsets that often
// carry the same number). Adding them would count a sale two or three times, so a row takes the
// first of PURCHASE_ACTION_TYPES it carries, in actions or action_values, and reads both the count
// and the value under that one type. omni_purchase comes first because it is what Ads Manager's
// "Purchases" column shows. A row with none of them had no purchases: 0 and 0.

export const PURCHASE_ACTION_TYPES = ["omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase"] as const;

const read = wireReader("meta_ads", "Meta");

type ActionEntry = { type: string; value: unknown; path: string };

function actionsOf(row: Record<string, unknown>, field: "actions" | "action_values", path: string): ActionEntry[] {
  if (row[field] === undefined || row[field] === null) return [];
  return listAt(read, row[field], `${path}.${field}`).map((entry, i) => {
    const item = objectAt(read, entry, `${path}.${field}[${i}]`);
    return { type: read.text(item.action_type, `${path}.${field}[${i}].action_type`), value: item.value, path: `${path}.${field}[${i}].value` };
  });
}

function purchaseType(actions: ActionEntry[], values: ActionEntry[]): string | null {
  const present = new Set([...actions, ...values].map((a) => a.type));
  return PURCHASE_ACTION_TYPES.find((type) => present.has(type)) ?? null;
}

function amountOf(entries: ActionEntry[], type: string | null): string {
  const entry = type ? entries.find((a) => a.type === type) : undefined;
  return entry ? read.decimal(entry.value, entry.path) : "0";
}

type Account = Pick<ProviderAccount, "id" | "currency">;

/** The day, currency and numbers of one insights row, whatever its level. */
function rowFacts(row: Record<string, unknown>, path: string, account: Account) {
  const currencySource = row.account_currency ?? account.currency;
  const actions = actionsOf(row, "actions", path);
  const values = actionsOf(row, "action_values", path);
  const type = purchaseType(actions, values);
  return {
    day: read.day(row.date_start, `${path}.date_start`),
    currency: read.text(currencySource, `${path}.account_currency`).toUpperCase(),
    spend: read.decimal(row.spend, `${path}.spend`),
    impressions: read.count(row.impressions, `${path}.impressions`),
    clicks: read.count(row.clicks, `${path}.clicks`),
    conversions: amountOf(actions, type),
    conversionValue: amountOf(values, type),
  };
}

/** Insights rows (level=campaign, time_increment=1) to campaigns and daily insights. */
export function insightsToAdStats(rows: unknown[], account: Account): AdStats {
  const accountId = adAccountPath(account.id);
  const campaigns = new Map<string, AdCampaignInput>();
  const insights: AdInsightInput[] = [];

  rows.forEach((raw, i) => {
    const path = `data[${i}]`;
    const row = objectAt(read, raw, path);
    const campaignId = read.text(row.campaign_id, `${path}.campaign_id`);
    const name = read.text(row.campaign_name, `${path}.campaign_name`);
    campaigns.set(campaignId, { platform: "meta_ads", accountId, campaignId, name, status: null });
    insights.push({ platform: "meta_ads", accountId, campaignId, adGroupId: "", adId: "", ...rowFacts(row, path, account) });
  });
  return { kind: "ads", campaigns: [...campaigns.values()], insights };
}

/** Objects' effective_status and creative thumbnail, by id, as the ids lookup returns them. */
export type ObjectDetails = Map<string, { status: string | null; thumbnailUrl: string | null }>;

export type BelowCampaignStats = { adGroups: AdGroupInput[]; ads: AdInput[]; insights: AdInsightInput[] };

/**
 * Insights rows at level=adset or level=ad to ad groups (Meta's ad sets), ads and their daily
 * insights. Names come from the rows (the newest a window saw); status and thumbnail from
 * `details`, which may lack an object Meta no longer returns.
 */
export function levelInsights(rows: unknown[], account: Account, level: "adset" | "ad", details: ObjectDetails): BelowCampaignStats {
  const accountId = adAccountPath(account.id);
  const adGroups = new Map<string, AdGroupInput>();
  const ads = new Map<string, AdInput>();
  const insights: AdInsightInput[] = [];
  const seen = new Set<string>();

  rows.forEach((raw, i) => {
    const path = `data[${i}]`;
    const row = objectAt(read, raw, path);
    const base = { platform: "meta_ads", accountId, campaignId: read.text(row.campaign_id, `${path}.campaign_id`), adGroupId: read.text(row.adset_id, `${path}.adset_id`) };
    const adId = level === "ad" ? read.text(row.ad_id, `${path}.ad_id`) : "";
    const facts = rowFacts(row, path, account);
    const key = `${base.adGroupId}/${adId}/${facts.day}`;
    if (seen.has(key)) throw read.malformed(path, `one row per ${level === "ad" ? "ad" : "ad set"} and day`, "a repeated row");
    seen.add(key);

    if (level === "adset") {
      const detail = details.get(base.adGroupId);
      adGroups.set(base.adGroupId, { ...base, name: read.text(row.adset_name, `${path}.adset_name`), status: detail?.status ?? null });
    } else {
      const detail = details.get(adId);
      ads.set(adId, { ...base, adId, name: read.text(row.ad_name, `${path}.ad_name`), status: detail?.status ?? null, thumbnailUrl: detail?.thumbnailUrl ?? null });
    }
    insights.push({ ...base, adId, ...facts });
  });
  return { adGroups: [...adGroups.values()], ads: [...ads.values()], insights };
}

/** The ids lookup's answer ({"<id>": {effective_status, creative: {thumbnail_url}}}) by id. */
export function objectDetails(answer: unknown): ObjectDetails {
  const details: ObjectDetails = new Map();
  for (const [id, raw] of Object.entries(objectAt(read, answer, "the ids answer"))) {
    const item = objectAt(read, raw, id);
    const creative = item.creative === undefined ? {} : objectAt(read, item.creative, `${id}.creative`);
    const thumbnail = creative.thumbnail_url;
    details.set(id, {
      status: typeof item.effective_status === "string" ? item.effective_status.toLowerCase() : null,
      thumbnailUrl: typeof thumbnail === "string" && thumbnail.startsWith("https://") ? thumbnail : null,
    });
  }
  return details;
}

// https://developers.facebook.com/docs/marketing-api/reference/ad-account: account_status.
const ACCOUNT_STATUS: Record<number, string> = {
  1: "active",
  2: "disabled",
  3: "unsettled",
  7: "pending_risk_review",
  8: "pending_settlement",
  9: "in_grace_period",
  100: "pending_closure",
  101: "closed",
  201: "any_active",
  202: "any_closed",
};

export function accountStatusWord(status: unknown): string | null {
  const code = typeof status === "number" ? status : typeof status === "string" ? Number(status) : NaN;
  return ACCOUNT_STATUS[code] ?? (Number.isFinite(code) ? `status_${code}` : null);
}

/** /me/adaccounts items to the account picker's entries. */
export function adAccountsToProviderAccounts(items: unknown[]): ProviderAccount[] {
  return items.map((raw, i) => {
    const path = `data[${i}]`;
    const item = objectAt(read, raw, path);
    const id = read.text(item.account_id ?? item.id, `${path}.account_id`);
    return {
      id: adAccountPath(id),
      name: read.text(item.name, `${path}.name`),
      currency: typeof item.currency === "string" ? item.currency.toUpperCase() : null,
      timeZone: typeof item.timezone_name === "string" ? item.timezone_name : null,
      status: accountStatusWord(item.account_status),
    };
  });
}
