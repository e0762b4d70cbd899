// The demo store's ad links, as its visitors arrive through them: the campaigns are the demo ad
// accounts' own (lib/connectors/demo-ads/accounts.ts), tagged the ways real shops tag them, so
// the campaign match has every case to show:
// - by id: the platform's URL template fills in the campaign id (Google's {campaignid}, Meta's
//   {{campaign.id}}) as utm_id, next to a hand-typed UTM campaign;
// - by name: only the UTM campaign, the campaign's name as the platform's macro writes it or as
//   someone retyped it ("prospecting_broad"), equal once normalised;
// - unmatched: a tag no campaign has (a test nobody set up as its own campaign), listed by the
//   campaign match rate.
// The purchase session keeps the landing page the store recorded for its order, with the id the
// URL template appended where the store has one (Google and Meta; its TikTok links carry none).

import { normaliseCampaignName } from "@/lib/attribution/models";
import { DEMO_AD_ACCOUNTS, type DemoAdAccount, type DemoCampaign } from "@/lib/connectors/demo-ads/accounts";

export type AdPlatform = DemoAdAccount["provider"];
export type Tagging = "id" | "name" | "unmatched";

type LinkStyle = {
  source: string;
  medium: string;
  clickId: string;
  referrer: string;
  /** Shares of links tagged by id, by name only, and with a tag no campaign has. */
  tagging: Record<Tagging, number>;
  /** How someone retyped a campaign's name, and tags that match no campaign. */
  retyped: (name: string) => string;
  strays: readonly string[];
};

const STYLES: Record<AdPlatform, LinkStyle> = {
  google_ads: {
    source: "google", medium: "cpc", clickId: "gclid", referrer: "https://www.google.com/",
    tagging: { id: 0.7, name: 0.2, unmatched: 0.1 },
    retyped: (name) => name.toLowerCase().replace(/\s+-\s+/g, "-").replace(/\s+/g, "-"),
    strays: ["pmax-test"],
  },
  meta_ads: {
    source: "facebook", medium: "paid_social", clickId: "fbclid", referrer: "https://l.facebook.com/",
    tagging: { id: 0.5, name: 0.4, unmatched: 0.1 },
    retyped: (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
    strays: ["lookalike-1pct-test", "ugc-hooks-v2"],
  },
  tiktok_ads: {
    source: "tiktok", medium: "paid_social", clickId: "ttclid", referrer: "https://www.tiktok.com/",
    // TikTok's __CAMPAIGN_NAME__ writes the name as it is; the store never added the id.
    tagging: { id: 0, name: 0.85, unmatched: 0.15 },
    retyped: (name) => name,
    strays: ["creator-whitelisting"],
  },
};

function accountOf(platform: AdPlatform): DemoAdAccount {
  const account = DEMO_AD_ACCOUNTS.find((a) => a.provider === platform);
  if (!account) throw new Error(`The demo has no ${platform} account.`);
  return account;
}

/** The first of `platform`'s demo campaigns whose name starts with `prefix`, compared normalised. */
function campaignStartingWith(platform: AdPlatform, prefix: string): DemoCampaign | undefined {
  const wanted = normaliseCampaignName(prefix);
  return wanted ? accountOf(platform).campaigns.find((c) => normaliseCampaignName(c.name).startsWith(wanted)) : undefined;
}

export function demoCampaign(platform: AdPlatform, prefix: string): DemoCampaign {
  const campaign = campaignStartingWith(platform, prefix);
  if (!campaign) throw new Error(`The demo's ${platform} account has no campaign "${prefix}".`);
  return campaign;
}

export type AdLink = { params: URLSearchParams; referrer: string; tagging: Tagging };

/** A click on `campaign`'s ad, tagged as the store tags that platform's links (u: the session's draws). */
export function adLink(platform: AdPlatform, campaign: DemoCampaign, u: () => number): AdLink {
  const style = STYLES[platform];
  const r = u();
  const tagging: Tagging = r < style.tagging.id ? "id" : r < style.tagging.id + style.tagging.name ? "name" : "unmatched";
  const utmCampaign =
    tagging === "unmatched" ? style.strays[Math.floor(u() * style.strays.length)]! : tagging === "name" ? style.retyped(campaign.name) : slug(campaign.name);
  const params = new URLSearchParams({ utm_source: style.source, utm_medium: style.medium, utm_campaign: utmCampaign });
  if (tagging === "id") params.set("utm_id", campaign.id);
  params.set(style.clickId, Math.floor(u() * 1e12).toString(36));
  return { params, referrer: style.referrer, tagging };
}

/** A campaign tag typed by hand for a link: "Prospecting - Broad" -> "prospecting-broad". */
function slug(name: string): string {
  return normaliseCampaignName(name).replace(/_/g, "-");
}

const STORE_PLATFORMS: Record<string, AdPlatform | undefined> = { google: "google_ads", facebook: "meta_ads" };

/**
 * The purchase session's landing page: the one the store recorded for the order, plus the
 * campaign id the platform's URL template appended (Google and Meta links), when the order's
 * UTM campaign is the start of one of that platform's campaign names ("brand" -> "Brand - Search").
 */
export function withTemplateId(landingPage: string, utm: { source: string; campaign: string } | null): string {
  const platform = utm ? STORE_PLATFORMS[utm.source] : undefined;
  const campaign = utm && platform ? campaignStartingWith(platform, utm.campaign) : undefined;
  return campaign ? `${landingPage}${landingPage.includes("?") ? "&" : "?"}utm_id=${campaign.id}` : landingPage;
}
