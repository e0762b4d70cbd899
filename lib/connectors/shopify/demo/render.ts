// Demo records -> the exact JSON shapes of shapes.ts, as the store looks at a given moment
// ("horizon"): refunds and fulfilments that have not happened yet are not shown.

import { centsToDecimal } from "../money";
import type {
  CustomerNode,
  LineItemNode,
  MoneyBag,
  OrderScalars,
  ProductNode,
  RefundDetailsNode,
  RefundLineItemNode,
  ShopMoneyBag,
  VariantNode,
} from "../shapes";
import { CATALOG } from "./catalog";
import { DAY_MS, IDS, type DemoOrder, type DemoStore } from "./generator";

export const SHOP_CURRENCY = "USD";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

function shopMoney(cents: number): ShopMoneyBag {
  return { shopMoney: { amount: centsToDecimal(cents), currencyCode: SHOP_CURRENCY } };
}

function moneyBag(cents: number, presentment: { currency: string; rate: number }): MoneyBag {
  return {
    shopMoney: { amount: centsToDecimal(cents), currencyCode: SHOP_CURRENCY },
    presentmentMoney: { amount: centsToDecimal(Math.round(cents * presentment.rate)), currencyCode: presentment.currency },
  };
}

/** Refunds that have happened by `horizon`. */
export function visibleRefunds(order: DemoOrder, horizon: number) {
  return order.refundDetails.filter((refund) => refund.at <= horizon);
}

export function refundTotalCents(refund: DemoOrder["refundDetails"][number]): number {
  return refund.lines.reduce((sum, line) => sum + line.subtotalCents + line.taxCents, 0) + refund.shippingCents;
}

export function renderOrder(order: DemoOrder, horizon: number): OrderScalars {
  const refunds = visibleRefunds(order, horizon);
  const gross = order.lines.reduce((sum, line) => sum + line.unitCents * line.quantity, 0);
  const discounts = order.lines.reduce((sum, line) => sum + line.discountCents, 0);
  const tax = order.lines.reduce((sum, line) => sum + line.taxCents, 0);
  const subtotal = gross - discounts;
  const total = subtotal + order.shippingCents + tax + order.tipCents;
  const refunded = refunds.reduce((sum, refund) => sum + refundTotalCents(refund), 0);
  const cancelled = order.cancelledAt !== null && order.cancelledAt <= horizon;
  const fulfilled = order.fulfilledAt !== null && order.fulfilledAt <= horizon;
  let updated = order.createdAt;
  for (const at of [order.fulfilledAt, order.cancelledAt, ...refunds.map((r) => r.at)]) {
    if (at !== null && at <= horizon && at > updated) updated = at;
  }
  const financialStatus = refunded === 0 ? order.payment : refunded >= total ? "REFUNDED" : "PARTIALLY_REFUNDED";
  const visit = order.visit;

  return {
    id: gid("Order", order.id),
    name: order.name,
    createdAt: iso(order.createdAt),
    processedAt: iso(order.createdAt),
    updatedAt: iso(updated),
    cancelledAt: cancelled ? iso(order.cancelledAt!) : null,
    test: order.test,
    currencyCode: SHOP_CURRENCY,
    presentmentCurrencyCode: order.presentment.currency,
    sourceName: order.sourceName,
    displayFinancialStatus: financialStatus,
    displayFulfillmentStatus: fulfilled ? "FULFILLED" : "UNFULFILLED",
    subtotalPriceSet: shopMoney(subtotal),
    totalDiscountsSet: shopMoney(discounts),
    totalShippingPriceSet: shopMoney(order.shippingCents),
    totalTaxSet: shopMoney(tax),
    totalPriceSet: moneyBag(total, order.presentment),
    currentTotalPriceSet: shopMoney(Math.max(0, total - refunded)),
    customer: order.customerRoot === null ? null : { id: gid("Customer", IDS.customer + order.customerRoot) },
    discountCodes: order.discountCodes,
    shippingAddress: order.shipsToAddress ? { countryCodeV2: order.country, provinceCode: order.region } : null,
    billingAddress: { countryCodeV2: order.country, provinceCode: order.region },
    taxesIncluded: false,
    risk: { assessments: [{ riskLevel: order.risk }] },
    customerJourneySummary: visit
      ? {
          firstVisit: {
            landingPage: visit.landingPage,
            referrerUrl: visit.referrerUrl,
            utmParameters: visit.utm && visit.utmParsed ? { ...visit.utm } : null,
          },
        }
      : null,
    refunds: refunds.map((refund) => ({ id: gid("Refund", refund.id), createdAt: iso(refund.at), totalRefundedSet: shopMoney(refundTotalCents(refund)) })),
  };
}

