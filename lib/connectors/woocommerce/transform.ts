// Pure mapping from WooCommerce's REST v3 answers (shapes.ts) to the store facts the engine
// stores. No I/O: the same functions serve pages, webhook bodies and the demo store.
//
// What counts (README.md): orders in processing, completed or on-hold are sales; refunded orders
// are sales with their refunds; every other status (pending, failed, cancelled, trash,
// checkout-draft, and statuses added by plugins) is no sale: stored as it is, with its status, so
// the exception list sees a failed payment or an order left pending, and never counted.

import { boundDiscountCodes, orderCountry, orderRegion } from "../contracts/order-segments";
import { formatDecimal, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import type { CustomerFact, LineItemFact, OrderBundle, ProductBundle, RefundFact, RefundLineItemFact, ShopInfo, VariantFact } from "../contracts/store-facts";
import type { WooCurrency, WooCustomer, WooLineItem, WooMeta, WooOrder, WooProduct, WooRefund, WooRefundLine, WooVariation, WpIndex } from "./shapes";

/** Statuses whose orders are sales (a refunded order is a sale that was then refunded). */
export const SALE_STATUSES: ReadonlySet<string> = new Set(["processing", "completed", "on-hold", "refunded"]);

/** A payload that cannot be stored as it is (a missing id, a date that is not one). Retrying cannot help. */
export class WooPayloadError extends Error {
  override name = "WooPayloadError";
}

/** A `*_gmt` field ("2026-03-01T11:30:00", UTC without an offset) as an instant. */
export function gmtInstant(value: string | null | undefined, field: string): Date {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) {
    throw new WooPayloadError(`${field} is not a WooCommerce GMT date: ${JSON.stringify(value)}`);
  }
  return new Date(`${value}Z`);
}

/** An instant as the `*_gmt`-style text the API's date filters take with dates_are_gmt=true. */
export function gmtText(instant: Date): string {
  return instant.toISOString().slice(0, 19);
}

function id(value: unknown, field: string): bigint {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) throw new WooPayloadError(`${field} is not an id: ${JSON.stringify(value)}`);
  return BigInt(value);
}

const optionalId = (value: number | null | undefined): bigint | null => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? BigInt(value) : null);

function money(value: string | null | undefined): Dec {
  return value === null || value === undefined || value === "" ? 0n : parseDecimal(value);
}

const abs = (value: Dec): Dec => (value < 0n ? -value : value);

