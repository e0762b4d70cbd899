import type { AdGroupInput, AdInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { apportionMinor } from "@/lib/attribution/models/apportion";
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import type { DemoAdAccount, DemoCampaign } from "./accounts";

// The demo campaigns' ad groups (Meta: ad sets) and ads. A campaign's day is split between its
// ads by each ad's weight (with daily noise), in whole cents and whole clicks, so ads add up
// exactly to their ad group and ad groups to their campaign. One ad per ad group was paused three
// weeks before the history ends and spends nothing since. Ad-level detail covers the last
// AD_LEVEL_DAYS of the history (and the days after it); older days are reported per campaign
// only, as an account that started using ad-level reports then, which keeps the demo's seed small. Thumbnails are small SVG data: images,
// so the demo never reaches an outside host; Google's search ads have none.

export const PAUSED_DAYS_BEFORE_END = 21;
export const AD_LEVEL_DAYS = 120;

type Theme = { groups: [string, string]; ads: [string, string, string]; active: string; thumbnails: boolean };

const THEMES: Record<DemoAdAccount["provider"], Theme> = {
  google_ads: { groups: ["Exact match", "Phrase match"], ads: ["Responsive search ad A", "Responsive search ad B", "Responsive search ad C"], active: "enabled", thumbnails: false },
  meta_ads: { groups: ["Lookalike 1%", "Interests - Hearing health"], ads: ["Video - Unboxing", "Carousel - Best sellers", "Static - Testimonial"], active: "active", thumbnails: true },
  tiktok_ads: { groups: ["Creators 25-44", "Broad 18+"], ads: ["Spark - @quietlife", "In-feed - Product demo", "Spark - @audiofan"], active: "enable", thumbnails: true },
};

/** How much of its ad group's delivery each ad takes before noise: the first ad wins. */
const AD_WEIGHTS = [1, 0.6, 0.3];
const GROUP_WEIGHTS = [1, 0.55];

export type DemoAd = { id: string; name: string; weight: number; paused: boolean; thumbnailUrl: string | null };
export type DemoAdGroup = { id: string; name: string; weight: number; ads: DemoAd[] };

/** A 64x64 tile in the ad's colour with its initials, as a data: URL. */
function thumbnail(name: string, hue: number): string {
  const initials = name.replace(/[^A-Za-z ]/g, " ").split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="8" fill="hsl(${hue},55%,45%)"/>` +
    `<text x="32" y="40" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** A campaign's ad groups and ads: sale campaigns run one ad group, the others two. */
export function adGroupsOf(account: DemoAdAccount, campaign: DemoCampaign): DemoAdGroup[] {
  const theme = THEMES[account.provider];
  const groups = campaign.sale ? 1 : 2;
  return theme.groups.slice(0, groups).map((groupName, g) => ({
    id: `${campaign.id}${g + 1}`,
    name: `${campaign.name} - ${groupName}`,
    weight: GROUP_WEIGHTS[g]!,
    ads: theme.ads.map((adName, k) => ({
      id: `${campaign.id}${g + 1}0${k + 1}`,
      name: adName,
      weight: AD_WEIGHTS[k]!,
      paused: k === 2,
      thumbnailUrl: theme.thumbnails ? thumbnail(adName, (Number(campaign.id.slice(-3)) * 47 + g * 90 + k * 37) % 360) : null,
    })),
  }));
}

export function demoAdGroups(account: DemoAdAccount): AdGroupInput[] {
  const status = THEMES[account.provider].active;
  return account.campaigns.flatMap((campaign) =>
    adGroupsOf(account, campaign).map((group) => ({
      platform: account.provider, accountId: account.accountId, campaignId: campaign.id, adGroupId: group.id, name: group.name,
      status: campaign.sale ? "paused" : status,
    })),
  );
}

export function demoAds(account: DemoAdAccount): AdInput[] {
  const status = THEMES[account.provider].active;
  return account.campaigns.flatMap((campaign) =>
    adGroupsOf(account, campaign).flatMap((group) =>
      group.ads.map((ad) => ({
        platform: account.provider, accountId: account.accountId, campaignId: campaign.id, adGroupId: group.id, adId: ad.id, name: ad.name,
        status: ad.paused || campaign.sale ? "paused" : status, thumbnailUrl: ad.thumbnailUrl,
      })),
    ),
  );
}

const hundredthsOf = (decimal: string) => parseDecimal(decimal) / 100n;
const fromHundredths = (value: bigint) => formatDecimal(value * 100n, 2);

/**
 * A campaign's row split into its ads' rows. `noise(item)` is around 1 per ad and day; `paused`
 * says whether paused ads have stopped on this day.
 */
export function splitToAds(row: AdInsightInput, groups: DemoAdGroup[], noise: (item: number) => number, paused: boolean): AdInsightInput[] {
  const ads = groups.flatMap((group) => group.ads.map((ad) => ({ group, ad })));
  const weights = ads.map(({ group, ad }, i) => (paused && ad.paused ? 0 : group.weight * ad.weight * noise(i)));
  const split = (total: bigint) => apportionMinor(total, weights);
  const spend = split(hundredthsOf(row.spend));
  const impressions = split(BigInt(row.impressions));
  const clicks = split(BigInt(row.clicks));
  const conversions = split(hundredthsOf(row.conversions));
  const value = split(hundredthsOf(row.conversionValue));
  return ads.flatMap(({ group, ad }, i) =>
    weights[i] === 0
      ? []
      : [{
          ...row, adGroupId: group.id, adId: ad.id, spend: fromHundredths(spend[i]!), impressions: Number(impressions[i]!), clicks: Number(clicks[i]!),
          conversions: fromHundredths(conversions[i]!), conversionValue: fromHundredths(value[i]!),
        }],
  );
}

/** The ad group and campaign rows that ad rows add up to, exactly (the sums of their cents and counts). */
export function rowsAboveAds(adRows: AdInsightInput[]): AdInsightInput[] {
  const sums = new Map<string, { row: AdInsightInput; spend: bigint; impressions: number; clicks: number; conversions: bigint; value: bigint }>();
  for (const row of adRows) {
    for (const adGroupId of [row.adGroupId ?? "", ""]) {
      const key = `${row.campaignId}/${adGroupId}/${row.day}`;
      const sum = sums.get(key) ?? { row: { ...row, adGroupId, adId: "" }, spend: 0n, impressions: 0, clicks: 0, conversions: 0n, value: 0n };
      sum.spend += hundredthsOf(row.spend);
      sum.impressions += row.impressions;
      sum.clicks += row.clicks;
      sum.conversions += hundredthsOf(row.conversions);
      sum.value += hundredthsOf(row.conversionValue);
      sums.set(key, sum);
    }
  }
  return [...sums.values()].map((s) => ({
    ...s.row, spend: fromHundredths(s.spend), impressions: s.impressions, clicks: s.clicks,
    conversions: fromHundredths(s.conversions), conversionValue: fromHundredths(s.value),
  }));
}
