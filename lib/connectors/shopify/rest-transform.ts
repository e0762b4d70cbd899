import { AMOUNT_WHOLE_DIGITS, INT4, INT8, fitsAmount, fitsInt4, fitsInt8 } from "@/lib/db/column-ranges";
import { boundDiscountCodes, orderCountry, orderRegion } from "../contracts/order-segments";
import { sumDecimals } from "./money";
import type {
  LineItemFact,
  Money,
  OrderBundle,
  OrderFact,
  ProductBundle,
  RefundFact,
  RefundLineItemFact,
  VariantFact,
} from "../contracts/store-facts";

// Webhook bodies are REST JSON, not GraphQL. These pure functions turn them into the same facts
// the GraphQL sync produces, so the engine upserts both alike.
//
// Ids: Shopify's numeric ids can exceed 2^53, which JSON.parse rounds. Parse webhook bodies with
// parseShopifyJson (it keeps such integers as strings), and prefer the numeric tail of
// admin_graphql_api_id whenever the object carries one: it is a string and never rounded.

type Obj = Record<string, unknown>;

/** A REST payload that cannot be turned into facts (missing id, unparseable date...). */
export class ShopifyPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShopifyPayloadError";
  }
}

// ---------------------------------------------------------------------------------------------
// Lossless JSON

/**
 * JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER exact by turning them into
 * strings (the transforms accept ids as numbers or strings). Other numbers parse as usual.
 */
export function parseShopifyJson(text: string): unknown {
  let out = "";
  let inString = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const token = match?.[0] ?? ch;
      const isInteger = match !== null && match[1] === undefined && match[2] === undefined;
      out += isInteger && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token;
      i += token.length;
      continue;
    }
    out += ch;
    i++;
  }
  return JSON.parse(out);
}

// ---------------------------------------------------------------------------------------------
// Small readers

/** A REST address's country and province codes, for orderRegion. */
const restAddress = (a: Obj | null) => a && { country: a.country_code, region: a.province_code };

function obj(value: unknown): Obj | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : null;
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Obj => v !== null) : [];
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return null;
}

/** Ids are stored as bigint: one past its range is no Shopify id, and Postgres would refuse the whole delivery. */
function storableId(id: bigint): bigint {
  if (!fitsInt8(id)) throw new ShopifyPayloadError(`The id ${id} is larger than any Shopify id (at most ${INT8.max}).`);
  return id;
}

/** The numeric tail of a gid ("gid://shopify/Order/123" -> 123n). */
export function gidTail(gid: unknown): bigint | null {
  if (typeof gid !== "string") return null;
  const match = /\/(\d+)(?:\?.*)?$/.exec(gid);
  return match ? storableId(BigInt(match[1]!)) : null;
}

