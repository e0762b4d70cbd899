// A deterministic demo store, generated lazily: order i is a pure function of (seed, i), and order
// times increase with i, so a million orders never need to sit in memory and any time range maps
// to an index range by binary search.
//
// Timeline: `orders` orders fall in the `historyDays` before `endDate`, following a daily weight
// (linear growth, weekday and month seasonality, Black Friday/Cyber Monday and a spring sale, some
// noise) and an hour-of-day curve in the store's time zone. The timeline goes on past `endDate` at
// the same rhythm, which is what a "live" demo shows as time passes.

import { ACCESSORY_PRODUCTS, CATALOG, SHIPPING_FEE_PRODUCT } from "./catalog";
import { cumulativeOf, hash32, pickCumulative, sequence, unit } from "./random";

export type DemoStoreOptions = {
  seed: number;
  /** Orders in the history window before endDate (default 50,000). */
  orders?: number;
  endDate: Date;
  /** Length of the history window (default 730 days: two years). */
  historyDays?: number;
};

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** America/New_York standard time: the demo's days start at 05:00 UTC (DST ignored for shape). */
export const STORE_UTC_OFFSET_MS = -5 * HOUR_MS;
export const STORE_TIME_ZONE = "America/New_York";
/** No event of an order happens later than this after its creation (bounds updated_at searches). */
export const MAX_EVENT_DELAY_MS = 55 * DAY_MS;

/** Id bases: every id is base + a function of the order index (all below 2^53). */
export const IDS = {
  order: 5_000_000_000_000,
  lineItem: 13_000_000_000_000,
  refund: 900_000_000_000,
  refundLineItem: 400_000_000_000,
  refundShippingLine: 300_000_000_000,
  customer: 7_000_000_000_000,
  product: 8_000_000_000,
  variant: 44_000_000_000_000,
  inventoryItem: 46_000_000_000_000,
} as const;
export const MAX_LINES = 16;

// Independent random streams per order.
const S = {
  timeJitter: 1,
  test: 2,
  feeOnly: 3,
  cancel: 4,
  cancelDelay: 5,
  fulfil: 6,
  refund: 7,
  refundKind: 8,
  refundDelay: 9,
  secondRefund: 10,
  secondDelay: 11,
  basket: 12,
  basketBig: 13,
  feeLine: 14,
  returning: 15,
  returnGap: 16,
  returnPick: 17,
  order: 18,
  dayNoise: 19,
  gapKind: 20,
  loyal: 21,
  accept: 22,
  firstProduct: 23,
  country: 24,
  spend: 25,
  risk: 26,
  payment: 27,
  tip: 28,
  replacement: 29,
  region: 30,
} as const;

// Sunday..Saturday, January..December, and the hour-of-day curve (local time).
const WEEKDAY = [1.08, 1.12, 1.05, 1.0, 0.97, 0.86, 0.9];
const MONTH = [0.85, 0.88, 0.95, 0.97, 1.0, 0.95, 0.92, 0.95, 1.0, 1.03, 1.15, 1.3];
const HOURLY = [0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.55, 0.8, 1.0, 1.1, 1.15, 1.2, 1.15, 1.1, 1.05, 1.05, 1.1, 1.25, 1.4, 1.45, 1.3, 0.9, 0.5];
const HOURLY_CUM = (() => {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  const cum = [0];
  for (const h of HOURLY) cum.push(cum[cum.length - 1]! + h / total);
  return cum;
})();

export type Sale = "bfcm" | "spring" | null;

export type OrderEvents = {
  createdAt: number;
  test: boolean;
  feeOnly: boolean;
  cancelledAt: number | null;
  fulfilledAt: number | null;
  refunds: { at: number; kind: "cancel" | "full" | "partial" }[];
};

export type DemoLine = {
  id: number;
  product: number;
  variant: number;
  quantity: number;
  unitCents: number;
  discountCents: number;
  taxCents: number;
};

