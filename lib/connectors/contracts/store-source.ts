import type { CustomerFact, OrderBundle, ProductBundle, ShopInfo } from "@/lib/connectors/contracts/store-facts";

// What the sync engine needs from a store connector. The Shopify connector implements it for
// real shops and for the demo store alike.

export type Window = { updatedFrom: Date; updatedTo: Date; after: string | null };
export type Page<T> = { items: T[]; nextCursor: string | null; maxUpdatedAt: Date | null };

export type BulkStatus = {
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELED" | "CANCELING" | "EXPIRED" | "FAILED";
  url: string | null;
  objectCount: number;
  errorCode: string | null;
};

export type StoreSource = {
  shop(): Promise<ShopInfo>;
  ordersPage(window: Window): Promise<Page<OrderBundle>>;
  customersPage(window: Window): Promise<Page<CustomerFact>>;
  productsPage(window: Window): Promise<Page<ProductBundle>>;
  startBulkOrders(range: { createdFrom?: Date | null; createdTo?: Date | null }): Promise<{ operationId: string }>;
  bulkStatus(operationId: string): Promise<BulkStatus>;
  /** Completed orders from a bulk result; `lineNumber` is where a resumed read may start after this order. */
  bulkOrders(url: string, options: { fromLine: number }): AsyncIterable<{ lineNumber: number; bundle: OrderBundle }>;
};