export function renderLineItems(order: DemoOrder): LineItemNode[] {
  return order.lines.map((line) => {
    const product = CATALOG[line.product]!;
    const variant = product.variants[line.variant]!;
    return {
      id: gid("LineItem", line.id),
      title: product.title,
      variantTitle: variant.title === "Default Title" ? null : variant.title,
      vendor: product.vendor,
      sku: variant.sku,
      quantity: line.quantity,
      product: { id: gid("Product", IDS.product + line.product) },
      variant: {
        id: gid("ProductVariant", variantId(line.product, line.variant)),
        inventoryItem: { unitCost: product.costCents === null ? null : { amount: centsToDecimal(product.costCents), currencyCode: SHOP_CURRENCY } },
      },
      originalUnitPriceSet: shopMoney(line.unitCents),
      discountAllocations: line.discountCents > 0 ? [{ allocatedAmountSet: shopMoney(line.discountCents) }] : [],
    };
  });
}

export function renderRefundDetails(order: DemoOrder, refund: DemoOrder["refundDetails"][number]): { node: RefundDetailsNode; lineItems: RefundLineItemNode[] } {
  const lineItems = refund.lines.map(
    (line): RefundLineItemNode => ({
      id: gid("RefundLineItem", line.id),
      quantity: line.quantity,
      restockType: line.restockType,
      lineItem: { id: gid("LineItem", order.lines[line.line]!.id) },
      subtotalSet: shopMoney(line.subtotalCents),
      totalTaxSet: shopMoney(line.taxCents),
    }),
  );
  const shippingLines =
    refund.shippingCents > 0
      ? [{ id: gid("RefundShippingLine", IDS.refundShippingLine + (refund.id - IDS.refund)), subtotalAmountSet: shopMoney(refund.shippingCents) }]
      : [];
  return {
    node: { id: gid("Refund", refund.id), refundLineItems: { nodes: lineItems, pageInfo: { hasNextPage: false, endCursor: null } }, refundShippingLines: { nodes: shippingLines } },
    lineItems,
  };
}

export function variantId(product: number, variant: number): number {
  return IDS.variant + product * 100 + variant;
}

/** Products exist from before the history; a few were edited during it. */
export function productTimes(store: DemoStore, p: number): { createdAt: number; updatedAt: number } {
  const createdAt = store.startMs - (400 - p * 7) * DAY_MS + 9 * 3_600_000;
  const editedAt = p % 4 === 0 ? store.startMs + ((p * 37) % Math.max(1, store.historyDays)) * DAY_MS + 15 * 3_600_000 : null;
  return { createdAt, updatedAt: editedAt ?? createdAt + 2 * 3_600_000 };
}

export function renderProduct(store: DemoStore, p: number, horizon: number): ProductNode & { variants: { nodes: VariantNode[] } } {
  const product = CATALOG[p]!;
  const times = productTimes(store, p);
  const updatedAt = times.updatedAt <= horizon ? times.updatedAt : times.createdAt;
  const variants = product.variants.map(
    (variant, v): VariantNode => ({
      id: gid("ProductVariant", variantId(p, v)),
      title: variant.title,
      sku: variant.sku,
      price: centsToDecimal(product.priceCents),
      updatedAt: iso(updatedAt),
      inventoryItem: {
        id: gid("InventoryItem", IDS.inventoryItem + p * 100 + v),
        unitCost: product.costCents === null ? null : { amount: centsToDecimal(product.costCents), currencyCode: SHOP_CURRENCY },
      },
    }),
  );
  return {
    id: gid("Product", IDS.product + p),
    title: product.title,
    vendor: product.vendor,
    productType: product.productType,
    status: "ACTIVE",
    tags: product.tags,
    createdAt: iso(times.createdAt),
    updatedAt: iso(updatedAt),
    variants: { nodes: variants, pageInfo: { hasNextPage: false, endCursor: null } },
  };
}

export function renderCustomer(
  store: DemoStore,
  root: number,
  stats: { count: number; lastOrder: number },
): CustomerNode {
  const first = store.createdAt(root);
  const tags: string[] = [];
  if (stats.count >= 4) tags.push("vip");
  if ((root * 2654435761) % 10 < 3) tags.push("newsletter");
  return {
    id: gid("Customer", IDS.customer + root),
    defaultEmailAddress: { emailAddress: `customer-${root}@example.com` },
    numberOfOrders: String(stats.count),
    tags,
    createdAt: iso(first - 60_000),
    updatedAt: iso(store.createdAt(stats.lastOrder) + 1_000),
    orders: { nodes: [{ processedAt: iso(first) }] },
  };
}