export type DemoRefund = {
  id: number;
  at: number;
  kind: "cancel" | "full" | "partial";
  lines: { id: number; line: number; quantity: number; subtotalCents: number; taxCents: number; restockType: string }[];
  shippingCents: number;
};

export type DemoPayment = "PAID" | "PENDING" | "AUTHORIZED" | "EXPIRED";

export type Channel = "google" | "facebook" | "tiktok" | "email" | "direct" | "organic";

export type DemoVisit = {
  channel: Channel;
  landingPage: string;
  referrerUrl: string | null;
  utm: { source: string; medium: string; campaign: string } | null;
  /** Whether Shopify parsed the UTM parameters (otherwise only the landing URL carries them). */
  utmParsed: boolean;
};

export type DemoOrder = OrderEvents & {
  index: number;
  id: number;
  name: string;
  customerRoot: number | null;
  sourceName: string;
  presentment: { currency: string; rate: number };
  visit: DemoVisit | null;
  /** Codes entered at checkout, in order: an order-level percentage, then at most FREESHIP. */
  discountCodes: string[];
  /** ISO 3166-1 alpha-2: the customer's country (a guest's own). */
  country: string;
  /** The province or state within it (the customer's, like the country). */
  region: string;
  /** Draft orders are invoiced: no shipping address, only the billing one names the country. */
  shipsToAddress: boolean;
  lines: DemoLine[];
  shippingCents: number;
  refundDetails: DemoRefund[];
  /** Shopify's most severe risk assessment of the order. */
  risk: "LOW" | "MEDIUM" | "HIGH";
  /** Where its payment stands; anything but "PAID" only on orders never refunded nor cancelled. */
  payment: DemoPayment;
  /** A tip the customer added at checkout: in the total, on no line. */
  tipCents: number;
};

export type DemoStore = ReturnType<typeof createDemoStore>;

// Customers mostly in the US, then Canada, the UK, Australia and Germany; each pays in the
// currency of their country.
const COUNTRIES = [
  { country: "US", currency: "USD", rate: 1, weight: 74 },
  { country: "CA", currency: "CAD", rate: 1.36, weight: 10 },
  { country: "GB", currency: "GBP", rate: 0.79, weight: 7 },
  { country: "AU", currency: "AUD", rate: 1.52, weight: 5 },
  { country: "DE", currency: "EUR", rate: 0.92, weight: 4 },
];
const COUNTRY_CUM = cumulativeOf(COUNTRIES.map((c) => c.weight));

// Where in each country customers live, most populous first (provinceCode as Shopify gives it).
const REGIONS: Record<string, { codes: string[]; cum: number[] }> = Object.fromEntries(
  Object.entries({
    US: [["CA", 12], ["TX", 9], ["FL", 7], ["NY", 6], ["PA", 4], ["IL", 4], ["OH", 4], ["WA", 3], ["GA", 3], ["MA", 2]],
    CA: [["ON", 39], ["QC", 22], ["BC", 14], ["AB", 12], ["MB", 4]],
    GB: [["ENG", 84], ["SCT", 8], ["WLS", 5], ["NIR", 3]],
    AU: [["NSW", 32], ["VIC", 26], ["QLD", 20], ["WA", 11], ["SA", 7]],
    DE: [["NW", 22], ["BY", 16], ["BW", 13], ["NI", 10], ["BE", 4]],
  } as Record<string, [string, number][]>).map(([country, regions]) => [country, { codes: regions.map(([code]) => code), cum: cumulativeOf(regions.map(([, w]) => w)) }]),
);

