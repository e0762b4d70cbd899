// The engine-facing facade over one shop (real or demo): pages of facts by updated_at window, and
// bulk exports for backfills. Structurally the StoreSource of lib/sync/source-contract.ts.

import { getBulkOperation, readBulkJsonl, startBulkQuery, type BulkOrderItem } from "./bulk";
import type { ShopifyClient } from "./client";
import { ShopifyApiError } from "./errors";
import {
  BULK_ORDERS_MUTATION,
  CUSTOMERS_UPDATED_SINCE_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_UPDATED_SINCE_QUERY,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_UPDATED_SINCE_QUERY,
  REFUND_DETAILS_QUERY,
  REFUND_LINE_ITEMS_QUERY,
  SHOP_QUERY,
  bulkOrdersQuery,
  timeRangeSearch,
} from "./queries";
import type {
  BulkOperationStatus,
  Connection,
  CustomersPageData,
  LineItemNode,
  OrderLineItemsData,
  OrdersPageData,
  ProductsPageData,
  ProductVariantsData,
  RefundDetailsData,
  RefundDetailsNode,
  RefundLineItemsData,
  ShopData,
  VariantNode,
} from "./shapes";
import { customerToFact, orderToBundle, productToBundle, shopToInfo, withRefundDetails } from "./transform";
import type { CustomerFact, OrderBundle, ProductBundle, ShopInfo } from "../contracts/store-facts";

export type SourceWindow = { updatedFrom: Date; updatedTo: Date; after: string | null };
export type SourcePage<T> = { items: T[]; nextCursor: string | null; maxUpdatedAt: Date | null };
export type SourceBulkStatus = {
  status: BulkOperationStatus;
  url: string | null;
  objectCount: number;
  rootObjectCount: number;
  errorCode: string | null;
  partialDataUrl: string | null;
};

export type ShopifySource = {
  shop(): Promise<ShopInfo>;
  ordersPage(window: SourceWindow): Promise<SourcePage<OrderBundle>>;
  customersPage(window: SourceWindow): Promise<SourcePage<CustomerFact>>;
  productsPage(window: SourceWindow): Promise<SourcePage<ProductBundle>>;
  startBulkOrders(range: { createdFrom?: Date | null; createdTo?: Date | null }): Promise<{ operationId: string }>;
  bulkStatus(operationId: string): Promise<SourceBulkStatus>;
  /** Completed orders of a bulk result; `lineNumber` is the `fromLine` to resume from after that order. */
  bulkOrders(url: string, options?: { fromLine?: number }): AsyncIterable<BulkOrderItem>;
};

export type ShopifySourceOptions = {
  /** Orders per page; halved automatically when Shopify answers MAX_COST_EXCEEDED. */
  ordersPageSize?: number;
  customersPageSize?: number;
  productsPageSize?: number;
};

// Nested page sizes chosen to keep each query under Shopify's 1,000-point request limit.
const ORDER_LINE_ITEMS_FIRST = 10;
const MORE_LINE_ITEMS_FIRST = 100;
const REFUND_BATCH = 10;
const REFUND_LINE_ITEMS_FIRST = 10;
const MORE_REFUND_LINE_ITEMS_FIRST = 100;
const VARIANTS_FIRST = 20;
const MORE_VARIANTS_FIRST = 100;
/** Bulk bundles held back at most while their refunds' details are fetched in one batch. */
const BULK_WINDOW = 200;

