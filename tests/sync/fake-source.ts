import type { CustomerFact, OrderBundle, ProductBundle, ShopInfo } from "@/lib/connectors/contracts/store-facts";
import type { BulkStatus, Page, StoreSource, Window } from "@/lib/connectors/contracts/store-source";

// An in-memory store behind the engine's source contract, so engine tests control exactly what
// the "platform" holds, and can change it between runs or fail on cue.

export function bundle(id: number, updatedAt: Date, overrides: Partial<OrderBundle["order"]> = {}, lines = 2): OrderBundle {
  const orderId = BigInt(id);
  return {
    order: {
      externalId: orderId, name: `#${id}`, createdAt: updatedAt, processedAt: updatedAt, updatedAt, cancelledAt: null, test: false,
      currency: "USD", presentmentCurrency: "USD", subtotal: "100.00", totalDiscounts: "0.00", totalShipping: "5.00", totalTax: "8.00",
      totalPrice: "113.00", currentTotalPrice: "113.00", presentmentTotalPrice: "113.00", financialStatus: "PAID", fulfillmentStatus: "FULFILLED",
      customerId: 1n, landingSite: null, referringSite: null, utmSource: null, utmMedium: null, utmCampaign: null, sourceName: "web",
      discountCodes: [], countryCode: null, regionCode: null, riskLevel: null, taxesIncluded: null,
      ...overrides,
    },
    lineItems: Array.from({ length: lines }, (_, i) => ({
      externalId: orderId * 100n + BigInt(i), orderId, productId: 7n, variantId: 70n, sku: `SKU-${i}`, title: `Item ${i}`,
      variantTitle: null, vendor: "Acme", quantity: 1, unitPrice: "50.00", totalDiscount: "0.00", unitCost: "20.00",
    })),
    refunds: [],
    refundLineItems: [],
  };
}

export class FakeStore implements StoreSource {
  orders = new Map<bigint, OrderBundle>();
  customers: CustomerFact[] = [];
  products: ProductBundle[] = [];
  pageSize = 3;
  /** Throw this on the next call of the named method. */
  failOn: { method: keyof StoreSource; error: Error } | null = null;
  /** Stop a bulk read after this many orders, as a crashed process would. */
  crashAfterOrders: number | null = null;
  bulkPolls = 0;
  calls: string[] = [];

  private check(method: keyof StoreSource) {
    this.calls.push(method);
    if (this.failOn?.method === method) {
      const { error } = this.failOn;
      this.failOn = null;
      throw error;
    }
  }

  put(...bundles: OrderBundle[]) {
    for (const b of bundles) this.orders.set(b.order.externalId, b);
  }

  async shop(): Promise<ShopInfo> {
    this.check("shop");
    return { name: "Fake Shop", domain: "fake.myshopify.com", timeZone: "America/New_York", currency: "USD" };
  }

  private page<T>(items: T[], updatedAt: (t: T) => Date, window: Window): Page<T> {
    const inWindow = items
      .filter((t) => updatedAt(t) >= window.updatedFrom && updatedAt(t) <= window.updatedTo)
      .sort((a, b) => updatedAt(a).getTime() - updatedAt(b).getTime());
    const start = window.after ? Number(window.after) : 0;
    const slice = inWindow.slice(start, start + this.pageSize);
    const next = start + this.pageSize < inWindow.length ? String(start + this.pageSize) : null;
    return { items: slice, nextCursor: next, maxUpdatedAt: slice.length ? updatedAt(slice[slice.length - 1]!) : null };
  }

  async ordersPage(window: Window) {
    this.check("ordersPage");
    return this.page([...this.orders.values()], (b) => b.order.updatedAt, window);
  }

  async customersPage(window: Window) {
    this.check("customersPage");
    return this.page(this.customers, (c) => c.updatedAt, window);
  }

  async productsPage(window: Window) {
    this.check("productsPage");
    return this.page(this.products, (p) => p.product.updatedAt, window);
  }

  async startBulkOrders() {
    this.check("startBulkOrders");
    this.bulkPolls = 0;
    return { operationId: "gid://shopify/BulkOperation/1" };
  }

  async bulkStatus(): Promise<BulkStatus> {
    this.check("bulkStatus");
    this.bulkPolls++;
    return this.bulkPolls < 2
      ? { status: "RUNNING", url: null, objectCount: 0, errorCode: null }
      : { status: "COMPLETED", url: "https://storage.example/result.jsonl", objectCount: this.lineCount(), errorCode: null };
  }

  private sortedByCreation() {
    return [...this.orders.values()].sort((a, b) => a.order.createdAt.getTime() - b.order.createdAt.getTime());
  }

  private lineCount() {
    return this.sortedByCreation().reduce((n, b) => n + 1 + b.lineItems.length, 0);
  }

  async *bulkOrders(_url: string, { fromLine }: { fromLine: number }) {
    this.check("bulkOrders");
    // Like Shopify's reader: lines count from 1, and an order reports the line after its last one.
    let next = 1;
    let emitted = 0;
    for (const b of this.sortedByCreation()) {
      next += 1 + b.lineItems.length;
      const line = next;
      if (line <= fromLine) continue;
      if (this.crashAfterOrders !== null && emitted >= this.crashAfterOrders) {
        this.crashAfterOrders = null;
        throw new Error("process killed");
      }
      emitted++;
      yield { lineNumber: line, bundle: b };
    }
  }
}