// Retention. An order is a repeat purchase with probability REPEAT_CHANCE; it then looks back a
// gap (mostly weeks, sometimes months, now and then more than a year: a hazard that falls with
// time) and joins the customer of an order placed then, who takes it with the probability their
// profile gives. A loyal core always does; the others seldom, less so when acquired in a sale,
// more so when their first purchase was a consumable (domes, wax guards, batteries run out).
const REPEAT_CHANCE = 0.7;
const LOYAL_SHARE = 0.09;
const OCCASIONAL_ACCEPT = 0.36;
const SALE_ACQUIRED = { loyal: 0.45, accept: 0.55 };
/** Pull of a customer's first product on their later orders, by what it is. */
function firstProductPull(product: number): number {
  const entry = CATALOG[product]!;
  if (entry.tags.includes("consumable")) return 1.5;
  if (entry.group === "hero") return 1;
  if (entry.group === "accessory") return 0.85;
  return 0.65;
}
const CHANNELS: Channel[] = ["google", "facebook", "tiktok", "email", "direct", "organic"];
const CHANNEL_CUM_NEW = cumulativeOf([30, 20, 9, 6, 17, 18]);
const CHANNEL_CUM_RETURNING = cumulativeOf([15, 10, 4, 30, 28, 13]);
const MAIN_PRODUCT_CUM = cumulativeOf(CATALOG.map((p) => p.weight));
const STOREFRONT = "https://alpha-hearing.example";
const LANDING_PATHS = ["/", "/products/alpha-pro", "/products/alpha-pro-ultimate-kit", "/products/alpha", "/collections/accessories", "/collections/hearing-aids", "/pages/hearing-test"];

