// The shapes every part of tracking shares: what a sender posts to /api/v1/track (the wire
// event), what the event API keeps in the inbox once validated (TrackedEventInput) and what a
// stored event looks like to readers (StoredTrackedEvent). Sessions, identity, bot flagging and
// the live view read these; only lib/tracking/ingest writes them.

export const TRACKING_SOURCES = ["browser", "server", "shopify_pixel"] as const;
export type TrackingSource = (typeof TRACKING_SOURCES)[number];

export const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id"] as const;
export type UtmKey = (typeof UTM_KEYS)[number];

export const CLICK_ID_KEYS = ["gclid", "gbraid", "wbraid", "fbclid", "ttclid", "msclkid"] as const;
export type ClickIdKey = (typeof CLICK_ID_KEYS)[number];

/**
 * The click id a tracked link of an owned-channel message (/l/{token}) appends to its landing URL.
 * Not an ad network's click id: it names one click in owned_clicks, and the event carrying it ties
 * that click to its visitor (lib/owned/humans/link.ts). Sessions and channels ignore it.
 */
export const OWNED_CLICK_KEY = "sb_cid";
/** What an owned click id looks like (base64url, as lib/owned/links/follow.ts makes them). */
export const OWNED_CLICK_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Events the snippet and the web pixel send themselves; any other name is a custom event. */
export const STANDARD_EVENTS = {
  pageView: "page_view",
  identify: "identify",
  engagement: "engagement",
} as const;

/**
 * What surrounded an event. Campaign parameters and click ids as the landing URL carried them;
 * user_agent from the sender or the request's User-Agent header; country from the CDN's
 * country header (two upper-case letters), never guessed from the address.
 */
export type EventContext = Partial<Record<UtmKey | ClickIdKey, string>> & {
  /** An owned-channel tracked link's click id, from the landing URL (OWNED_CLICK_KEY). */
  sb_cid?: string;
  user_agent?: string;
  country?: string;
  /** BCP 47, e.g. "en-GB". */
  locale?: string;
  /** In CSS pixels. */
  screen?: { width: number; height: number };
  /** IANA zone the browser reported, e.g. "Europe/Berlin". */
  timezone?: string;
  page_title?: string;
  /**
   * The visitor's address, from a server-side sender (API key) only. Never stored: it becomes
   * ip_hash and ip_prefix, like a browser's own address.
   */
  ip?: string;
  /** navigator.webdriver as the page reported it (browsers under automation set it). */
  webdriver?: boolean;
  /** Which library sent it and its version, e.g. { name: "sb.js", version: "1" }; the Shopify web pixel's is "shopify_pixel". */
  library?: { name: string; version?: string };
  /**
   * Who collected it, for a write key's events: "browser" (the default) or "shopify_pixel". Events
   * sent with a secret API key are always "server". Kept out of the stored context: it becomes
   * the event's source column.
   */
  source?: string;
};

/**
 * One event as a sender posts it (alone, or as an element of `{ batch: [...] }`). `extra` is
 * accepted as another name for `properties`. The write key goes in the body (`write_key`) or the
 * `X-Signalboard-Write-Key` header; see lib/tracking/README.md.
 */
export type WireEvent = {
  event: string;
  /** ISO 8601 with a zone or offset; defaults to the time the request was received. */
  timestamp?: string;
  message_id: string;
  anonymous_id: string;
  user_id?: string | null;
  page_url?: string | null;
  referrer?: string | null;
  properties?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  context?: EventContext;
};

/** A validated event as the inbox holds it, before it is stored. Times are ISO strings (UTC). */
export type TrackedEventInput = {
  source: TrackingSource;
  message_id: string;
  event: string;
  occurred_at: string;
  anonymous_id: string;
  user_id: string | null;
  page_url: string | null;
  referrer: string | null;
  properties: Record<string, unknown>;
  context: EventContext;
  /** Keyed hash of the client address under the day's salt (lib/tracking/client-address.ts). */
  ip_hash: string | null;
  /** The client address truncated to its /24 (IPv4) or /48 (IPv6) network. */
  ip_prefix: string | null;
};

/** A row of tracked_events (Prisma's TrackedEvent model reads the same table). */
export type StoredTrackedEvent = {
  workspaceId: string;
  messageId: string;
  event: string;
  occurredAt: Date;
  receivedAt: Date;
  anonymousId: string;
  userId: string | null;
  pageUrl: string | null;
  referrer: string | null;
  properties: Record<string, unknown>;
  context: EventContext;
  ipHash: string | null;
  ipPrefix: string | null;
  writeKeyId: string | null;
  source: TrackingSource;
  isBot: boolean | null;
  botReason: string | null;
  sessionId: string | null;
};

/** Bounds of an accepted event time: earlier is refused, later than now + the skew is refused. */
export const EARLIEST_EVENT_TIME = new Date("2000-01-01T00:00:00Z");
export const MAX_FUTURE_SKEW_MS = 60 * 60 * 1000;

/** Limits of one request to the event API. */
export const TRACK_LIMITS = {
  maxBatchEvents: 100,
  maxBodyBytes: 64 * 1024,
  maxMessageIdLength: 128,
  maxIdLength: 256,
  maxEventNameLength: 128,
  maxUrlLength: 2048,
} as const;
