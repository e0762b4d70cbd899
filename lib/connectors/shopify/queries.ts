// Every GraphQL document Signalboard sends to Shopify's Admin API, each with an operation name
// (the demo server dispatches on it). Shapes of the answers are in shapes.ts.
//
// Sizing. A single query may request at most 1,000 cost points (object = 1, connection = 2 +
// first x node cost), so nested connections are small and paged: an order asks for 10 line items
// (~110 points) and a page for 5 orders; the rare order with more lines is completed by
// OrderLineItemsPage. Refunds are selected as headers only: a bulk query may not select a
// connection inside a list field (Order.refunds is a list, Refund.refundLineItems a connection),
// so both the paged and the bulk path fetch refund lines with RefundDetails, batched by id.

/** Order fields every orders document selects: no connections, refunds as a plain list. */
const ORDER_FIELDS = `
      id
      name
      createdAt
      processedAt
      updatedAt
      cancelledAt
      test
      currencyCode
      presentmentCurrencyCode
      sourceName
      displayFinancialStatus
      displayFulfillmentStatus
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalDiscountsSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      currentTotalPriceSet { shopMoney { amount currencyCode } }
      customer { id }
      discountCodes
      shippingAddress { countryCodeV2 provinceCode }
      billingAddress { countryCodeV2 provinceCode }
      taxesIncluded
      risk { assessments { riskLevel } }
      customerJourneySummary {
        firstVisit { landingPage referrerUrl utmParameters { source medium campaign } }
      }
      refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } } }`;

const LINE_ITEM_FIELDS = `
          id
          title
          variantTitle
          vendor
          sku
          quantity
          product { id }
          variant { id inventoryItem { unitCost { amount currencyCode } } }
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } } }`;

const REFUND_LINE_ITEM_FIELDS = `
          id
          quantity
          restockType
          lineItem { id }
          subtotalSet { shopMoney { amount currencyCode } }
          totalTaxSet { shopMoney { amount currencyCode } }`;

const VARIANT_FIELDS = `
          id
          title
          sku
          price
          updatedAt
          inventoryItem { id unitCost { amount currencyCode } }`;

const PAGE_INFO = "pageInfo { hasNextPage endCursor }";

export const SHOP_QUERY = `query Shop {
  shop { name myshopifyDomain ianaTimezone currencyCode }
}`;

/** Variables: first, after, query (see updatedRange), lineItemsFirst. */
export const ORDERS_UPDATED_SINCE_QUERY = `query OrdersUpdatedSince($first: Int!, $after: String, $query: String!, $lineItemsFirst: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {${ORDER_FIELDS}
      lineItems(first: $lineItemsFirst) {
        nodes {${LINE_ITEM_FIELDS}
        }
        ${PAGE_INFO}
      }
    }
    ${PAGE_INFO}
  }
}`;

/** The rest of an order's line items when the first page had more. */
export const ORDER_LINE_ITEMS_QUERY = `query OrderLineItemsPage($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on Order {
      id
      lineItems(first: $first, after: $after) {
        nodes {${LINE_ITEM_FIELDS}
        }
        ${PAGE_INFO}
      }
    }
  }
}`;

/** Line items and shipping lines of up to 10 refunds by id (ids come from the order headers). */
export const REFUND_DETAILS_QUERY = `query RefundDetails($ids: [ID!]!, $lineItemsFirst: Int!) {
  nodes(ids: $ids) {
    ... on Refund {
      id
      refundLineItems(first: $lineItemsFirst) {
        nodes {${REFUND_LINE_ITEM_FIELDS}
        }
        ${PAGE_INFO}
      }
      refundShippingLines(first: 5) {
        nodes { id subtotalAmountSet { shopMoney { amount currencyCode } } }
      }
    }
  }
}`;

/** The rest of a refund's line items when RefundDetails' first page had more. */
export const REFUND_LINE_ITEMS_QUERY = `query RefundLineItemsPage($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on Refund {
      id
      refundLineItems(first: $first, after: $after) {
        nodes {${REFUND_LINE_ITEM_FIELDS}
        }
        ${PAGE_INFO}
      }
    }
  }
}`;

export const CUSTOMERS_UPDATED_SINCE_QUERY = `query CustomersUpdatedSince($first: Int!, $after: String, $query: String!) {
  customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      id
      defaultEmailAddress { emailAddress }
      numberOfOrders
      tags
      createdAt
      updatedAt
      orders(first: 1, sortKey: PROCESSED_AT) { nodes { processedAt } }
    }
    ${PAGE_INFO}
  }
}`;

export const PRODUCTS_UPDATED_SINCE_QUERY = `query ProductsUpdatedSince($first: Int!, $after: String, $query: String!, $variantsFirst: Int!) {
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      id
      title
      vendor
      productType
      status
      tags
      createdAt
      updatedAt
      variants(first: $variantsFirst) {
        nodes {${VARIANT_FIELDS}
        }
        ${PAGE_INFO}
      }
    }
    ${PAGE_INFO}
  }
}`;

export const PRODUCT_VARIANTS_QUERY = `query ProductVariantsPage($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on Product {
      id
      variants(first: $first, after: $after) {
        nodes {${VARIANT_FIELDS}
        }
        ${PAGE_INFO}
      }
    }
  }
}`;

/**
 * Starts a bulk export. `groupObjects: true` is deliberate: since 2026-01 Shopify no longer
 * places child lines right after their parent by default, and bulk.ts streams the file by
 * relying on exactly that order (one order in memory at a time).
 */
export const BULK_ORDERS_MUTATION = `mutation BulkOrders($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

export const BULK_OPERATION_STATUS_QUERY = `query BulkOperationStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
      partialDataUrl
    }
  }
}`;

/**
 * The query a bulk orders export runs. Bulk rules: no variables, no first/after, connections as
 * edges/node, nested connections become their own JSONL lines carrying __parentId, and no
 * connection inside a list (hence refund headers only).
 */
export function bulkOrdersQuery(search: string): string {
  const args = search ? `(query: ${graphqlString(search)})` : "";
  return `{
  orders${args} {
    edges {
      node {${ORDER_FIELDS}
        lineItems {
          edges {
            node {${LINE_ITEM_FIELDS}
            }
          }
        }
      }
    }
  }
}`;
}

/**
 * Shopify search syntax for a half-open time range on a date field: from <= field < to, in whole
 * seconds as Shopify's examples write them (from rounded down, to rounded up: never narrower).
 */
export function timeRangeSearch(field: "updated_at" | "created_at", from?: Date | null, to?: Date | null): string {
  const parts: string[] = [];
  if (from) parts.push(`${field}:>='${wholeSeconds(Math.floor(from.getTime() / 1000))}'`);
  if (to) parts.push(`${field}:<'${wholeSeconds(Math.ceil(to.getTime() / 1000))}'`);
  return parts.join(" ");
}

function wholeSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** The operation name of a document (`query Name(` / `mutation Name {`). */
export function operationName(document: string): string | undefined {
  return /^\s*(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
}

function graphqlString(value: string): string {
  return JSON.stringify(value);
}
