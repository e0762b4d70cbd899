import { PLATFORM_CHANNELS } from "@/lib/connectors/registry";

// One vocabulary of marketing channels across orders (UTM source, landing page, referrer), ad
// platforms and web analytics (session source/medium), so "channel = google" means the same
// thing in every widget. Aliases of one network collapse to one name; anything else keeps its
// own lower-cased source name.

const ALIASES: Record<string, string> = {
  fb: "facebook", facebook: "facebook", ig: "facebook", instagram: "facebook", meta: "facebook", messenger: "facebook",
  google: "google", adwords: "google", googleads: "google", google_ads: "google", youtube: "google",
  tiktok: "tiktok", tt: "tiktok", tiktok_ads: "tiktok",
  douyin: "douyin", douplus: "douyin",
  bing: "bing", microsoft: "bing",
  pinterest: "pinterest", snapchat: "snapchat", reddit: "reddit", twitter: "x", x: "x",
  email: "email", newsletter: "email", klaviyo: "email", mailchimp: "email",
};


const SEARCH_ENGINES = "(google|bing|duckduckgo|yahoo|ecosia|baidu|yandex)\\.";

// The same reduction as canonicalSql, for sources classified in the application (tracked sessions).
const HOST_PREFIX = /^(www|l|lm|m|web)\./;
const HOST_SUFFIX = /\.(com|net|org|co\.[a-z]{2}|[a-z]{2})$/;

/** A raw source name or hostname -> its channel, exactly as canonicalSql does in SQL. */
export function canonicalChannel(source: string): string {
  const host = source.trim().toLowerCase().replace(HOST_PREFIX, "").replace(HOST_SUFFIX, "");
  return Object.hasOwn(ALIASES, host) ? ALIASES[host]! : host;
}

/** Whether a referring hostname is a search engine (its visits are the "organic" channel). */
export function isSearchEngineHost(host: string): boolean {
  return new RegExp(SEARCH_ENGINES, "i").test(host);
}

/** SQL: a raw source name (already lower-cased and trimmed) -> its channel. */
function canonicalSql(source: string): string {
  // Hostnames ("l.facebook.com", "www.tiktok.com") reduce to the network's name first.
  const host = `regexp_replace(regexp_replace(${source}, '^(www|l|lm|m|web)\\.', ''), '\\.(com|net|org|co\\.[a-z]{2}|[a-z]{2})$', '')`;
  const cases = Object.entries(ALIASES)
    .map(([alias, channel]) => `WHEN '${alias}' THEN '${channel}'`)
    .join(" ");
  return `(CASE ${host} ${cases} ELSE ${host} END)`;
}

/** SQL: a source name (any case, padded or not) -> its channel: an owned send's channel, as its tracked links' utm_source names it. */
export function sourceChannelSql(source: string): string {
  return canonicalSql(`lower(btrim(${source}))`);
}

/** SQL: an order's channel, from its UTM source (or the landing page's), else its referrer. */
export function orderChannelSql(o: string): string {
  const source = `lower(btrim(COALESCE(NULLIF(btrim(${o}.utm_source), ''), substring(${o}.landing_site from '[?&]utm_source=([^&#]+)'))))`;
  return `(CASE
    WHEN NULLIF(${source}, '') IS NOT NULL THEN ${canonicalSql(source)}
    WHEN ${o}.referring_site ~* '${SEARCH_ENGINES}' THEN 'organic'
    WHEN NULLIF(btrim(${o}.referring_site), '') IS NOT NULL THEN 'referral'
    ELSE 'direct' END)`;
}

/** SQL: a web analytics session's channel, from its source and medium. */
export function sessionChannelSql(t: string): string {
  const source = `lower(btrim(${t}.source))`;
  const medium = `lower(btrim(${t}.medium))`;
  return `(CASE
    WHEN ${medium} = 'organic' THEN 'organic'
    WHEN ${source} IN ('', '(direct)', '(not set)', '(none)') THEN 'direct'
    WHEN ${medium} = 'referral' AND ${source} !~* '(facebook|instagram|tiktok|t\\.co|twitter|pinterest|reddit|youtube)' THEN 'referral'
    ELSE ${canonicalSql(source)} END)`;
}

/** SQL: an ad platform's channel. */
export function platformChannelSql(platform: string): string {
  const cases = Object.entries(PLATFORM_CHANNELS)
    .map(([p, channel]) => `WHEN '${p}' THEN '${channel}'`)
    .join(" ");
  return `(CASE ${platform} ${cases} ELSE ${canonicalSql(`lower(btrim(${platform}))`)} END)`;
}