/** A REST id (number or digit string), or the gid's tail when the object has one. */
export function restId(value: unknown, gid?: unknown): bigint | null {
  const fromGid = gidTail(gid);
  if (fromGid !== null) return fromGid;
  if (typeof value === "bigint") return storableId(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return storableId(BigInt(value));
  // An unsafe number has already been rounded by whoever parsed it; it is the best there is.
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return storableId(BigInt(value));
  return null;
}

function requiredId(what: string, value: unknown, gid?: unknown): bigint {
  const id = restId(value, gid);
  if (id === null) throw new ShopifyPayloadError(`${what} has no usable id.`);
  return id;
}

function date(value: unknown): Date | null {
  if (typeof value !== "string" || value === "") return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function requiredDate(what: string, value: unknown): Date {
  const parsed = date(value);
  if (!parsed) throw new ShopifyPayloadError(`${what} has no valid date.`);
  return parsed;
}

/** A count stored in an integer column; one beyond its range refuses the delivery, naming the field. */
function int(what: string, value: unknown): number {
  const n = typeof value === "string" ? Number(value) : value;
  const whole = typeof n === "number" && Number.isFinite(n) ? Math.trunc(n) : 0;
  if (!fitsInt4(whole)) {
    throw new ShopifyPayloadError(`${what} is ${String(value).slice(0, 40)}, outside the range Signalboard stores (${INT4.min} to ${INT4.max}).`);
  }
  return whole;
}

// ---------------------------------------------------------------------------------------------
// Money: decimal strings, summed exactly (never through floats)

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function decimal(value: unknown): string | null {
  const raw = typeof value === "number" ? (Number.isFinite(value) ? String(value) : null) : typeof value === "string" ? value.trim() : null;
  if (raw === null || !DECIMAL.test(raw)) return null;
  if (!fitsAmount(raw)) throw new ShopifyPayloadError(`An amount is ${raw.slice(0, 40)}, larger than Signalboard stores (${AMOUNT_WHOLE_DIGITS} digits before the point).`);
  return raw;
}

/** The shop-currency amount of a money bag ({shop_money:{amount}}), else the plain field. */
function shopMoney(set: unknown, plain?: unknown): Money | null {
  return decimal(obj(obj(set)?.shop_money)?.amount) ?? decimal(plain);
}

function presentmentMoney(set: unknown): Money | null {
  return decimal(obj(obj(set)?.presentment_money)?.amount);
}

/** Exact sum of the amounts present (nulls skipped), at the largest scale among them (at least 2 places). */
export function sumMoney(values: readonly (Money | null | undefined)[]): Money {
  return sumDecimals(values.filter((v): v is Money => typeof v === "string"));
}

function abs(value: Money): Money {
  return value.startsWith("-") ? value.slice(1) : value;
}

// ---------------------------------------------------------------------------------------------
// Attribution

/** utm_source / utm_medium / utm_campaign from a landing page (a path with a query, or a URL). */
export function utmFromLandingSite(landingSite: string | null): { utmSource: string | null; utmMedium: string | null; utmCampaign: string | null } {
  const none = { utmSource: null, utmMedium: null, utmCampaign: null };
  if (!landingSite) return none;
  let params: URLSearchParams;
  try {
    params = new URL(landingSite, "https://landing.invalid").searchParams;
  } catch {
    return none;
  }
  const lower = new Map<string, string>();
  for (const [key, value] of params) if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), value);
  const read = (key: string) => {
    const value = lower.get(key)?.trim();
    return value ? value : null;
  };
  return { utmSource: read("utm_source"), utmMedium: read("utm_medium"), utmCampaign: read("utm_campaign") };
}

// ---------------------------------------------------------------------------------------------
// Orders

function lineItemFact(raw: Obj, orderId: bigint): LineItemFact {
  // discount_allocations hold both line-level and allocated order-level discounts. The older
  // total_discount field is used only when a payload has no allocations array at all.
  const allocations = Array.isArray(raw.discount_allocations)
    ? sumMoney(list(raw.discount_allocations).map((a) => shopMoney(a.amount_set, a.amount)))
    : (shopMoney(raw.total_discount_set, raw.total_discount) ?? "0.00");
  return {
    externalId: requiredId("A line item", raw.id, raw.admin_graphql_api_id),
    orderId,
    productId: restId(raw.product_id),
    variantId: restId(raw.variant_id),
    sku: text(raw.sku),
    title: text(raw.title) ?? text(raw.name) ?? "",
    variantTitle: text(raw.variant_title),
    vendor: text(raw.vendor),
    quantity: int("A line item's quantity", raw.quantity),
    unitPrice: shopMoney(raw.price_set, raw.price) ?? "0.00",
    totalDiscount: allocations,
    unitCost: null,
  };
}

