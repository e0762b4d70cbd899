// Shopify Admin GraphQL payloads for the client, bulk and source tests, built from Shopify's
// documented 2026-10 response shapes (no authentic orders page, THROTTLED answer or bulk JSONL is
// available to copy; see tests/fixtures/shopify/graphql/README.md for the two that are).

import type { CostExtension, LineItemNode, OrderNode, OrderScalars, RefundDetailsNode } from "@/lib/connectors/shopify/shapes";

export const SHOP = "test-shop.myshopify.com";

const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

export function cost(requested: number, available: number, restoreRate = 100, actual: number | null = requested): { cost: CostExtension } {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate } } };
}

/** The documented THROTTLED answer: errors plus the cost extension, no data. */
export function throttled(requested: number, available: number, restoreRate: number) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
    extensions: cost(requested, available, restoreRate, null),
  };
}

export function lineItem(id: number, overrides: Partial<LineItemNode> = {}): LineItemNode {
  return {
    id: `gid://shopify/LineItem/${id}`,
    title: "Cleaning Kit",
    variantTitle: null,
    vendor: "Signal Audio",
    sku: "ACC-CLEAN",
    quantity: 1,
    product: { id: "gid://shopify/Product/8000000005" },
    variant: { id: "gid://shopify/ProductVariant/44000000000500", inventoryItem: { unitCost: { amount: "5.5", currencyCode: "USD" } } },
    originalUnitPriceSet: usd("24.0"),
    discountAllocations: [],
    ...overrides,
  };
}

export function orderScalars(id: number, overrides: Partial<OrderScalars> = {}): OrderScalars {
  return {
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    createdAt: "2026-05-01T12:00:00Z",
    processedAt: "2026-05-01T12:00:00Z",
    updatedAt: "2026-05-02T08:00:00Z",
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    sourceName: "web",
    displayFinancialStatus: "PAID",
    displayFulfillmentStatus: "FULFILLED",
    subtotalPriceSet: usd("24.0"),
    totalDiscountsSet: usd("0.0"),
    totalShippingPriceSet: usd("7.95"),
    totalTaxSet: usd("1.74"),
    totalPriceSet: { shopMoney: { amount: "33.69", currencyCode: "USD" }, presentmentMoney: { amount: "33.69", currencyCode: "USD" } },
    currentTotalPriceSet: usd("33.69"),
    customer: { id: "gid://shopify/Customer/7000000000001" },
    discountCodes: [],
    shippingAddress: { countryCodeV2: "US" },
    billingAddress: { countryCodeV2: "US" },
    taxesIncluded: false,
    risk: { assessments: [{ riskLevel: "LOW" }] },
    customerJourneySummary: { firstVisit: { landingPage: "https://alpha-hearing.example/?utm_source=google&utm_medium=cpc&utm_campaign=brand", referrerUrl: "https://www.google.com/", utmParameters: null } },
    refunds: [],
    ...overrides,
  };
}

export function orderNode(id: number, lines: LineItemNode[], overrides: Partial<OrderScalars> = {}, hasMoreLines = false): OrderNode {
  return {
    ...orderScalars(id, overrides),
    lineItems: { nodes: lines, pageInfo: { hasNextPage: hasMoreLines, endCursor: lines.length ? `li-${id}-${lines.length}` : null } },
  };
}

export function refundDetails(refundId: number, lineItemId: number): RefundDetailsNode {
  return {
    id: `gid://shopify/Refund/${refundId}`,
    refundLineItems: {
      nodes: [
        {
          id: `gid://shopify/RefundLineItem/${refundId * 10}`,
          quantity: 1,
          restockType: "RETURN",
          lineItem: { id: `gid://shopify/LineItem/${lineItemId}` },
          subtotalSet: usd("24.0"),
          totalTaxSet: usd("1.74"),
        },
      ],
      pageInfo: { hasNextPage: false, endCursor: null },
    },
    refundShippingLines: { nodes: [] },
  };
}

/** A bulk JSONL file: each order's root line, then its line items with __parentId. */
export function bulkJsonl(orders: { order: OrderScalars; lines: LineItemNode[] }[]): string {
  const out: string[] = [];
  for (const { order, lines } of orders) {
    out.push(JSON.stringify(order));
    for (const line of lines) out.push(JSON.stringify({ ...line, __parentId: order.id }));
  }
  return out.join("\n") + "\n";
}

/** The GraphQL request a handler received. */
export type GraphQLBody = { query: string; variables: Record<string, unknown>; operationName?: string };
