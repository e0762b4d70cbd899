// Pure mapping from Shopify's GraphQL shapes (shapes.ts) to the facts the engine stores (types.ts).
// No I/O; the same functions serve paged answers, bulk JSONL lines and the demo store.

import { boundDiscountCodes, orderCountry, orderRegion } from "../contracts/order-segments";
import { highestRiskLevel } from "../contracts/order-risk";
import { sumDecimals } from "./money";
import type {
  CustomerNode,
  LineItemNode,
  OrderScalars,
  ProductNode,
  RefundDetailsNode,
  ShopNode,
  VariantNode,
} from "./shapes";
import type { CustomerFact, LineItemFact, OrderBundle, ProductBundle, RefundFact, RefundLineItemFact, ShopInfo, VariantFact } from "../contracts/store-facts";

const addressOf = (a: { countryCodeV2: string | null; provinceCode?: string | null } | null) => a && { country: a.countryCodeV2, region: a.provinceCode };

/** "gid://shopify/Order/820982911946154508" -> 820982911946154508n (exact: never via Number). */
export function gidToBigInt(gid: string): bigint {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/.exec(gid);
  if (!match?.[1]) throw new Error(`not a Shopify global id: ${JSON.stringify(gid)}`);
  return BigInt(match[1]);
}

/** The resource type of a gid ("Order", "LineItem"), or null. */
export function gidType(gid: string): string | null {
  return /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1] ?? null;
}

export function shopToInfo(shop: ShopNode): ShopInfo {
  return { name: shop.name, domain: shop.myshopifyDomain, timeZone: shop.ianaTimezone, currency: shop.currencyCode };
}

/**
 * An order and its line items as one bundle. Refunds come from the order's refund headers; their
 * line items and refunded shipping need the refunds' details (withRefundDetails).
 */
export function orderToBundle(order: OrderScalars, lineItems: LineItemNode[]): OrderBundle {
  const orderId = gidToBigInt(order.id);
  const visit = order.customerJourneySummary?.firstVisit ?? null;
  const landingSite = blankToNull(visit?.landingPage);
  const utm = visit?.utmParameters ?? null;
  const utmSource = blankToNull(utm?.source);
  const utmMedium = blankToNull(utm?.medium);
  const utmCampaign = blankToNull(utm?.campaign);
  // Parsing a URL costs more than the rest of the order: only for what the journey leaves out.
  const fromUrl = utmSource && utmMedium && utmCampaign ? NO_UTM : utmFromUrl(landingSite);

  return {
    order: {
      externalId: orderId,
      name: order.name,
      createdAt: toDate(order.createdAt, "createdAt"),
      processedAt: order.processedAt ? toDate(order.processedAt, "processedAt") : null,
      updatedAt: toDate(order.updatedAt, "updatedAt"),
      cancelledAt: order.cancelledAt ? toDate(order.cancelledAt, "cancelledAt") : null,
      test: order.test,
      currency: order.currencyCode,
      presentmentCurrency: order.presentmentCurrencyCode,
      subtotal: order.subtotalPriceSet?.shopMoney.amount ?? "0",
      totalDiscounts: order.totalDiscountsSet?.shopMoney.amount ?? "0",
      totalShipping: order.totalShippingPriceSet.shopMoney.amount,
      totalTax: order.totalTaxSet?.shopMoney.amount ?? "0",
      totalPrice: order.totalPriceSet.shopMoney.amount,
      currentTotalPrice: order.currentTotalPriceSet.shopMoney.amount,
      presentmentTotalPrice: order.totalPriceSet.presentmentMoney.amount,
      financialStatus: order.displayFinancialStatus,
      fulfillmentStatus: order.displayFulfillmentStatus,
      customerId: order.customer ? gidToBigInt(order.customer.id) : null,
      landingSite,
      referringSite: blankToNull(visit?.referrerUrl),
      utmSource: utmSource ?? fromUrl.source,
      utmMedium: utmMedium ?? fromUrl.medium,
      utmCampaign: utmCampaign ?? fromUrl.campaign,
      sourceName: blankToNull(order.sourceName),
      // A bulk line written before these fields were selected has neither: treated as none.
      discountCodes: boundDiscountCodes(order.discountCodes ?? []),
      countryCode: orderCountry(order.shippingAddress?.countryCodeV2, order.billingAddress?.countryCodeV2),
      // Bulk lines written before these were selected have neither: unknown, not "no risk".
      riskLevel: highestRiskLevel(order.risk?.assessments.map((a) => a.riskLevel) ?? []),
      taxesIncluded: order.taxesIncluded ?? null,
      regionCode: orderRegion(addressOf(order.shippingAddress), addressOf(order.billingAddress)),
    },
    lineItems: lineItems.map((line) => lineItemToFact(line, orderId)),
    refunds: order.refunds.map(
      (refund): RefundFact => ({
        externalId: gidToBigInt(refund.id),
        orderId,
        createdAt: toDate(refund.createdAt, "refund.createdAt"),
        // The GraphQL Refund has no processedAt: the engine dates returns by createdAt.
        processedAt: null,
        totalRefunded: refund.totalRefundedSet.shopMoney.amount,
        shippingRefunded: "0",
        currency: refund.totalRefundedSet.shopMoney.currencyCode,
      }),
    ),
    refundLineItems: [],
  };
}

