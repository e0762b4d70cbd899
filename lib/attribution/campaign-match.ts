import { normaliseCampaignName } from "./models";

// Which ad platform campaign a visit came from. Ids are preferred to names: a campaign id in the
// landing URL (utm_id, or a campaign id parameter the ad platform's URL template filled in), or
// a UTM campaign that is itself a campaign id, names one campaign whatever it is called now.
// Otherwise the UTM campaign and the platforms' campaign names are compared normalised the same
// way on both sides (normaliseCampaignName). When several campaigns qualify, the one on the
// platform of the visit's click id wins, then the lowest (platform, campaign id), so the answer
// never depends on row order.

export type TAdCampaign = { platform: string; campaignId: string; name: string };
export type TCampaignKey = { utmId: string | null; utmCampaign: string | null; clickPlatform: string | null };
export type TCampaignMatch = { platform: string; campaignId: string; method: "id" | "name" };

/** Ad click id type -> the ad platform (a registry key) that issued it. */
const CLICK_PLATFORMS: Record<string, string> = {
  gclid: "google_ads",
  gbraid: "google_ads",
  wbraid: "google_ads",
  fbclid: "meta_ads",
  ttclid: "tiktok_ads",
};

export function clickPlatformOf(clickIdType: string | null | undefined): string | null {
  return clickIdType && Object.hasOwn(CLICK_PLATFORMS, clickIdType) ? CLICK_PLATFORMS[clickIdType]! : null;
}

/** SQL: the ad platform of a click id type column, as clickPlatformOf. */
export function clickPlatformSql(column: string): string {
  const cases = Object.entries(CLICK_PLATFORMS).map(([type, platform]) => `WHEN '${type}' THEN '${platform}'`).join(" ");
  return `(CASE ${column} ${cases} END)`;
}

const byPreference = (clickPlatform: string | null) => (a: TAdCampaign, b: TAdCampaign) =>
  Number(b.platform === clickPlatform) - Number(a.platform === clickPlatform) ||
  (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0) ||
  (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0);

export type TCampaignMatcher = (key: TCampaignKey) => TCampaignMatch | null;

/** A matcher over one workspace's campaigns. */
export function campaignMatcher(campaigns: readonly TAdCampaign[]): TCampaignMatcher {
  const byId = new Map<string, TAdCampaign[]>();
  const byName = new Map<string, TAdCampaign[]>();
  const add = (map: Map<string, TAdCampaign[]>, key: string, campaign: TAdCampaign) => {
    if (!key) return;
    const list = map.get(key);
    if (list) list.push(campaign);
    else map.set(key, [campaign]);
  };
  for (const campaign of campaigns) {
    add(byId, campaign.campaignId.trim(), campaign);
    add(byName, normaliseCampaignName(campaign.name), campaign);
  }
  const pick = (found: TAdCampaign[] | undefined, clickPlatform: string | null) =>
    found && found.length > 0 ? [...found].sort(byPreference(clickPlatform))[0]! : null;

  return ({ utmId, utmCampaign, clickPlatform }) => {
    for (const id of [utmId, utmCampaign]) {
      const campaign = id ? pick(byId.get(id.trim()), clickPlatform) : null;
      if (campaign) return { platform: campaign.platform, campaignId: campaign.campaignId, method: "id" };
    }
    const name = utmCampaign ? normaliseCampaignName(utmCampaign) : "";
    const campaign = name ? pick(byName.get(name), clickPlatform) : null;
    return campaign ? { platform: campaign.platform, campaignId: campaign.campaignId, method: "name" } : null;
  };
}