function refundLineItemFact(raw: Obj, refundId: bigint, orderId: bigint): RefundLineItemFact {
  const lineItem = obj(raw.line_item);
  return {
    externalId: requiredId("A refund line item", raw.id, raw.admin_graphql_api_id),
    refundId,
    orderId,
    lineItemId: requiredId("A refund line item's line item", raw.line_item_id ?? lineItem?.id, lineItem?.admin_graphql_api_id),
    quantity: int("A refund line item's quantity", raw.quantity),
    subtotal: shopMoney(raw.subtotal_set, raw.subtotal) ?? "0.00",
    totalTax: shopMoney(raw.total_tax_set, raw.total_tax) ?? "0.00",
    restockType: text(raw.restock_type),
  };
}

function refundCurrency(raw: Obj, fallback: string | null): string {
  const fromSets = [
    ...list(raw.refund_line_items).map((l) => obj(l.subtotal_set)),
    obj(raw.total_duties_set),
    ...list(raw.order_adjustments).map((a) => obj(a.amount_set)),
  ];
  for (const set of fromSets) {
    const code = text(obj(set?.shop_money)?.currency_code);
    if (code) return code;
  }
  return fallback ?? text(list(raw.transactions)[0]?.currency) ?? "XXX";
}

function refundParts(raw: Obj, orderIdFallback: bigint | null, currencyFallback: string | null): { refund: RefundFact; refundLineItems: RefundLineItemFact[] } {
  const externalId = requiredId("A refund", raw.id, raw.admin_graphql_api_id);
  const orderId = orderIdFallback ?? requiredId("A refund's order", raw.order_id);
  // Money actually returned: the successful refund transactions.
  const transactions = list(raw.transactions).filter((t) => t.kind === "refund" && t.status === "success");
  const totalRefunded = sumMoney(transactions.map((t) => shopMoney(t.amount_set, t.amount)));
  // Shipping: refund_shipping_lines on recent API versions, shipping_refund adjustments on older.
  const shippingLines = list(raw.refund_shipping_lines);
  const shippingRefunded =
    shippingLines.length > 0
      ? sumMoney(shippingLines.map((s) => shopMoney(s.subtotal_amount_set, s.subtotal_amount)))
      : sumMoney(list(raw.order_adjustments).filter((a) => a.kind === "shipping_refund").map((a) => abs(shopMoney(a.amount_set, a.amount) ?? "0")));
  return {
    refund: {
      externalId,
      orderId,
      createdAt: requiredDate("A refund", raw.created_at),
      processedAt: date(raw.processed_at),
      totalRefunded,
      shippingRefunded,
      currency: refundCurrency(raw, currencyFallback),
    },
    refundLineItems: list(raw.refund_line_items).map((l) => refundLineItemFact(l, externalId, orderId)),
  };
}

