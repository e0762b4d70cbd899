// Visitor traffic for the demo store, consistent with its orders: a pure function of the store's
// seed and a time window, so the demo workspace always receives the same events.
//
// - Every web order in the window is preceded by its purchase session: it lands on the order's own
//   landing page (so its UTM parameters and click id are the order's channel and campaign), views
//   the product, adds it to the cart and passes the checkout steps to checkout_completed, which
//   names the order's id.
// - Journeys are multi-session the way a store's are: most buyers first came from a paid social
//   ad (Meta or TikTok prospecting) days or weeks before, some came back through search, email,
//   direct or a retargeting ad in between, and the purchase session (mostly search or email)
//   closes them; the rest bought on their only visit. So first-touch credits paid social more
//   and last-touch credits search and email more, as they do for real stores.
// - UNTRACKED_SHARE of web orders have no tracked visit at all (consent declined, a blocker), as
//   do draft orders, so the order match rate is realistic rather than perfect.
// - More sessions end without an order (NON_BUYER_SESSIONS per order, at the same rhythm).
// - Returning customers come back on the same device (the anonymous id is keyed by the customer)
//   and some non-buyers return too, so visitors repeat.
// - About BOT_SHARE of sessions are bots: crawler or headless user agents, a page every 300 ms.
// Ad links are tagged as ./ad-links.ts describes. The storefront's page views come from the
// snippet ("browser"), the shop's commerce and checkout events from the Shopify web pixel
// ("shopify_pixel"); the demo's snippet and pixel share the visitor id. Message ids are
// deterministic, so delivering the same window twice stores it once.

import { CATALOG } from "@/lib/connectors/shopify/demo/catalog";
import { type DemoOrder, type DemoStore, type DemoVisit } from "@/lib/connectors/shopify/demo/generator";
import { hash32, sequence } from "@/lib/connectors/shopify/demo/random";
import type { WireEvent } from "@/lib/tracking/event";
import { campaignParamsOf } from "@/lib/tracking/shopify-pixel-map";
import { adLink, demoCampaign, withTemplateId, type AdPlatform } from "./ad-links";

export const DEMO_STOREFRONT = "https://alpha-hearing.example";
export const NON_BUYER_SESSIONS = 2;
export const BOT_SHARE = 0.04;
/** Web orders whose buyer was never tracked (consent declined, a blocker). */
export const UNTRACKED_SHARE = 0.12;
/** Tracked orders whose purchase session was the buyer's only visit. */
export const SINGLE_TOUCH_SHARE = 0.3;
/** A journey's first visit comes up to this many days before its order: beyond the 28-day window for a few. */
export const JOURNEY_DAYS = 32;

