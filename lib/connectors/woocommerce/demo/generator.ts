// The demo WooCommerce store: orders, refunds and customers generated from a seed, the same on
// every machine, in the shapes WooCommerce's REST API answers with (render.ts). Money is counted
// in cents here and written as WooCommerce writes it.

import { hash32, sequence } from "../../shopify/demo/random";
import { DEMO_CATALOG, type DemoProduct } from "./catalog";

export const DEMO_TIME_ZONE = "Pacific/Auckland";
export const DEMO_CURRENCY = "NZD";
export const DEFAULT_DEMO_END = "2026-11-01T00:00:00Z";
const DAY_MS = 86_400_000;
/** GST, on goods and shipping. */
const TAX_RATE_PERCENT = 15;

export const ORDER_ID_BASE = 1_000_000;
export const REFUND_ID_BASE = 5_000_000;
const LINE_ID_BASE = 10_000_000;
const REFUND_LINE_ID_BASE = 60_000_000;

const STATUSES: [string, number][] = [
  ["completed", 0.72], ["processing", 0.08], ["on-hold", 0.03], ["refunded", 0.04], ["pending", 0.04],
  ["failed", 0.03], ["cancelled", 0.04], ["checkout-draft", 0.01], ["trash", 0.01],
];

export type DemoLine = { id: number; product: DemoProduct; variationIndex: number | null; quantity: number; subtotalCents: number; totalCents: number; taxCents: number };

export type DemoRefund = {
  id: number;
  atMs: number;
  /** Per line given back: the line, the quantity, its amount after discount and tax. */
  lines: { id: number; line: DemoLine; quantity: number; totalCents: number; taxCents: number }[];
  shippingCents: number;
  shippingTaxCents: number;
  feeCents: number;
};

export type DemoOrder = {
  index: number;
  id: number;
  status: string;
  createdMs: number;
  modifiedMs: number;
  customerId: number;
  country: string;
  lines: DemoLine[];
  coupon: string | null;
  discountCents: number;
  shippingCents: number;
  shippingTaxCents: number;
  feeCents: number;
  totalCents: number;
  refund: DemoRefund | null;
};

export type DemoCustomer = { id: number; email: string; createdMs: number };

export type DemoWooStore = {
  orders: DemoOrder[];
  /** Order indices sorted by (modifiedMs, id): what `orderby=modified` walks. */
  byModified: number[];
  customers: DemoCustomer[];
  endMs: number;
};

export type DemoWooOptions = { seed: number; orders: number; endDate?: string | Date; historyDays?: number };

const COUNTRIES: [string, number][] = [["NZ", 0.6], ["AU", 0.25], ["US", 0.1], ["GB", 0.05]];

function pick<T>(table: [T, number][], u: number): T {
  let acc = 0;
  for (const [value, weight] of table) if (u < (acc += weight)) return value;
  return table[table.length - 1]![0];
}

const percentOf = (cents: number, percent: number) => Math.round((cents * percent) / 100);

