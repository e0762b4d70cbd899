// What a visit's URL says about where it came from: UTM parameters and ad click ids. A session
// ends when a visit arrives with a different campaign (./sessionise.ts), so this is also the
// session's campaign identity.

export const CLICK_ID_TYPES = ["gclid", "gbraid", "wbraid", "fbclid", "ttclid", "msclkid"] as const;
export type ClickIdType = (typeof CLICK_ID_TYPES)[number];

export type Campaign = {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  clickId: string | null;
  clickIdType: ClickIdType | null;
};

export const NO_CAMPAIGN: Campaign = { source: null, medium: null, campaign: null, clickId: null, clickIdType: null };

/** Hosts and URLs above this length are cut: they are labels, not payloads. */
const MAX_VALUE = 512;

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, MAX_VALUE) : null;
}

export function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The campaign a page URL carries (UTM source/medium/campaign, the first click id present). */
export function campaignOf(pageUrl: string | null | undefined): Campaign {
  const params = parseUrl(pageUrl)?.searchParams;
  if (!params) return NO_CAMPAIGN;
  const clickIdType = CLICK_ID_TYPES.find((type) => clean(params.get(type)) !== null) ?? null;
  return {
    source: clean(params.get("utm_source")),
    medium: clean(params.get("utm_medium")),
    campaign: clean(params.get("utm_campaign")),
    clickId: clickIdType ? clean(params.get(clickIdType)) : null,
    clickIdType,
  };
}

/** The campaign as a sender captured it in the event's context (utm_* and click id keys). */
export function campaignFromContext(context: Record<string, unknown>): Campaign {
  const text = (key: string) => (typeof context[key] === "string" ? clean(context[key]) : null);
  const clickIdType = CLICK_ID_TYPES.find((type) => text(type) !== null) ?? null;
  return {
    source: text("utm_source"),
    medium: text("utm_medium"),
    campaign: text("utm_campaign"),
    clickId: clickIdType ? text(clickIdType) : null,
    clickIdType,
  };
}

export function hasCampaign(c: Campaign): boolean {
  return c.source !== null || c.medium !== null || c.campaign !== null || c.clickId !== null;
}

/** Two campaigns are the same when every UTM value (case-insensitively) and the click id match. */
export function sameCampaign(a: Campaign, b: Campaign): boolean {
  const same = (x: string | null, y: string | null) => (x?.toLowerCase() ?? null) === (y?.toLowerCase() ?? null);
  return same(a.source, b.source) && same(a.medium, b.medium) && same(a.campaign, b.campaign) && a.clickId === b.clickId;
}

/** A referrer's hostname, lower-cased, or null when there is none or it is not a URL. */
export function hostOf(url: string | null | undefined): string | null {
  return parseUrl(url)?.hostname.toLowerCase() || null;
}