export function createDemoStore(options: DemoStoreOptions) {
  const seed = options.seed >>> 0;
  const historyOrders = options.orders ?? 50_000;
  const historyDays = options.historyDays ?? 730;
  const endMs = options.endDate.getTime();
  const day0 = storeDayStart(endMs) - historyDays * DAY_MS;

  function dayWeight(day: number): number {
    const start = day0 + day * DAY_MS;
    const local = new Date(start + STORE_UTC_OFFSET_MS + 12 * HOUR_MS);
    const trend = 1 + (0.8 * day) / historyDays;
    const sale = saleOfLocalDate(local);
    const spike = sale.factor;
    const noise = 0.85 + 0.3 * unit(seed, day, S.dayNoise);
    return trend * WEEKDAY[local.getUTCDay()]! * MONTH[local.getUTCMonth()]! * spike * noise;
  }

  // Expected orders per day and their running total, extended lazily as later days are asked for.
  const endDay = Math.floor((endMs - day0) / DAY_MS);
  let historyWeight = 0;
  for (let d = 0; d < endDay; d++) historyWeight += dayWeight(d);
  historyWeight += dayWeight(endDay) * intradayCdf((endMs - (day0 + endDay * DAY_MS)) / DAY_MS);
  const perWeight = historyOrders / historyWeight;
  let rates = new Float64Array(1024);
  let cum = new Float64Array(1025);
  let known = 0;
  function ensureDays(days: number) {
    if (days <= known) return;
    if (days + 1 > cum.length) {
      const size = Math.max(days + 1, cum.length * 2);
      const nextRates = new Float64Array(size);
      nextRates.set(rates);
      const nextCum = new Float64Array(size + 1);
      nextCum.set(cum);
      rates = nextRates;
      cum = nextCum;
    }
    for (let d = known; d < days; d++) {
      rates[d] = dayWeight(d) * perWeight;
      cum[d + 1] = cum[d]! + rates[d]!;
    }
    known = days;
  }

  /** Expected number of orders created before `ms`. */
  function expectedBefore(ms: number): number {
    if (ms <= day0) return 0;
    const day = Math.floor((ms - day0) / DAY_MS);
    ensureDays(day + 1);
    return cum[day]! + rates[day]! * intradayCdf((ms - (day0 + day * DAY_MS)) / DAY_MS);
  }

  function createdAt(i: number): number {
    const target = i + 0.5 + 0.8 * (unit(seed, i, S.timeJitter) - 0.5);
    while (cum[known]! <= target) ensureDays(known * 2 + 1);
    let lo = 0;
    let hi = known - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cum[mid]! <= target) lo = mid;
      else hi = mid - 1;
    }
    const fraction = (target - cum[lo]!) / rates[lo]!;
    const ms = day0 + lo * DAY_MS + intradayInverse(Math.min(Math.max(fraction, 0), 0.999999)) * DAY_MS;
    return Math.floor(ms / 1000) * 1000;
  }

  /** The number of orders created before `ms` (= the index of the first order at or after it). */
  function countBefore(ms: number): number {
    let k = Math.max(0, Math.floor(expectedBefore(ms) - 0.5));
    while (k > 0 && createdAt(k - 1) >= ms) k--;
    while (createdAt(k) < ms) k++;
    return k;
  }

  function saleOn(ms: number): Sale {
    return saleOfLocalDate(new Date(ms + STORE_UTC_OFFSET_MS)).sale;
  }

  function isTest(i: number) {
    return unit(seed, i, S.test) < 0.0005;
  }

  function basketSize(i: number): number {
    if (isFeeOnly(i)) return 0;
    const u = unit(seed, i, S.basket);
    const v = unit(seed, i, S.basketBig);
    if (u < 0.003) return 11 + Math.floor(v * 4); // a clinic's restock order: more than one page of lines
    if (u < 0.6) return 1;
    if (u < 0.85) return 2;
    if (u < 0.95) return 3;
    return 4 + Math.floor(v * 3);
  }

  function isFeeOnly(i: number) {
    return !isTest(i) && unit(seed, i, S.feeOnly) < 0.003;
  }

  function hasFeeLine(i: number) {
    return isFeeOnly(i) || unit(seed, i, S.feeLine) < 0.15;
  }

  /** Line items of order i (cheap: no basket generation). */
  function lineCount(i: number): number {
    return basketSize(i) + (hasFeeLine(i) ? 1 : 0);
  }

  function events(i: number): OrderEvents {
    const created = createdAt(i);
    const test = isTest(i);
    const feeOnly = isFeeOnly(i);
    const cancelled = !test && unit(seed, i, S.cancel) < 0.015;
    const cancelledAt = cancelled ? created + Math.round((1 + 23 * unit(seed, i, S.cancelDelay)) * HOUR_MS / 1000) * 1000 : null;
    const fulfilledAt = cancelled ? null : created + Math.round((3 + 69 * unit(seed, i, S.fulfil)) * HOUR_MS / 1000) * 1000;
    const refunds: OrderEvents["refunds"] = [];
    if (cancelledAt !== null) {
      refunds.push({ at: cancelledAt, kind: "cancel" });
    } else if (!test && !feeOnly && unit(seed, i, S.refund) < 0.065) {
      const first = created + Math.round((3 + 37 * unit(seed, i, S.refundDelay)) * DAY_MS / 1000) * 1000;
      const partial = unit(seed, i, S.refundKind) < 0.4;
      refunds.push({ at: first, kind: partial ? "partial" : "full" });
      if (partial && basketSize(i) >= 2 && unit(seed, i, S.secondRefund) < 0.15) {
        refunds.push({ at: first + Math.round((1 + 9 * unit(seed, i, S.secondDelay)) * DAY_MS / 1000) * 1000, kind: "partial" });
      }
    }
    return { createdAt: created, test, feeOnly, cancelledAt, fulfilledAt, refunds };
  }

  /** The order's updated_at as seen at `horizon`: its latest event that has happened by then. */
  function updatedAt(i: number, horizon: number): number {
    const e = events(i);
    let latest = e.createdAt;
    const consider = (at: number | null) => {
      if (at !== null && at <= horizon && at > latest) latest = at;
    };
    consider(e.fulfilledAt);
    consider(e.cancelledAt);
    for (const refund of e.refunds) consider(refund.at);
    return latest;
  }

  /** The main product of order i's basket (its first line), drawn on its own so a customer's profile is cheap. */
  function firstProduct(i: number): number {
    return pickCumulative(MAIN_PRODUCT_CUM, unit(seed, i, S.firstProduct));
  }

  /** How likely a repeat purchase that looks back to customer `root` is theirs. */
  function retention(root: number): number {
    const sale = saleOn(createdAt(root)) !== null;
    const pull = firstProductPull(firstProduct(root));
    const loyal = unit(seed, root, S.loyal) < LOYAL_SHARE * pull * (sale ? SALE_ACQUIRED.loyal : 1);
    return loyal ? 1 : Math.min(1, OCCASIONAL_ACCEPT * pull * (sale ? SALE_ACQUIRED.accept : 1));
  }

  /** Days a repeat purchase looks back: a mixture of exponentials, so the hazard falls with time. */
  function repeatGapDays(i: number): number {
    const kind = unit(seed, i, S.gapKind);
    const tail = -Math.log(1 - unit(seed, i, S.returnGap));
    if (kind < 0.5) return 5 + tail * 30;
    if (kind < 0.85) return 10 + tail * 110;
    return 30 + tail * 330;
  }

  /** The order a repeat purchase i looks back to, or null when i starts a customer. */
  function lookBack(i: number): number | null {
    if (i < 20 || unit(seed, i, S.returning) >= REPEAT_CHANCE) return null;
    const at = createdAt(i) - repeatGapDays(i) * DAY_MS;
    if (at < day0) return null;
    const near = countBefore(at);
    const j = Math.min(i - 1, Math.max(0, near + Math.floor(unit(seed, i, S.returnPick) * 21) - 10));
    return isTest(j) ? null : j;
  }

  // Customer roots already resolved, as root + 1 (0: not yet). A root depends only on (seed, i),
  // so remembering it changes no answer, and a chain is walked once however often it is asked.
  let rootMemo = new Int32Array(1024);
  function remember(i: number, root: number) {
    if (i >= rootMemo.length) {
      const next = new Int32Array(Math.max(i + 1, rootMemo.length * 2));
      next.set(rootMemo);
      rootMemo = next;
    }
    rootMemo[i] = root + 1;
  }

  /** The order index of the first order of i's customer (its customer id), or null for a guest. */
  function customerRoot(i: number): number | null {
    if (isTest(i)) return null;
    // Walk back to an order whose customer is known or that starts one, then come forward: each
    // repeat purchase on the way joins the customer found behind it, or starts its own when that
    // customer declines. Every step goes to an earlier order, so the walk ends.
    const chain: number[] = [];
    let current = i;
    let root: number;
    for (;;) {
      const known = current < rootMemo.length ? rootMemo[current]! : 0;
      if (known > 0) {
        root = known - 1;
        break;
      }
      const j = lookBack(current);
      if (j === null) {
        root = current;
        remember(current, current);
        break;
      }
      chain.push(current);
      current = j;
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const order = chain[k]!;
      if (unit(seed, order, S.accept) >= retention(root)) root = order;
      remember(order, root);
    }
    return root;
  }

  /**
   * How much a customer buys per order, for life (keyed by their first order): most buy single
   * items, some buy in twos and threes. Without it every customer's average order would be the
   * store's, which no real store shows and no spend model can fit.
   */
  function spendLevel(root: number | null): number {
    if (root === null) return 1;
    const u = unit(seed, root, S.spend);
    return u < 0.6 ? 1 : u < 0.88 ? 2 : 3;
  }

  /** A customer's country (keyed by their first order), or a guest order's own. */
  function countryOf(key: number) {
    return COUNTRIES[pickCumulative(COUNTRY_CUM, unit(seed, key, S.country))]!;
  }

  /** The region of a customer (or a guest order), within their country. */
  function regionOf(key: number, country: string) {
    const regions = REGIONS[country]!;
    return regions.codes[pickCumulative(regions.cum, unit(seed, key, S.region))]!;
  }

  function order(i: number): DemoOrder {
    const e = events(i);
    const rng = sequence(hash32(seed, i, S.order));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
    const root = customerRoot(i);
    const returning = root !== null && root !== i;

    // Basket: distinct products; after a hearing aid, accessories are likely.
    const size = basketSize(i);
    const chosen: number[] = size > 0 ? [firstProduct(i)] : [];
    for (let attempt = 0; chosen.length < size && attempt < 200; attempt++) {
      const heroFirst = chosen.length > 0 && CATALOG[chosen[0]!]!.group === "hero";
      const p = heroFirst && rng() < 0.7 ? pick(ACCESSORY_PRODUCTS) : pickCumulative(MAIN_PRODUCT_CUM, rng());
      if (p !== SHIPPING_FEE_PRODUCT && !chosen.includes(p)) chosen.push(p);
    }
    if (hasFeeLine(i)) chosen.push(SHIPPING_FEE_PRODUCT);

    const level = spendLevel(root);
    const lines: DemoLine[] = chosen.map((p, k) => {
      const product = CATALOG[p]!;
      const base =
        product.group === "fee" ? 1 : product.group === "hero" ? (rng() < 0.7 ? 1 : 2) : product.group === "accessory" ? 1 + Math.floor(rng() * rng() * 3) : rng() < 0.8 ? 1 : 2;
      const quantity = product.group === "fee" ? base : base * level;
      return {
        id: IDS.lineItem + i * MAX_LINES + k,
        product: p,
        variant: Math.floor(rng() * product.variants.length),
        quantity,
        unitCents: product.priceCents,
        discountCents: 0,
        taxCents: 0,
      };
    });

    // An order-level code, allocated to the product lines in proportion to their value: sale
    // codes in sales, a welcome code for some first orders, a summer code, a thank-you to some
    // repeat customers; now and then free shipping on top.
    const sale = saleOn(e.createdAt);
    const discountCodes: string[] = [];
    const discountable = lines.filter((line) => CATALOG[line.product]!.group !== "fee");
    const drawn = discountable.length > 0 ? orderCode(rng(), sale, returning, new Date(e.createdAt + STORE_UTC_OFFSET_MS).getUTCMonth()) : null;
    // Now and then a free replacement for a lost or broken device: every product line at 100 %
    // off, and no fee line, so the order totals zero.
    const code = isReplacement(i) ? REPLACEMENT_CODE : drawn;
    if (code) {
      discountCodes.push(code.code);
      const percent = code.percent;
      const base = discountable.reduce((sum, line) => sum + line.unitCents * line.quantity, 0);
      const total = Math.round((base * percent) / 100);
      let left = total;
      discountable.forEach((line, k) => {
        const share = k === discountable.length - 1 ? left : Math.round((total * line.unitCents * line.quantity) / base);
        line.discountCents = share;
        left -= share;
      });
    }

    const place = countryOf(root ?? i);
    const presentment = { currency: place.currency, rate: place.rate };
    const taxRate = presentment.currency === "USD" ? 0.0725 : 0.1;
    for (const line of lines) line.taxCents = Math.round((line.unitCents * line.quantity - line.discountCents) * taxRate);
    const productCents = discountable.reduce((sum, line) => sum + line.unitCents * line.quantity - line.discountCents, 0);
    const freeShipping = code !== null && rng() < 0.12;
    if (freeShipping) discountCodes.push("FREESHIP");
    const shippingCents = !freeShipping && !hasFeeLine(i) && productCents > 0 && productCents < 7_500 ? 795 : 0;

    const sourceName = rng() < 0.03 ? "shopify_draft_order" : "web";
    const visit = sourceName === "web" && rng() >= 0.01 ? makeVisit(rng, returning, sale) : null;

    const refundDetails = e.refunds.map((refund, r): DemoRefund => {
      const id = IDS.refund + i * 2 + r;
      const lineId = (k: number) => IDS.refundLineItem + i * 32 + r * 16 + k;
      if (refund.kind === "partial") {
        const line = discountable[r] ?? discountable[0]!;
        const index = lines.indexOf(line);
        return {
          id,
          at: refund.at,
          kind: refund.kind,
          lines: [
            {
              id: lineId(0),
              line: index,
              quantity: 1,
              subtotalCents: Math.round((line.unitCents * line.quantity - line.discountCents) / line.quantity),
              taxCents: Math.round(line.taxCents / line.quantity),
              restockType: rng() < 0.3 ? "NO_RESTOCK" : "RETURN",
            },
          ],
          shippingCents: 0,
        };
      }
      const cancel = refund.kind === "cancel";
      return {
        id,
        at: refund.at,
        kind: refund.kind,
        lines: lines.map((line, k) => ({
          id: lineId(k),
          line: k,
          quantity: line.quantity,
          subtotalCents: line.unitCents * line.quantity - line.discountCents,
          taxCents: line.taxCents,
          restockType: cancel ? "CANCEL" : "RETURN",
        })),
        shippingCents: cancel || rng() < 0.5 ? shippingCents : 0,
      };
    });

    return {
      ...e,
      index: i,
      id: IDS.order + i,
      name: `#${1001 + i}`,
      customerRoot: root,
      sourceName,
      presentment: { currency: presentment.currency, rate: presentment.rate },
      visit,
      discountCodes,
      country: place.country,
      region: regionOf(root ?? i, place.country),
      shipsToAddress: sourceName !== "shopify_draft_order",
      lines,
      shippingCents,
      refundDetails,
      ...review(i, e),
    };
  }

  function isReplacement(i: number): boolean {
    const e = events(i);
    return !e.test && !e.feeOnly && !hasFeeLine(i) && e.refunds.length === 0 && unit(seed, i, S.replacement) < 0.002;
  }

  /**
   * What makes a few orders worth a second look, each on its own stream so no other draw moves:
   * a fraud assessment, a payment still pending, authorised but not captured, or expired, and a tip.
   */
  function review(i: number, e: OrderEvents): Pick<DemoOrder, "risk" | "payment" | "tipCents"> {
    const r = unit(seed, i, S.risk);
    const p = unit(seed, i, S.payment);
    const settled = e.test || e.cancelledAt !== null || e.refunds.length > 0;
    const payment: DemoPayment = settled || p >= 0.005 ? "PAID" : p < 0.002 ? "PENDING" : p < 0.003 ? "AUTHORIZED" : "EXPIRED";
    const t = unit(seed, i, S.tip);
    return {
      risk: r < 0.004 ? "HIGH" : r < 0.03 ? "MEDIUM" : "LOW",
      payment,
      tipCents: e.test || t >= 0.003 ? 0 : 500 + Math.floor((t / 0.003) * 2000),
    };
  }

  return {
    seed,
    historyOrders,
    historyDays,
    startMs: day0,
    endMs,
    createdAt,
    countBefore,
    events,
    updatedAt,
    lineCount,
    customerRoot,
    firstProduct,
    order,
    saleOn,
    /** Expected orders on store day `day` (0 = first day of the history). */
    expectedOnDay(day: number) {
      ensureDays(day + 1);
      return rates[day]!;
    },
  };
}