function generateOrder(seed: number, index: number, createdMs: number, endMs: number, customers: number): DemoOrder {
  const rng = sequence(hash32(seed, index, 1));
  const status = pick(STATUSES, rng());
  const customerId = rng() < 0.2 ? 0 : 1 + Math.floor(rng() * customers);
  const country = pick(COUNTRIES, rng());
  const coupon = rng() < 0.15 ? "WELCOME10" : null;
  const id = ORDER_ID_BASE + index;

  const count = 1 + Math.floor(rng() * 3);
  const start = Math.floor(rng() * DEMO_CATALOG.length);
  const lines: DemoLine[] = [];
  for (let k = 0; k < count; k++) {
    const product = DEMO_CATALOG[(start + k) % DEMO_CATALOG.length]!;
    const variationIndex = product.variations.length ? Math.floor(rng() * product.variations.length) : null;
    const unit = variationIndex === null ? product.priceCents : product.variations[variationIndex]!.priceCents;
    const quantity = 1 + Math.floor(rng() * 3);
    const subtotalCents = unit * quantity;
    const totalCents = coupon ? subtotalCents - percentOf(subtotalCents, 10) : subtotalCents;
    lines.push({ id: LINE_ID_BASE + index * 10 + k, product, variationIndex, quantity, subtotalCents, totalCents, taxCents: percentOf(totalCents, TAX_RATE_PERCENT) });
  }
  const goods = lines.reduce((sum, l) => sum + l.totalCents, 0);
  const discountCents = lines.reduce((sum, l) => sum + l.subtotalCents - l.totalCents, 0);
  const shippingCents = goods >= 10_000 ? 0 : 750;
  const shippingTaxCents = percentOf(shippingCents, TAX_RATE_PERCENT);
  const feeCents = rng() < 0.05 ? 500 : 0;
  const totalCents = goods + lines.reduce((sum, l) => sum + l.taxCents, 0) + shippingCents + shippingTaxCents + feeCents;

  let refund: DemoRefund | null = null;
  const refundAt = Math.min(createdMs + (2 + Math.floor(rng() * 20)) * DAY_MS + Math.floor(rng() * DAY_MS), endMs);
  const partial = status === "completed" && rng() < 0.08;
  if (status === "refunded") {
    refund = {
      id: REFUND_ID_BASE + index, atMs: refundAt,
      lines: lines.map((line, k) => ({ id: REFUND_LINE_ID_BASE + index * 10 + k, line, quantity: line.quantity, totalCents: line.totalCents, taxCents: line.taxCents })),
      shippingCents, shippingTaxCents, feeCents,
    };
  } else if (partial) {
    const line = lines[0]!;
    const totalCents = Math.round(line.totalCents / line.quantity);
    refund = {
      id: REFUND_ID_BASE + index, atMs: refundAt,
      lines: [{ id: REFUND_LINE_ID_BASE + index * 10, line, quantity: 1, totalCents, taxCents: percentOf(totalCents, TAX_RATE_PERCENT) }],
      shippingCents: 0, shippingTaxCents: 0, feeCents: 0,
    };
  }
  // Completed the next day; then modified again by a refund.
  const completedAt = status === "completed" || status === "refunded" ? Math.min(createdMs + DAY_MS, endMs) : createdMs;
  const modifiedMs = Math.max(completedAt, refund?.atMs ?? 0);
  return {
    index, id, status, createdMs, modifiedMs, customerId, country, lines, coupon, discountCents, shippingCents, shippingTaxCents, feeCents, totalCents, refund,
  };
}

export function createDemoWooStore(options: DemoWooOptions): DemoWooStore {
  const endMs = new Date(options.endDate ?? DEFAULT_DEMO_END).getTime();
  const historyMs = (options.historyDays ?? 730) * DAY_MS;
  const startMs = endMs - historyMs;
  const customerCount = Math.max(20, Math.floor(options.orders / 3));
  const customers: DemoCustomer[] = [];
  for (let n = 0; n < customerCount; n++) {
    // Registered some time before the first order they could place.
    const createdMs = startMs - 30 * DAY_MS + Math.floor(((n + 0.5) / customerCount) * historyMs);
    customers.push({ id: n + 1, email: `customer${n + 1}@demo-woo.example`, createdMs: createdMs - (createdMs % 1000) });
  }
  const orders: DemoOrder[] = [];
  for (let i = 0; i < options.orders; i++) {
    // Spread evenly over the history, jittered, on whole seconds as WooCommerce stores them.
    const at = startMs + Math.floor(((i + (hash32(options.seed, i, 2) / 4294967296) * 0.9) / options.orders) * historyMs);
    orders.push(generateOrder(options.seed, i, at - (at % 1000), endMs, customerCount));
  }
  const byModified = orders.map((o) => o.index).sort((a, b) => orders[a]!.modifiedMs - orders[b]!.modifiedMs || a - b);
  return { orders, byModified, customers, endMs };
}

/** What the store itself would report: the figures a backfill must reproduce. */
export function demoTotals(store: DemoWooStore, counts: (status: string) => boolean) {
  let orders = 0;
  let totalCents = 0;
  let refunds = 0;
  let refundedCents = 0;
  let units = 0;
  for (const order of store.orders) {
    if (!counts(order.status)) continue;
    orders++;
    totalCents += order.totalCents;
    units += order.lines.reduce((sum, l) => sum + l.quantity, 0);
    if (order.refund) {
      refunds++;
      refundedCents += refundCents(order.refund);
    }
  }
  return { orders, totalCents, refunds, refundedCents, units, allOrders: store.orders.length };
}

export function refundCents(refund: DemoRefund): number {
  return refund.lines.reduce((sum, l) => sum + l.totalCents + l.taxCents, 0) + refund.shippingCents + refund.shippingTaxCents + refund.feeCents;
}