export function lineItemToFact(line: LineItemNode, orderId: bigint): LineItemFact {
  return {
    externalId: gidToBigInt(line.id),
    orderId,
    productId: line.product ? gidToBigInt(line.product.id) : null,
    variantId: line.variant ? gidToBigInt(line.variant.id) : null,
    sku: blankToNull(line.sku),
    title: line.title,
    variantTitle: blankToNull(line.variantTitle),
    vendor: blankToNull(line.vendor),
    quantity: line.quantity,
    unitPrice: line.originalUnitPriceSet.shopMoney.amount,
    totalDiscount: sumDecimals(line.discountAllocations.map((a) => a.allocatedAmountSet.shopMoney.amount)),
    unitCost: line.variant?.inventoryItem?.unitCost?.amount ?? null,
  };
}

/**
 * Completes a bundle's refunds with their line items and refunded shipping. `details` must hold
 * every refund line item of each refund (all pages); refunds without details are left as they are.
 */
export function withRefundDetails(bundle: OrderBundle, details: Iterable<RefundDetailsNode>): OrderBundle {
  const byId = new Map<bigint, RefundDetailsNode>();
  for (const detail of details) byId.set(gidToBigInt(detail.id), detail);
  const orderId = bundle.order.externalId;
  const refundLineItems: RefundLineItemFact[] = [...bundle.refundLineItems];
  const refunds = bundle.refunds.map((refund) => {
    const detail = byId.get(refund.externalId);
    if (!detail) return refund;
    for (const item of detail.refundLineItems.nodes) {
      refundLineItems.push({
        externalId: gidToBigInt(item.id),
        refundId: refund.externalId,
        orderId,
        lineItemId: gidToBigInt(item.lineItem.id),
        quantity: item.quantity,
        subtotal: item.subtotalSet.shopMoney.amount,
        totalTax: item.totalTaxSet.shopMoney.amount,
        restockType: blankToNull(item.restockType),
      });
    }
    const shippingRefunded = sumDecimals(detail.refundShippingLines.nodes.map((line) => line.subtotalAmountSet.shopMoney.amount));
    return { ...refund, shippingRefunded };
  });
  return { ...bundle, refunds, refundLineItems };
}

export function customerToFact(customer: CustomerNode): CustomerFact {
  const firstOrder = customer.orders.nodes[0];
  return {
    externalId: gidToBigInt(customer.id),
    email: blankToNull(customer.defaultEmailAddress?.emailAddress),
    firstOrderAt: firstOrder ? toDate(firstOrder.processedAt, "orders.processedAt") : null,
    ordersCount: Number(customer.numberOfOrders),
    tags: customer.tags,
    createdAt: toDate(customer.createdAt, "createdAt"),
    updatedAt: toDate(customer.updatedAt, "updatedAt"),
  };
}

export function productToBundle(product: ProductNode, variants: VariantNode[]): ProductBundle {
  const productId = gidToBigInt(product.id);
  return {
    product: {
      externalId: productId,
      title: product.title,
      vendor: blankToNull(product.vendor),
      productType: blankToNull(product.productType),
      status: product.status,
      tags: product.tags,
      createdAt: toDate(product.createdAt, "createdAt"),
      updatedAt: toDate(product.updatedAt, "updatedAt"),
    },
    variants: variants.map(
      (variant): VariantFact => ({
        externalId: gidToBigInt(variant.id),
        productId,
        title: variant.title,
        sku: blankToNull(variant.sku),
        price: variant.price,
        unitCost: variant.inventoryItem?.unitCost?.amount ?? null,
        inventoryItemId: variant.inventoryItem ? gidToBigInt(variant.inventoryItem.id) : null,
        updatedAt: toDate(variant.updatedAt, "variant.updatedAt"),
      }),
    ),
  };
}

export type Utm = { source: string | null; medium: string | null; campaign: string | null };

const NO_UTM: Utm = Object.freeze({ source: null, medium: null, campaign: null });

/** UTM parameters from a landing page, given as a full URL or a path ("/?utm_source=x"). */
export function utmFromUrl(landingPage: string | null | undefined): Utm {
  const none: Utm = { ...NO_UTM };
  // Without a query there are no parameters, and no URL to parse.
  if (!landingPage?.includes("?")) return none;
  let params: URLSearchParams;
  try {
    params = new URL(landingPage, "https://landing.invalid").searchParams;
  } catch {
    return none;
  }
  return {
    source: blankToNull(params.get("utm_source")),
    medium: blankToNull(params.get("utm_medium")),
    campaign: blankToNull(params.get("utm_campaign")),
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function toDate(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${field} is not a date: ${JSON.stringify(value)}`);
  return date;
}