/** The percentage code an order used, if any (u is the order's draw). */
const REPLACEMENT_CODE = { code: "REPLACE100", percent: 100 };

function orderCode(u: number, sale: Sale, returning: boolean, month: number): { code: string; percent: number } | null {
  if (sale === "bfcm") return u < 0.7 ? { code: "BFCM25", percent: 25 } : null;
  if (sale === "spring") return u < 0.5 ? { code: "SPRING20", percent: 20 } : null;
  if (month >= 5 && month <= 7 && u < 0.12) return { code: "SUMMER15", percent: 15 };
  if (!returning && u >= 0.12 && u < 0.34) return { code: "WELCOME10", percent: 10 };
  if (returning && u >= 0.12 && u < 0.2) return { code: "THANKYOU15", percent: 15 };
  return null;
}

function makeVisit(rng: () => number, returning: boolean, sale: Sale): DemoVisit {
  const channel = CHANNELS[pickCumulative(returning ? CHANNEL_CUM_RETURNING : CHANNEL_CUM_NEW, rng())]!;
  const path = LANDING_PATHS[Math.floor(rng() * LANDING_PATHS.length)]!;
  const campaigns: Record<Channel, string[]> = {
    google: ["brand", "alpha-pro-search", "shopping"],
    facebook: ["prospecting", "retargeting"],
    tiktok: ["spark-ads"],
    email: ["newsletter", "winback", "replenish"],
    direct: [],
    organic: [],
  };
  const mediums: Record<Channel, string> = { google: "cpc", facebook: "paid_social", tiktok: "paid_social", email: "email", direct: "", organic: "" };
  const clickIds: Partial<Record<Channel, string>> = { google: "gclid", facebook: "fbclid", tiktok: "ttclid" };
  const options = campaigns[channel];
  if (options.length === 0) {
    const referrer = channel === "organic" ? ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/"][Math.floor(rng() * 3)]! : null;
    return { channel, landingPage: `${STOREFRONT}${path}`, referrerUrl: referrer, utm: null, utmParsed: false };
  }
  const campaign = sale && channel !== "tiktok" ? (sale === "bfcm" ? "bfcm" : "spring-sale") : options[Math.floor(rng() * options.length)]!;
  const utm = { source: channel, medium: mediums[channel], campaign };
  const params = new URLSearchParams({ utm_source: utm.source, utm_medium: utm.medium, utm_campaign: utm.campaign });
  const clickId = clickIds[channel];
  if (clickId) params.set(clickId, Math.floor(rng() * 1e12).toString(36));
  const referrers: Record<Channel, string | null> = {
    google: "https://www.google.com/",
    facebook: "https://l.facebook.com/",
    tiktok: "https://www.tiktok.com/",
    email: null,
    direct: null,
    organic: null,
  };
  return { channel, landingPage: `${STOREFRONT}${path}?${params}`, referrerUrl: referrers[channel], utm, utmParsed: rng() < 0.75 };
}