/** An orders/create, orders/updated or orders/cancelled body -> the bundle the engine upserts. */
export function orderBundleFromRest(body: unknown): OrderBundle {
  const raw = obj(body);
  if (!raw) throw new ShopifyPayloadError("The order payload is not an object.");
  const externalId = requiredId("The order", raw.id, raw.admin_graphql_api_id);
  const currency = text(raw.currency) ?? text(obj(obj(raw.total_price_set)?.shop_money)?.currency_code);
  if (!currency) throw new ShopifyPayloadError("The order has no currency.");
  const customer = obj(raw.customer);
  const landingSite = text(raw.landing_site);
  const createdAt = requiredDate("The order", raw.created_at);
  const order: OrderFact = {
    externalId,
    name: text(raw.name) ?? `#${text(raw.order_number) ?? externalId.toString()}`,
    createdAt,
    processedAt: date(raw.processed_at),
    updatedAt: date(raw.updated_at) ?? createdAt,
    cancelledAt: date(raw.cancelled_at),
    test: raw.test === true,
    currency,
    presentmentCurrency:
      text(raw.presentment_currency) ?? text(obj(obj(raw.total_price_set)?.presentment_money)?.currency_code) ?? currency,
    subtotal: shopMoney(raw.subtotal_price_set, raw.subtotal_price) ?? "0.00",
    totalDiscounts: shopMoney(raw.total_discounts_set, raw.total_discounts) ?? "0.00",
    totalShipping: shopMoney(raw.total_shipping_price_set) ?? sumMoney(list(raw.shipping_lines).map((s) => shopMoney(s.price_set, s.price))),
    totalTax: shopMoney(raw.total_tax_set, raw.total_tax) ?? "0.00",
    totalPrice: shopMoney(raw.total_price_set, raw.total_price) ?? "0.00",
    currentTotalPrice: shopMoney(raw.current_total_price_set, raw.current_total_price) ?? shopMoney(raw.total_price_set, raw.total_price) ?? "0.00",
    presentmentTotalPrice: presentmentMoney(raw.total_price_set) ?? shopMoney(raw.total_price_set, raw.total_price) ?? "0.00",
    financialStatus: text(raw.financial_status),
    fulfillmentStatus: text(raw.fulfillment_status),
    customerId: customer ? restId(customer.id, customer.admin_graphql_api_id) : null,
    landingSite,
    referringSite: text(raw.referring_site),
    ...utmFromLandingSite(landingSite),
    sourceName: text(raw.source_name),
    // discount_codes: [{ code, amount, type }]; the country as the shipping address names it.
    discountCodes: boundDiscountCodes(list(raw.discount_codes).map((d) => d.code)),
    countryCode: orderCountry(obj(raw.shipping_address)?.country_code, obj(raw.billing_address)?.country_code),
    // Order webhooks carry no risk assessment: null keeps the level the last sync read.
    riskLevel: null,
    taxesIncluded: typeof raw.taxes_included === "boolean" ? raw.taxes_included : null,
    regionCode: orderRegion(restAddress(obj(raw.shipping_address)), restAddress(obj(raw.billing_address))),
  };
  const refunds = list(raw.refunds).map((r) => refundParts(r, externalId, currency));
  return {
    order,
    lineItems: list(raw.line_items).map((l) => lineItemFact(l, externalId)),
    refunds: refunds.map((r) => r.refund),
    refundLineItems: refunds.flatMap((r) => r.refundLineItems),
  };
}

/** A refunds/create body -> the refund and its line items. */
export function refundFromRest(body: unknown): { refund: RefundFact; refundLineItems: RefundLineItemFact[] } {
  const raw = obj(body);
  if (!raw) throw new ShopifyPayloadError("The refund payload is not an object.");
  return refundParts(raw, null, null);
}

// ---------------------------------------------------------------------------------------------
// Products

function tags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((t): t is string => t !== null);
  const joined = text(value);
  return joined ? joined.split(",").map((t) => t.trim()).filter(Boolean) : [];
}

/** A products/create or products/update body -> the product and its variants. */
export function productBundleFromRest(body: unknown): ProductBundle {
  const raw = obj(body);
  if (!raw) throw new ShopifyPayloadError("The product payload is not an object.");
  const externalId = requiredId("The product", raw.id, raw.admin_graphql_api_id);
  const createdAt = requiredDate("The product", raw.created_at);
  const updatedAt = date(raw.updated_at) ?? createdAt;
  const variants: VariantFact[] = list(raw.variants).map((v) => ({
    externalId: requiredId("A variant", v.id, v.admin_graphql_api_id),
    productId: externalId,
    title: text(v.title) ?? "",
    sku: text(v.sku),
    price: shopMoney(v.price_set, v.price) ?? "0.00",
    // Webhooks do not carry the inventory item's cost; the sync fills it.
    unitCost: null,
    inventoryItemId: restId(v.inventory_item_id),
    updatedAt: date(v.updated_at) ?? updatedAt,
  }));
  return {
    product: {
      externalId,
      title: text(raw.title) ?? "",
      vendor: text(raw.vendor),
      productType: text(raw.product_type),
      status: text(raw.status),
      tags: tags(raw.tags),
      createdAt,
      updatedAt,
    },
    variants,
  };
}
