import type { CustomerFact, OrderBundle, ProductBundle, ShopInfo } from "@/lib/connectors/contracts/store-facts";

// What the sync engine needs from a store connector. Every store reads pages of facts by
// updated-at window; a store with a bulk export (Shopify) also offers it, and the engine then
// backfills orders through it. One without (WooCommerce) is backfilled page by page.

export type Window = { updatedFrom: Date; updatedTo: Date; after: string | null };
export type Page<T> = {
  items: T[];
  nextCursor: string | null;
  maxUpdatedAt: Date | null;
  /**
   * How many rows the window holds from this page on (this page's included), when the store says
   * (WooCommerce's X-WP-Total): the run's progress total is what it has read plus this.
   */
  remaining?: number | null;
};

/**
 * A page of orders, with the customers they name read again when the store cannot list customers
 * by modified time (WooCommerce): a changed email then arrives with the customer's changed order.
 */
export type OrdersPage = Page<OrderBundle> & { customers?: CustomerFact[] };

export type BulkStatus = {
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELED" | "CANCELING" | "EXPIRED" | "FAILED";
  url: string | null;
  objectCount: number;
  errorCode: string | null;
};

export type BulkExport = {
  startBulkOrders(range: { createdFrom?: Date | null; createdTo?: Date | null }): Promise<{ operationId: string }>;
  bulkStatus(operationId: string): Promise<BulkStatus>;
  /** Completed orders from a bulk result; `lineNumber` is where a resumed read may start after this order. */
  bulkOrders(url: string, options: { fromLine: number }): AsyncIterable<{ lineNumber: number; bundle: OrderBundle }>;
};

export type PagedStoreSource = {
  shop(): Promise<ShopInfo>;
  /**
   * Pages sorted by updated time. `after` is the source's own cursor (opaque to the engine); a
   * page's `maxUpdatedAt` promises that everything updated before it in the window was handed out.
   */
  ordersPage(window: Window): Promise<OrdersPage>;
  customersPage(window: Window): Promise<Page<CustomerFact>>;
  productsPage(window: Window): Promise<Page<ProductBundle>>;
};

export type StoreSource = PagedStoreSource & Partial<BulkExport>;

export function hasBulkExport(source: StoreSource): source is PagedStoreSource & BulkExport {
  return typeof source.startBulkOrders === "function" && typeof source.bulkStatus === "function" && typeof source.bulkOrders === "function";
}

/** A connection as a store provider sees it: its account and its opened credentials. */
export type StoreConnectionView = { workspaceId: string; connectionId: string; externalAccountId: string; credentials: unknown };

/**
 * A store connected by pasting an address and a key pair: the provider checks them against the
 * store (throwing a field error naming the problem) and says what to keep. Nothing is stored
 * before it returns.
 */
export type KeyPairConnect = (input: Record<string, unknown>) => Promise<{
  externalAccountId: string;
  displayName: string;
  timeZone: string;
  currency: string;
  /** Sealed by the caller. */
  credentials: unknown;
  scopes: string[];
}>;

/** What one webhook delivery changes, as facts for the engine's upserts. */
export type StoreWebhookFacts = {
  orders: OrderBundle[];
  products: ProductBundle[];
  /** Orders the store deleted for good: kept, never counted again. */
  retiredOrderIds: bigint[];
};

/** A store whose webhooks each connection subscribes to itself, signed with a secret of its own. */
export type StoreWebhooks = {
  topics: readonly string[];
  /** The delivery's topic and idempotency key, from its headers. */
  delivery(headers: Headers): { topic: string; deliveryId: string | null };
  /** A check the store sends when a webhook is created, unsigned, to be answered 2xx and otherwise ignored. */
  ping(rawBody: string, headers: Headers): boolean;
  /** Creates the store's webhooks pointing at deliveryUrl. */
  subscribe(connection: StoreConnectionView, deliveryUrl: string): Promise<void>;
  /** The signing secret kept in the connection's credentials, if any. */
  secret(credentials: unknown): string | null;
  /** Checks a delivery's signature (constant time). */
  verify(rawBody: Buffer, headers: Headers, secret: string): boolean;
  /** The facts a verified delivery carries (the provider may read what the body leaves out). */
  facts(connection: StoreConnectionView, topic: string, payload: unknown): Promise<StoreWebhookFacts>;
};

/** What a store platform other than Shopify gives the engine and the connect flows. */
export type StoreProvider = {
  /** Its API for one connection. */
  source(connection: StoreConnectionView): Promise<StoreSource>;
  connectWithKeys?: KeyPairConnect;
  webhooks?: StoreWebhooks;
};