/** Midnight (store time) of the day containing `ms`, as UTC milliseconds. */
export function storeDayStart(ms: number): number {
  return Math.floor((ms + STORE_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - STORE_UTC_OFFSET_MS;
}

/** Fraction of a day's orders placed before `fraction` of the day has passed. */
function intradayCdf(fraction: number): number {
  const f = Math.min(Math.max(fraction, 0), 1) * 24;
  const hour = Math.min(Math.floor(f), 23);
  return HOURLY_CUM[hour]! + (HOURLY_CUM[hour + 1]! - HOURLY_CUM[hour]!) * (f - hour);
}

function intradayInverse(p: number): number {
  let hour = 0;
  while (hour < 23 && HOURLY_CUM[hour + 1]! <= p) hour++;
  const width = HOURLY_CUM[hour + 1]! - HOURLY_CUM[hour]!;
  return (hour + (p - HOURLY_CUM[hour]!) / width) / 24;
}

/** Sale days by local calendar date: BFCM weekend (from Thanksgiving) and a mid-March sale. */
function saleOfLocalDate(local: Date): { sale: Sale; factor: number } {
  const month = local.getUTCMonth();
  const date = local.getUTCDate();
  if (month === 10 || (month === 11 && date <= 3)) {
    const firstWeekday = new Date(Date.UTC(local.getUTCFullYear(), 10, 1)).getUTCDay();
    const thanksgiving = 1 + ((4 - firstWeekday + 7) % 7) + 21;
    const offset = month === 10 ? date - thanksgiving : 30 - thanksgiving + date;
    const factors = [1.3, 3.2, 2.2, 2.0, 2.8];
    if (offset >= 0 && offset < factors.length) return { sale: offset === 0 ? null : "bfcm", factor: factors[offset]! };
  }
  if (month === 2 && date >= 14 && date <= 16) return { sale: "spring", factor: 1.9 };
  return { sale: null, factor: 1 };
}