export function createShopifySource(client: ShopifyClient, options: ShopifySourceOptions = {}): ShopifySource {
  let ordersPageSize = options.ordersPageSize ?? 5;
  const customersPageSize = options.customersPageSize ?? 100;
  const productsPageSize = options.productsPageSize ?? 10;

  async function restOfConnection<T>(first: Connection<T>, next: (after: string) => Promise<Connection<T> | null>): Promise<T[]> {
    const items = [...first.nodes];
    let pageInfo = first.pageInfo;
    while (pageInfo.hasNextPage && pageInfo.endCursor) {
      const page = await next(pageInfo.endCursor);
      if (!page) break;
      items.push(...page.nodes);
      pageInfo = page.pageInfo;
    }
    return items;
  }

  /** Line items and shipping lines of refunds, every page, by refund gid. */
  async function refundDetails(ids: string[]): Promise<RefundDetailsNode[]> {
    const details: RefundDetailsNode[] = [];
    for (let i = 0; i < ids.length; i += REFUND_BATCH) {
      const batch = ids.slice(i, i + REFUND_BATCH);
      const { data } = await client.graphql<RefundDetailsData>(REFUND_DETAILS_QUERY, { ids: batch, lineItemsFirst: REFUND_LINE_ITEMS_FIRST });
      for (const node of data.nodes) {
        if (!node) continue; // deleted since the order was read
        const nodes = await restOfConnection(node.refundLineItems, async (after) => {
          const more = await client.graphql<RefundLineItemsData>(REFUND_LINE_ITEMS_QUERY, { id: node.id, first: MORE_REFUND_LINE_ITEMS_FIRST, after });
          return more.data.node?.refundLineItems ?? null;
        });
        details.push({ ...node, refundLineItems: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } });
      }
    }
    return details;
  }

  async function completeRefunds(bundles: OrderBundle[]): Promise<OrderBundle[]> {
    const ids = bundles.flatMap((bundle) => bundle.refunds.map((refund) => `gid://shopify/Refund/${refund.externalId}`));
    if (ids.length === 0) return bundles;
    const details = await refundDetails(ids);
    return bundles.map((bundle) => (bundle.refunds.length > 0 ? withRefundDetails(bundle, details) : bundle));
  }

  async function ordersQuery(window: SourceWindow): Promise<OrdersPageData> {
    for (;;) {
      try {
        const { data } = await client.graphql<OrdersPageData>(ORDERS_UPDATED_SINCE_QUERY, {
          first: ordersPageSize,
          after: window.after,
          query: timeRangeSearch("updated_at", window.updatedFrom, window.updatedTo),
          lineItemsFirst: ORDER_LINE_ITEMS_FIRST,
        });
        return data;
      } catch (error) {
        if (error instanceof ShopifyApiError && error.code === "MAX_COST_EXCEEDED" && ordersPageSize > 1) {
          ordersPageSize = Math.max(1, Math.floor(ordersPageSize / 2));
          continue;
        }
        throw error;
      }
    }
  }

  return {
    async shop() {
      const { data } = await client.graphql<ShopData>(SHOP_QUERY);
      return shopToInfo(data.shop);
    },

    async ordersPage(window) {
      const { orders } = await ordersQuery(window);
      const bundles: OrderBundle[] = [];
      for (const node of orders.nodes) {
        const lineItems = await restOfConnection<LineItemNode>(node.lineItems, async (after) => {
          const more = await client.graphql<OrderLineItemsData>(ORDER_LINE_ITEMS_QUERY, { id: node.id, first: MORE_LINE_ITEMS_FIRST, after });
          return more.data.node?.lineItems ?? null;
        });
        bundles.push(orderToBundle(node, lineItems));
      }
      const items = await completeRefunds(bundles);
      return page(items, orders.pageInfo, (bundle) => bundle.order.updatedAt);
    },

    async customersPage(window) {
      const { data } = await client.graphql<CustomersPageData>(CUSTOMERS_UPDATED_SINCE_QUERY, {
        first: customersPageSize,
        after: window.after,
        query: timeRangeSearch("updated_at", window.updatedFrom, window.updatedTo),
      });
      const items = data.customers.nodes.map(customerToFact);
      return page(items, data.customers.pageInfo, (customer) => customer.updatedAt);
    },

    async productsPage(window) {
      const { data } = await client.graphql<ProductsPageData>(PRODUCTS_UPDATED_SINCE_QUERY, {
        first: productsPageSize,
        after: window.after,
        query: timeRangeSearch("updated_at", window.updatedFrom, window.updatedTo),
        variantsFirst: VARIANTS_FIRST,
      });
      const items: ProductBundle[] = [];
      for (const node of data.products.nodes) {
        const variants = await restOfConnection<VariantNode>(node.variants, async (after) => {
          const more = await client.graphql<ProductVariantsData>(PRODUCT_VARIANTS_QUERY, { id: node.id, first: MORE_VARIANTS_FIRST, after });
          return more.data.node?.variants ?? null;
        });
        items.push(productToBundle(node, variants));
      }
      return page(items, data.products.pageInfo, (bundle) => bundle.product.updatedAt);
    },

    async startBulkOrders(range) {
      const search = timeRangeSearch("created_at", range.createdFrom, range.createdTo);
      const { id } = await startBulkQuery(client, BULK_ORDERS_MUTATION, { query: bulkOrdersQuery(search) });
      return { operationId: id };
    },

    async bulkStatus(operationId) {
      const info = await getBulkOperation(client, operationId);
      return {
        status: info.status,
        url: info.url,
        objectCount: info.objectCount,
        rootObjectCount: info.rootObjectCount,
        errorCode: info.errorCode,
        partialDataUrl: info.partialDataUrl,
      };
    },

    bulkOrders(url, { fromLine = 1 } = {}) {
      return bulkOrdersWithRefunds(url, fromLine);
    },
  };

  /** Bulk files carry refund headers only: hold a few bundles back, fetch their refunds' lines in one batch, yield in order. */
  async function* bulkOrdersWithRefunds(url: string, fromLine: number): AsyncGenerator<BulkOrderItem> {
    const stream = await client.download(url);
    let held: BulkOrderItem[] = [];
    let pendingRefunds = 0;
    const release = async function* (): AsyncGenerator<BulkOrderItem> {
      const complete = await completeRefunds(held.map((item) => item.bundle));
      const out = held.map((item, i) => ({ lineNumber: item.lineNumber, bundle: complete[i]! }));
      held = [];
      pendingRefunds = 0;
      yield* out;
    };
    for await (const item of readBulkJsonl(stream, { fromLine })) {
      held.push(item);
      pendingRefunds += item.bundle.refunds.length;
      if (pendingRefunds >= REFUND_BATCH || held.length >= BULK_WINDOW) yield* release();
    }
    if (held.length > 0) yield* release();
  }
}

function page<T>(items: T[], pageInfo: { hasNextPage: boolean; endCursor: string | null }, updatedAt: (item: T) => Date): SourcePage<T> {
  let max: Date | null = null;
  for (const item of items) {
    const at = updatedAt(item);
    if (!max || at > max) max = at;
  }
  return { items, nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null, maxUpdatedAt: max };
}
