// The demo store's records written as WooCommerce's REST API v3 writes them: money as strings with
// two places, each date twice (the site's local time and `_gmt`), refunds negative.

import { wallTimeIn } from "@/lib/time/zone";
import type { WooCustomer, WooOrder, WooProduct, WooRefund, WooVariation } from "../shapes";
import type { DemoProduct } from "./catalog";
import { DEMO_CURRENCY, DEMO_TIME_ZONE, type DemoCustomer, type DemoOrder, type DemoRefund, refundCents } from "./generator";

/** The date the demo catalogue was last edited. */
const CATALOG_MODIFIED_MS = Date.parse("2024-10-01T00:00:00Z");

const money = (cents: number) => {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};
const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
/** Zone offsets only change on a quarter hour, so one Intl lookup serves every date in it. */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<number, number>();
function offsetAt(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    const t = wallTimeIn(new Date(start), DEMO_TIME_ZONE);
    offset = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - start;
    offsets.set(quarter, offset);
  }
  return offset;
}
function local(ms: number): string {
  return gmt(ms + offsetAt(ms));
}
function dates<N extends string, M extends number | null>(name: N, ms: M): Record<N | `${N}_gmt`, M extends number ? string : string | null> {
  return { [name]: ms === null ? null : local(ms), [`${name}_gmt`]: ms === null ? null : gmt(ms) } as Record<N | `${N}_gmt`, M extends number ? string : string | null>;
}

const PAID = new Set(["completed", "processing", "refunded"]);

export function renderOrder(order: DemoOrder): WooOrder {
  const address = { first_name: "Demo", last_name: `Customer ${order.customerId}`, city: "Wellington", state: "", postcode: "6011", country: order.country };
  return {
    id: order.id,
    parent_id: 0,
    number: String(order.id),
    status: order.status,
    currency: DEMO_CURRENCY,
    created_via: order.index % 10 === 0 ? "admin" : "checkout",
    ...dates("date_created", order.createdMs),
    ...dates("date_modified", order.modifiedMs),
    ...dates("date_paid", PAID.has(order.status) ? order.createdMs : null),
    ...dates("date_completed", order.status === "completed" ? order.modifiedMs : null),
    discount_total: money(order.discountCents),
    shipping_total: money(order.shippingCents),
    total: money(order.totalCents),
    total_tax: money(order.lines.reduce((sum, l) => sum + l.taxCents, 0) + order.shippingTaxCents),
    customer_id: order.customerId,
    billing: { ...address, email: order.customerId ? `customer${order.customerId}@demo-woo.example` : "guest@demo-woo.example" },
    shipping: address,
    payment_method: "stripe",
    meta_data: order.index % 3 === 0 ? [
      { id: 1, key: "_wc_order_attribution_utm_source", value: "google" },
      { id: 2, key: "_wc_order_attribution_utm_medium", value: "cpc" },
      { id: 3, key: "_wc_order_attribution_utm_campaign", value: "demo-search" },
    ] : [],
    line_items: order.lines.map((line) => {
      const variation = line.variationIndex === null ? null : line.product.variations[line.variationIndex]!;
      return {
        id: line.id,
        name: variation ? `${line.product.name} - ${variation.option}` : line.product.name,
        product_id: line.product.id,
        variation_id: variation?.id ?? 0,
        quantity: line.quantity,
        subtotal: money(line.subtotalCents),
        subtotal_tax: money(Math.round(line.subtotalCents * 0.15)),
        total: money(line.totalCents),
        total_tax: money(line.taxCents),
        sku: variation?.sku ?? line.product.sku,
        meta_data: variation ? [{ id: line.id, key: "pa_option", value: variation.option.toLowerCase(), display_key: "Option", display_value: variation.option }] : [],
      };
    }),
    tax_lines: [{ id: order.id * 10 + 7, rate_code: "NZ-GST-1", label: "GST", tax_total: money(order.lines.reduce((sum, l) => sum + l.taxCents, 0)), shipping_tax_total: money(order.shippingTaxCents) }],
    shipping_lines: order.shippingCents ? [{ id: order.id * 10 + 3, method_title: "Flat rate", method_id: "flat_rate", total: money(order.shippingCents), total_tax: money(order.shippingTaxCents) }] : [],
    fee_lines: order.feeCents ? [{ id: order.id * 10 + 4, name: "Gift wrapping", total: money(order.feeCents), total_tax: "0.00" }] : [],
    coupon_lines: order.coupon ? [{ id: order.id * 10 + 5, code: order.coupon.toLowerCase(), discount: money(order.discountCents), discount_tax: "0.00" }] : [],
    refunds: order.refund ? [{ id: order.refund.id, reason: "", total: money(-refundCents(order.refund)) }] : [],
  } as WooOrder;
}

export function renderRefund(order: DemoOrder, refund: DemoRefund): WooRefund {
  const refunded = (id: number) => [{ id, key: "_refunded_item_id", value: String(id), display_key: "_refunded_item_id", display_value: String(id) }];
  return {
    id: refund.id,
    ...dates("date_created", refund.atMs),
    amount: money(refundCents(refund)),
    reason: order.status === "refunded" ? "Order fully refunded." : "Returned",
    line_items: refund.lines.map((l) => ({ id: l.id, quantity: -l.quantity, total: money(-l.totalCents), total_tax: money(-l.taxCents), meta_data: refunded(l.line.id) })),
    shipping_lines: refund.shippingCents ? [{ id: refund.id * 10 + 3, quantity: 0, total: money(-refund.shippingCents), total_tax: money(-refund.shippingTaxCents), meta_data: refunded(order.id * 10 + 3) }] : [],
    fee_lines: refund.feeCents ? [{ id: refund.id * 10 + 4, quantity: 0, total: money(-refund.feeCents), total_tax: "0.00", meta_data: refunded(order.id * 10 + 4) }] : [],
  } as WooRefund;
}

export function renderProduct(product: DemoProduct): WooProduct {
  return {
    id: product.id,
    name: product.name,
    type: product.variations.length ? "variable" : "simple",
    status: "publish",
    sku: product.sku,
    price: money(product.priceCents),
    ...dates("date_created", CATALOG_MODIFIED_MS - 86_400_000),
    ...dates("date_modified", CATALOG_MODIFIED_MS),
    categories: [{ id: product.id * 7, name: product.category }],
    tags: [],
    brands: [{ id: product.id * 11, name: product.brand }],
    variations: product.variations.map((v) => v.id),
    meta_data: product.variations.length ? [] : [{ id: 1, key: "_wc_cog_cost", value: money(product.costCents) }],
  } as WooProduct;
}

export function renderVariations(product: DemoProduct): WooVariation[] {
  return product.variations.map((v) => ({
    id: v.id, sku: v.sku, price: money(v.priceCents), ...dates("date_modified", CATALOG_MODIFIED_MS),
    attributes: [{ id: 0, name: "Option", option: v.option }], meta_data: [{ id: 1, key: "_wc_cog_cost", value: money(v.costCents) }],
  })) as WooVariation[];
}

export const catalogModifiedMs = CATALOG_MODIFIED_MS;

export function renderCustomer(customer: DemoCustomer): WooCustomer {
  return { id: customer.id, email: customer.email, ...dates("date_created", customer.createdMs), ...dates("date_modified", customer.createdMs), role: "customer" } as WooCustomer;
}