function blankToNull(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

function meta(entries: readonly WooMeta[] | undefined, key: string): unknown {
  return entries?.find((entry) => entry.key === key)?.value;
}

/**
 * A line's unit price and discount from its totals. WooCommerce keeps the line's subtotal, not a
 * unit price, and subtotal / quantity is not always exact in four places (10.00 / 3): the unit
 * price is then rounded up and the discount takes the difference, so the line's net (unit price x
 * quantity - discount) is exactly what WooCommerce charged.
 */
function unitAndDiscount(subtotal: Dec, total: Dec, quantity: number): { unitPrice: Dec; totalDiscount: Dec } {
  if (quantity <= 0) return { unitPrice: subtotal, totalDiscount: subtotal - total };
  const q = BigInt(quantity);
  const unitPrice = subtotal >= 0n ? (subtotal + q - 1n) / q : subtotal / q;
  return { unitPrice, totalDiscount: unitPrice * q - total };
}

/** The variation's attributes as WooCommerce shows them on the line ("Blue / L"), for variation lines. */
function variantTitle(line: WooLineItem): string | null {
  if (!(line.variation_id > 0)) return null;
  const shown = line.meta_data
    .filter((entry) => !entry.key.startsWith("_"))
    .map((entry) => blankToNull(typeof entry.display_value === "string" ? entry.display_value : entry.value))
    .filter((value): value is string => value !== null);
  return shown.length ? shown.join(" / ") : null;
}

/** The item cost the Cost of Goods extension records on each line, when it is installed. */
function recordedCost(entries: readonly WooMeta[] | undefined, key: string): string | null {
  const value = meta(entries, key);
  const text = typeof value === "number" ? String(value) : blankToNull(value);
  if (text === null || !/^\d+(\.\d+)?$/.test(text)) return null;
  return formatDecimal(parseDecimal(text));
}

function lineToFact(line: WooLineItem, orderId: bigint): LineItemFact {
  const { unitPrice, totalDiscount } = unitAndDiscount(money(line.subtotal), money(line.total), line.quantity);
  const productId = optionalId(line.product_id);
  return {
    externalId: id(line.id, "line_items.id"),
    orderId,
    productId,
    // A simple product is its own single variant (see productToBundle).
    variantId: optionalId(line.variation_id) ?? productId,
    sku: blankToNull(line.sku),
    title: line.name,
    variantTitle: variantTitle(line),
    vendor: null,
    quantity: line.quantity,
    unitPrice: formatDecimal(unitPrice),
    totalDiscount: formatDecimal(totalDiscount),
    unitCost: recordedCost(line.meta_data, "_wc_cog_item_cost"),
  };
}

/**
 * A fee (gift wrapping, a payment surcharge) is a line without a product, so it is in net sales
 * and exclusion rules can name it. A negative fee (a manual discount) is a zero-priced line
 * discounted by its amount.
 */
function feeToFact(fee: WooOrder["fee_lines"][number], orderId: bigint): LineItemFact {
  const total = money(fee.total);
  return {
    externalId: id(fee.id, "fee_lines.id"), orderId, productId: null, variantId: null, sku: null, title: fee.name, variantTitle: null, vendor: null,
    quantity: 1, unitPrice: formatDecimal(total > 0n ? total : 0n), totalDiscount: formatDecimal(total < 0n ? -total : 0n), unitCost: null,
  };
}

function refundLineToFact(line: WooRefundLine, refundId: bigint, orderId: bigint, quantity: number): RefundLineItemFact {
  return {
    externalId: id(line.id, "refund line_items.id"),
    refundId,
    orderId,
    lineItemId: id(Number(meta(line.meta_data, "_refunded_item_id")), "refund line _refunded_item_id"),
    quantity,
    subtotal: formatDecimal(abs(money(line.total))),
    totalTax: formatDecimal(abs(money(line.total_tax))),
    restockType: null,
  };
}

/** A refund on its own date, with the lines it gives back (WooCommerce writes them negative). */
export function refundToFacts(refund: WooRefund, orderId: bigint, currency: string): { refund: RefundFact; lines: RefundLineItemFact[] } {
  const refundId = id(refund.id, "refunds.id");
  const lines = [
    ...refund.line_items.map((line) => refundLineToFact(line, refundId, orderId, Math.abs(line.quantity))),
    // A refunded fee gives money back but no units.
    ...(refund.fee_lines ?? []).map((line) => refundLineToFact(line, refundId, orderId, 0)),
  ];
  const shipping = (refund.shipping_lines ?? []).reduce((sum, line) => sum + abs(money(line.total)), 0n);
  return {
    refund: {
      externalId: refundId,
      orderId,
      createdAt: gmtInstant(refund.date_created_gmt, "refund date_created_gmt"),
      processedAt: null,
      totalRefunded: formatDecimal(abs(money(refund.amount))),
      shippingRefunded: formatDecimal(shipping),
      currency,
    },
    lines,
  };
}

/**
 * An order with its lines and refunds. `refunds` are the order's refunds in full
 * (/orders/{id}/refunds); without them the order's own refund list still gives each refund's
 * amount, dated when the order was last modified.
 */
export function orderToBundle(order: WooOrder, refunds: readonly WooRefund[] | null): OrderBundle {
  const orderId = id(order.id, "id");
  const createdAt = gmtInstant(order.date_created_gmt, "date_created_gmt");
  const updatedAt = gmtInstant(order.date_modified_gmt, "date_modified_gmt");
  const lineItems = [...order.line_items.map((line) => lineToFact(line, orderId)), ...order.fee_lines.map((fee) => feeToFact(fee, orderId))];
  const subtotal = lineItems.reduce((sum, line) => sum + parseDecimal(line.unitPrice) * BigInt(line.quantity) - parseDecimal(line.totalDiscount), 0n);

  let refundFacts: RefundFact[];
  const refundLineItems: RefundLineItemFact[] = [];
  if (refunds) {
    refundFacts = refunds.map((refund) => {
      const facts = refundToFacts(refund, orderId, order.currency);
      refundLineItems.push(...facts.lines);
      return facts.refund;
    });
  } else {
    refundFacts = order.refunds.map((header) => ({
      externalId: id(header.id, "refunds.id"), orderId, createdAt: updatedAt, processedAt: null,
      totalRefunded: formatDecimal(abs(money(header.total))), shippingRefunded: "0", currency: order.currency,
    }));
  }
  const refunded = order.refunds.reduce((sum, header) => sum + abs(money(header.total)), 0n);
  const total = money(order.total);
  const attribution = (key: string) => blankToNull(meta(order.meta_data, `_wc_order_attribution_${key}`));

  return {
    order: {
      externalId: orderId,
      name: `#${order.number || order.id}`,
      createdAt,
      // WooCommerce lists and reports an order on the day it was placed, paid or not.
      processedAt: createdAt,
      updatedAt,
      cancelledAt: order.status === "cancelled" ? updatedAt : null,
      test: false,
      countsAsSale: SALE_STATUSES.has(order.status),
      currency: order.currency,
      presentmentCurrency: order.currency,
      subtotal: formatDecimal(subtotal),
      totalDiscounts: formatDecimal(money(order.discount_total)),
      totalShipping: formatDecimal(money(order.shipping_total)),
      totalTax: formatDecimal(money(order.total_tax)),
      totalPrice: formatDecimal(total),
      currentTotalPrice: formatDecimal(total - refunded),
      presentmentTotalPrice: formatDecimal(total),
      financialStatus: order.status,
      fulfillmentStatus: order.status === "completed" ? "fulfilled" : null,
      customerId: optionalId(order.customer_id),
      // WooCommerce 8.5+ records where the order came from (Order Attribution).
      landingSite: attribution("session_entry"),
      referringSite: attribution("referrer"),
      utmSource: attribution("utm_source"),
      utmMedium: attribution("utm_medium"),
      utmCampaign: attribution("utm_campaign"),
      sourceName: blankToNull(order.created_via),
      discountCodes: boundDiscountCodes(order.coupon_lines.map((coupon) => coupon.code)),
      countryCode: orderCountry(blankToNull(order.shipping?.country), blankToNull(order.billing?.country)),
      riskLevel: null,
      taxesIncluded: typeof order.prices_include_tax === "boolean" ? order.prices_include_tax : null,
      // WooCommerce writes the state as the subdivision code ("NSW", "CA").
      regionCode: orderRegion({ country: order.shipping?.country, region: order.shipping?.state }, { country: order.billing?.country, region: order.billing?.state }),
    },
    lineItems,
    refunds: refundFacts,
    refundLineItems,
  };
}

export function customerToFact(customer: WooCustomer): CustomerFact {
  const createdAt = gmtInstant(customer.date_created_gmt, "date_created_gmt");
  return {
    externalId: id(customer.id, "id"),
    email: blankToNull(customer.email),
    // Worked out from the orders themselves; the API does not say.
    firstOrderAt: null,
    ordersCount: typeof customer.orders_count === "number" && Number.isSafeInteger(customer.orders_count) ? customer.orders_count : 0,
    tags: [],
    createdAt,
    updatedAt: customer.date_modified_gmt ? gmtInstant(customer.date_modified_gmt, "date_modified_gmt") : createdAt,
  };
}

/**
 * A product and its variants. A variable product's variants are its variations; any other
 * product is its own single variant (same id), so every sold line has a variant and a SKU.
 * WooCommerce has no product type in Shopify's sense: the first category stands in for it.
 */
export function productToBundle(product: WooProduct, variations: readonly WooVariation[]): ProductBundle {
  const productId = id(product.id, "id");
  const updatedAt = gmtInstant(product.date_modified_gmt, "date_modified_gmt");
  const variants: VariantFact[] =
    product.type === "variable"
      ? variations.map((variation) => ({
          externalId: id(variation.id, "variations.id"),
          productId,
          title: variation.attributes.map((a) => a.option).filter(Boolean).join(" / ") || product.name,
          sku: blankToNull(variation.sku),
          price: formatDecimal(money(variation.price)),
          unitCost: recordedCost(variation.meta_data, "_wc_cog_cost"),
          inventoryItemId: null,
          updatedAt: gmtInstant(variation.date_modified_gmt, "variation date_modified_gmt"),
        }))
      : [{
          externalId: productId, productId, title: "Default", sku: blankToNull(product.sku), price: formatDecimal(money(product.price)),
          unitCost: recordedCost(product.meta_data, "_wc_cog_cost"), inventoryItemId: null, updatedAt,
        }];
  return {
    product: {
      externalId: productId,
      title: product.name,
      vendor: blankToNull(product.brands?.[0]?.name),
      productType: blankToNull(product.categories[0]?.name),
      status: product.status,
      tags: product.tags.map((tag) => tag.name),
      createdAt: gmtInstant(product.date_created_gmt, "date_created_gmt"),
      updatedAt,
    },
    variants,
  };
}

// Zones for the UTC offsets WordPress offers that no whole-hour Etc/GMT zone covers.
const FRACTIONAL_OFFSETS: Record<string, string> = {
  "-9.5": "Pacific/Marquesas", "-3.5": "America/St_Johns", "3.5": "Asia/Tehran", "4.5": "Asia/Kabul", "5.5": "Asia/Kolkata",
  "5.75": "Asia/Kathmandu", "6.5": "Asia/Yangon", "8.75": "Australia/Eucla", "9.5": "Australia/Darwin", "10.5": "Australia/Lord_Howe", "12.75": "Pacific/Chatham",
};

/**
 * The store's IANA zone. WordPress keeps either a city ("Pacific/Auckland") or, when the site was
 * set to a fixed offset ("UTC+13"), an empty timezone_string and gmt_offset; Etc/GMT zones count
 * their hours with the opposite sign.
 */
export function storeTimeZone(index: Pick<WpIndex, "timezone_string" | "gmt_offset">): string {
  const named = blankToNull(index.timezone_string);
  if (named && !/^UTC[+-]/.test(named)) return named;
  const offset = Number(index.gmt_offset);
  if (!Number.isFinite(offset) || offset === 0) return "UTC";
  if (Number.isInteger(offset) && offset >= -12 && offset <= 14) return `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
  return FRACTIONAL_OFFSETS[String(offset)] ?? "UTC";
}

export function shopInfo(index: WpIndex, currency: WooCurrency, storeUrl: string): ShopInfo {
  return { name: blankToNull(index.name) ?? new URL(storeUrl).host, domain: new URL(storeUrl).host, timeZone: storeTimeZone(index), currency: currency.code };
}
