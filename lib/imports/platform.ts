// Ad platforms named freely in uploads ("Google Ads", "Facebook Ads") land under the ids the
// connectors use, so imported and synced spend add up per platform; any other name is kept,
// lower-cased with underscores ("Pinterest Ads" -> "pinterest_ads").

const ALIASES: Record<string, string> = {
  google: "google_ads",
  google_ads: "google_ads",
  adwords: "google_ads",
  google_adwords: "google_ads",
  meta: "meta_ads",
  meta_ads: "meta_ads",
  facebook: "meta_ads",
  facebook_ads: "meta_ads",
  tiktok: "tiktok_ads",
  tiktok_ads: "tiktok_ads",
  tik_tok: "tiktok_ads",
  tik_tok_ads: "tiktok_ads",
};

/** "" when the name has no letters or digits at all. */
export function normalisePlatform(name: string): string {
  const slug = name
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  return ALIASES[slug] ?? slug;
}

/** Campaigns are matched by name ignoring case and spacing. */
export function campaignKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}