export type DemoTrafficSource = "browser" | "shopify_pixel";
export type DemoTrafficEvent = Omit<WireEvent, "context"> & {
  timestamp: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown> & { source: DemoTrafficSource; user_agent: string };
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const DEVICES = [
  { weight: 48, ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", screen: { width: 390, height: 844 } },
  { weight: 22, ua: "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", screen: { width: 412, height: 915 } },
  { weight: 18, ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", screen: { width: 1440, height: 900 } },
  { weight: 12, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", screen: { width: 1920, height: 1080 } },
];
const BOTS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
];
const PATHS = ["/", "/products/alpha-pro", "/products/alpha-pro-ultimate-kit", "/products/alpha", "/collections/accessories", "/collections/hearing-aids", "/pages/hearing-test"];
const COUNTRIES = ["US", "US", "US", "US", "US", "US", "US", "CA", "GB", "AU", "DE"];
type Entry = { landing: string; referrer: string | null };
type EntryKind = { weight: number; visit: (u: () => number) => Entry };

const SEARCH_ENGINES = ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/"];
const organic = (u: () => number): Entry => ({ landing: `${DEMO_STOREFRONT}${pick(PATHS, u)}`, referrer: pick(SEARCH_ENGINES, u) });
const direct = (u: () => number): Entry => ({ landing: `${DEMO_STOREFRONT}${pick(PATHS, u)}`, referrer: null });
const email = (u: () => number): Entry => {
  const params = new URLSearchParams({ utm_source: "email", utm_medium: "email", utm_campaign: pick(["newsletter", "winback"], u) });
  return { landing: `${DEMO_STOREFRONT}${pick(PATHS, u)}?${params}`, referrer: null };
};
const ad = (platform: AdPlatform, campaigns: readonly string[]) => (u: () => number): Entry => {
  const link = adLink(platform, demoCampaign(platform, pick(campaigns, u)), u);
  return { landing: `${DEMO_STOREFRONT}${pick(PATHS, u)}?${link.params}`, referrer: link.referrer };
};
const GOOGLE_CAMPAIGNS = ["Brand", "Alpha Pro", "Shopping"];

const BROWSING_ENTRIES: EntryKind[] = [
  { weight: 30, visit: organic },
  { weight: 22, visit: direct },
  { weight: 18, visit: ad("meta_ads", ["Prospecting", "Retargeting"]) },
  { weight: 18, visit: ad("google_ads", GOOGLE_CAMPAIGNS) },
  { weight: 7, visit: ad("tiktok_ads", ["Spark Ads"]) },
  { weight: 5, visit: email },
];
/** How a buyer's journey opened: mostly prospecting on paid social. */
const JOURNEY_OPENERS: EntryKind[] = [
  { weight: 48, visit: ad("meta_ads", ["Prospecting"]) },
  { weight: 32, visit: ad("tiktok_ads", ["Spark Ads"]) },
  { weight: 12, visit: organic },
  { weight: 8, visit: ad("google_ads", GOOGLE_CAMPAIGNS) },
];
/** Visits between the first and the purchase: coming back to look again. */
const JOURNEY_RETURNS: EntryKind[] = [
  { weight: 30, visit: organic },
  { weight: 20, visit: email },
  { weight: 25, visit: direct },
  { weight: 25, visit: ad("meta_ads", ["Retargeting"]) },
];

function pick<T>(items: readonly T[], u: () => number): T {
  return items[Math.floor(u() * items.length)]!;
}

function weighted<T extends { weight: number }>(items: readonly T[], u: () => number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let target = u() * total;
  for (const item of items) {
    target -= item.weight;
    if (target < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A visitor id that looks like the snippet's (a UUID), derived from (seed, key). */
function visitorId(seed: number, key: number, stream: number): string {
  const hex = [0, 1, 2, 3].map((k) => hash32(seed, key, stream * 8 + k).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const STREAM = { buyer: 1, guest: 2, browser: 3, session: 4, bot: 5, research: 6 } as const;

type Visitor = { id: string; ua: string; screen: { width: number; height: number }; country: string };

class Session {
  readonly events: DemoTrafficEvent[] = [];
  private page: string;
  private n = 0;

  constructor(
    private readonly key: string,
    private readonly visitor: Visitor,
    private at: number,
    landing: string,
    private referrer: string | null,
  ) {
    this.page = landing;
  }

  /** Moves the clock on by `ms` and records an event at that instant. */
  add(ms: number, event: string, source: DemoTrafficSource, properties: Record<string, unknown> = {}, page = this.page) {
    this.at += ms;
    this.page = page;
    const campaign = campaignParamsOf(page);
    this.events.push({
      event,
      message_id: `demo-${this.key}-${this.n++}`,
      timestamp: new Date(this.at).toISOString(),
      anonymous_id: this.visitor.id,
      page_url: page,
      ...(this.referrer ? { referrer: this.referrer } : {}),
      properties,
      context: { ...campaign, user_agent: this.visitor.ua, screen: this.visitor.screen, locale: "en-US", country: this.visitor.country, source },
    });
    // Only the landing page view carries the external referrer.
    if (event === "page_view") this.referrer = null;
  }

  pageView(ms: number, path: string) {
    this.add(ms, "page_view", "browser", {}, `${DEMO_STOREFRONT}${path}`);
  }

  get time() {
    return this.at;
  }
}

function productOf(order: DemoOrder) {
  const line = order.lines.find((l) => CATALOG[l.product]!.group !== "fee") ?? order.lines[0];
  const product = line ? CATALOG[line.product]! : CATALOG[0]!;
  return { line, product, path: `/products/${product.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}` };
}

/** The orders's total in the presentment currency, as an exact decimal string. */
function orderTotal(order: DemoOrder): string {
  const cents = order.lines.reduce((sum, l) => sum + l.unitCents * l.quantity - l.discountCents + l.taxCents, 0) + order.shippingCents;
  const converted = Math.round(cents * order.presentment.rate);
  return `${Math.floor(converted / 100)}.${String(converted % 100).padStart(2, "0")}`;
}

function purchaseSession(seed: number, order: DemoOrder, visit: DemoVisit, visitor: Visitor, u: () => number): DemoTrafficEvent[] {
  const { line, product, path } = productOf(order);
  const steps = 9;
  const span = (6 + 20 * u()) * MINUTE;
  const step = span / steps;
  const landing = withTemplateId(visit.landingPage, visit.utm);
  const session = new Session(`${seed}-o${order.index}`, visitor, order.createdAt - span, landing, visit.referrerUrl);
  const ids = { product_id: String(8_000_000_000 + (line?.product ?? 0)), product_title: product.title };
  const value = orderTotal(order);
  const currency = order.presentment.currency;
  session.add(0, "page_view", "browser");
  if (!landing.includes(path)) session.pageView(step, path);
  session.add(2_000, "product_viewed", "shopify_pixel", { ...ids, value: (product.priceCents / 100).toFixed(2), currency: "USD" });
  session.add(step, "product_added_to_cart", "shopify_pixel", { ...ids, quantity: line?.quantity ?? 1 });
  session.pageView(step / 2, "/cart");
  session.add(1_000, "cart_viewed", "shopify_pixel", { quantity: line?.quantity ?? 1 });
  const checkout = `${DEMO_STOREFRONT}/checkouts/cn/demo${order.index}`;
  const token = `demo${order.index}`;
  for (const name of ["checkout_started", "checkout_contact_info_submitted", "checkout_address_info_submitted", "checkout_shipping_info_submitted", "payment_info_submitted"]) {
    session.add(step / 2, name, "shopify_pixel", { checkout_token: token, value, currency }, checkout);
  }
  // Lands exactly on the order's creation time: the checkout completes as the order is created.
  session.add(order.createdAt - session.time, "checkout_completed", "shopify_pixel", {
    checkout_token: token,
    value,
    currency,
    order_id: String(order.id),
    customer_id: order.customerRoot === null ? null : String(7_000_000_000_000 + order.customerRoot),
  }, `${checkout}/thank-you`);
  return session.events;
}

function browsingSession(key: string, visitor: Visitor, start: number, entries: readonly EntryKind[], u: () => number): DemoTrafficEvent[] {
  const entry = weighted(entries, u).visit(u);
  const session = new Session(key, visitor, start, entry.landing, entry.referrer);
  session.add(0, "page_view", "browser");
  const pages = 1 + Math.floor(u() * u() * 5);
  for (let p = 1; p < pages; p++) {
    const path = pick(PATHS, u);
    session.pageView((20 + 100 * u()) * 1000, path);
    if (path.startsWith("/products/")) session.add(1_500, "product_viewed", "shopify_pixel", { product_title: path.slice(10) });
  }
  const r = u();
  if (r < 0.06) {
    session.add((30 + 60 * u()) * 1000, "product_added_to_cart", "shopify_pixel", { quantity: 1 });
    session.pageView(5_000, "/cart");
    session.add(1_000, "cart_viewed", "shopify_pixel", { quantity: 1 });
    // Some abandon in checkout.
    if (r < 0.02) session.add(40_000, "checkout_started", "shopify_pixel", {}, `${DEMO_STOREFRONT}/checkouts/cn/${key}`);
  }
  session.add((10 + 50 * u()) * 1000, "engagement", "browser", { engaged_ms: Math.round((15 + 200 * u()) * 1000) });
  return session.events;
}

function botSession(key: string, seed: number, index: number, start: number, u: () => number): DemoTrafficEvent[] {
  const visitor: Visitor = { id: visitorId(seed, index, STREAM.bot), ua: pick(BOTS, u), screen: { width: 1280, height: 720 }, country: "US" };
  const session = new Session(key, visitor, start, `${DEMO_STOREFRONT}/`, null);
  session.add(0, "page_view", "browser");
  // A page every 300 ms: faster than anyone reads.
  for (let p = 0; p < 11; p++) session.pageView(300, pick(PATHS, u));
  return session.events;
}

/**
 * The buyer's visits before the purchase session: none for a single-touch journey; else the
 * visit that opened it, 1 to JOURNEY_DAYS days before the order, and up to two returns between.
 */
function journeyBefore(key: string, order: DemoOrder, buyer: Visitor, u: () => number): DemoTrafficEvent[] {
  if (u() < SINGLE_TOUCH_SHARE) return [];
  const opened = order.createdAt - (1 + (JOURNEY_DAYS - 1) * u()) * DAY;
  const r = u();
  const returns = r < 0.5 ? 0 : r < 0.8 ? 1 : 2;
  // Returns fall between the opening visit and the last hour before the purchase.
  const times = Array.from({ length: returns }, () => opened + u() * (order.createdAt - 60 * MINUTE - opened)).sort((a, b) => a - b);
  return [
    ...browsingSession(`${key}-0`, buyer, opened, JOURNEY_OPENERS, u),
    ...times.flatMap((at, k) => browsingSession(`${key}-${k + 1}`, buyer, at, JOURNEY_RETURNS, u)),
  ];
}

/**
 * The demo's traffic for orders created in [fromMs, toMs), events after `nowMs` left out (a
 * session still under way has only its past). Ordered by time.
 */
export function demoTraffic(store: DemoStore, fromMs: number, toMs: number, nowMs = toMs): DemoTrafficEvent[] {
  const seed = store.seed;
  const events: DemoTrafficEvent[] = [];
  const first = store.countBefore(fromMs);
  const end = store.countBefore(toMs);
  for (let i = first; i < end; i++) {
    const u = sequence(hash32(seed, i, 0x7a11ff1c));
    const order = store.order(i);
    const visitorOf = (key: number, stream: number): Visitor => {
      const device = weighted(DEVICES, sequence(hash32(seed, key, stream)));
      return { id: visitorId(seed, key, stream), ua: device.ua, screen: device.screen, country: order.country };
    };

    if (order.visit && !order.test) {
      // A returning customer mostly comes back on the device they bought on before.
      const returning = order.customerRoot !== null && order.customerRoot !== i && u() < 0.7;
      const buyer = returning ? visitorOf(order.customerRoot!, STREAM.buyer) : visitorOf(i, STREAM.guest);
      if (u() >= UNTRACKED_SHARE) {
        events.push(...journeyBefore(`${seed}-r${i}`, order, buyer, u));
        events.push(...purchaseSession(seed, order, order.visit, buyer, u));
      }
    }

    // Sessions without an order, spread around this order's time so they follow the store's rhythm.
    for (let k = 0; k < NON_BUYER_SESSIONS; k++) {
      const index = i * NON_BUYER_SESSIONS + k;
      const start = order.createdAt + (u() - 0.5) * 6 * 60 * MINUTE;
      if (u() < BOT_SHARE) {
        events.push(...botSession(`${seed}-b${index}`, seed, index, start, u));
        continue;
      }
      // A quarter of them are someone who browsed before (a visitor of an earlier order's slot).
      const visitorKey = u() < 0.25 ? Math.max(first * NON_BUYER_SESSIONS, index - 1 - Math.floor(u() * 400)) : index;
      const visitor = visitorOf(visitorKey, STREAM.browser);
      visitor.country = pick(COUNTRIES, sequence(hash32(seed, visitorKey, STREAM.session)));
      events.push(...browsingSession(`${seed}-s${index}`, visitor, start, BROWSING_ENTRIES, u));
    }
  }
  // ISO timestamps in UTC sort as text.
  const until = new Date(nowMs).toISOString();
  return events.filter((event) => event.timestamp <= until).sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}
