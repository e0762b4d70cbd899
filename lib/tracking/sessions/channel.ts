import { canonicalChannel, isSearchEngineHost } from "@/lib/metrics/definitions/channels";
import { hostOf, type Campaign, type ClickIdType } from "./campaign";

// A tracked session's channel, in the vocabulary orders, ad platforms and GA4 sessions share
// (lib/metrics/definitions/channels.ts). The rules, first match wins (lib/tracking/README.md):
// 1. utm_medium "organic" -> organic; an email medium -> email.
// 2. utm_source -> its channel (aliases collapse: fb, ig, instagram -> facebook...).
// 3. a click id -> the ad network that issued it.
// 4. the referrer: a search engine -> organic; a social site -> that network; another site
//    -> referral. A referrer on the landing page's own host is a navigation, not a source.
// 5. nothing -> direct.

const CLICK_ID_CHANNELS: Record<ClickIdType, string> = {
  gclid: "google", gbraid: "google", wbraid: "google", fbclid: "facebook", ttclid: "tiktok", msclkid: "bing",
};

const EMAIL_MEDIUMS = new Set(["email", "e-mail", "e_mail", "newsletter"]);

// Social hosts whose name does not reduce to their network by canonicalChannel alone.
const SOCIAL_HOSTS: Record<string, string> = { "t.co": "x", "x.com": "x", "lnkd.in": "linkedin", "youtu.be": "google" };
const SOCIAL = /(^|\.)(facebook|instagram|tiktok|twitter|x|pinterest|reddit|youtube|linkedin|snapchat|threads)\.(com|net)$/;

export function referrerChannel(referrer: string | null, landingPage: string | null): string | null {
  const host = hostOf(referrer);
  if (!host || host === hostOf(landingPage)) return null;
  if (isSearchEngineHost(host)) return "organic";
  if (Object.hasOwn(SOCIAL_HOSTS, host)) return SOCIAL_HOSTS[host]!;
  if (SOCIAL.test(host)) return canonicalChannel(host.replace(/^.*\.([^.]+\.[^.]+)$/, "$1"));
  return "referral";
}

export function trackedChannel(campaign: Campaign, referrer: string | null, landingPage: string | null): string {
  const medium = campaign.medium?.toLowerCase() ?? null;
  if (medium === "organic") return "organic";
  if (medium !== null && EMAIL_MEDIUMS.has(medium)) return "email";
  if (campaign.source) return canonicalChannel(campaign.source);
  if (campaign.clickIdType) return CLICK_ID_CHANNELS[campaign.clickIdType];
  return referrerChannel(referrer, landingPage) ?? "direct";
}
