import { describe, expect, it } from "vitest";
import { readBulkJsonl, type BulkOrderItem } from "@/lib/connectors/shopify/bulk";
import { createShopifyClient } from "@/lib/connectors/shopify/client";
import { ShopifyApiError, ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { CATALOG } from "@/lib/connectors/shopify/demo/catalog";
import { createDemoStore, DAY_MS } from "@/lib/connectors/shopify/demo/generator";
import { createDemoShopifyFetch, DEFAULT_DEMO_SHOP, type DemoShopifyOptions } from "@/lib/connectors/shopify/demo/server";
import { createShopifySource, type ShopifySourceOptions } from "@/lib/connectors/shopify/source";
import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";

const endDate = new Date("2026-11-01T05:00:00Z");
const SMALL = { seed: 11, orders: 1_200, historyDays: 90, endDate } as const;

function demo(options: Partial<DemoShopifyOptions> & { clock?: { at: number } } = {}, sourceOptions: ShopifySourceOptions = {}) {
  const clock = options.clock ?? { at: endDate.getTime() };
  let calls = 0;
  const demoFetch = createDemoShopifyFetch({ ...SMALL, now: () => new Date(clock.at), ...options });
  const fetch: typeof demoFetch = (input, init) => {
    calls += 1;
    return demoFetch(input, init);
  };
  const client = createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "demo", fetch, sleep: async () => {} });
  return { source: createShopifySource(client, sourceOptions), client, clock, calls: () => calls };
}

async function allOrders(source: ReturnType<typeof demo>["source"], from: Date, to: Date): Promise<OrderBundle[]> {
  const out: OrderBundle[] = [];
  let after: string | null = null;
  let previous = 0;
  do {
    const page = await source.ordersPage({ updatedFrom: from, updatedTo: to, after });
    for (const bundle of page.items) {
      expect(bundle.order.updatedAt.getTime()).toBeGreaterThanOrEqual(previous); // sorted by updated_at
      previous = bundle.order.updatedAt.getTime();
      out.push(bundle);
    }
    after = page.nextCursor;
  } while (after);
  return out;
}

async function collect(items: AsyncIterable<BulkOrderItem>) {
  const out: BulkOrderItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function bulkExport(source: ReturnType<typeof demo>["source"], range: { createdFrom?: Date; createdTo?: Date } = {}) {
  const { operationId } = await source.startBulkOrders(range);
  let status = await source.bulkStatus(operationId);
  for (let i = 0; status.status !== "COMPLETED" && i < 5; i++) status = await source.bulkStatus(operationId);
  expect(status.status).toBe("COMPLETED");
  return { operationId, status, items: await collect(source.bulkOrders(status.url!, { fromLine: 0 })) };
}

const byId = (bundles: OrderBundle[]) => new Map(bundles.map((b) => [b.order.externalId, b]));

describe("demo Shopify through the real client and source", () => {
  it("answers Shop", async () => {
    expect(await demo().source.shop()).toEqual({ name: "Alpha Hearing (demo)", domain: DEFAULT_DEMO_SHOP, timeZone: "America/New_York", currency: "USD" });
  });

  it("gives the same orders by paged updated_at reads and by a bulk export", async () => {
    const { source } = demo();
    const paged = await allOrders(source, new Date("2000-01-01T00:00:00Z"), endDate);
    expect(paged).toHaveLength(SMALL.orders);
    expect(new Set(paged.map((b) => b.order.externalId)).size).toBe(SMALL.orders);

    const { status, items } = await bulkExport(source);
    expect(status.rootObjectCount).toBe(SMALL.orders);
    expect(items).toHaveLength(SMALL.orders);
    expect(items[items.length - 1]!.lineNumber).toBe(status.objectCount + 1);
    const bulk = byId(items.map((i) => i.bundle));
    for (const bundle of paged) expect(bulk.get(bundle.order.externalId)).toEqual(bundle);

    const refunded = paged.filter((b) => b.refunds.length > 0);
    expect(refunded.length).toBeGreaterThan(0);
    for (const bundle of refunded) expect(bundle.refundLineItems.length).toBeGreaterThan(0);
    // Orders of more than 10 lines needed OrderLineItemsPage; they are complete.
    expect(paged.some((b) => b.lineItems.length > 10)).toBe(true);
    const store = createDemoStore(SMALL);
    for (const bundle of paged) expect(bundle.lineItems).toHaveLength(store.lineCount(Number(bundle.order.externalId - 5_000_000_000_000n)));
  });

  it("serves JSONL whose children follow their order, resumable from any committed line", async () => {
    const { source, client } = demo();
    const { status, items } = await bulkExport(source, { createdFrom: new Date(endDate.getTime() - 20 * DAY_MS) });
    const text = await new Response(await client.download(status.url!)).text();
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(status.objectCount);
    const first = JSON.parse(lines[0]!) as { id: string; __parentId?: string };
    expect(first.id).toMatch(/^gid:\/\/shopify\/Order\//);
    expect(first.__parentId).toBeUndefined();
    for (const item of items) expect(item.bundle.order.createdAt.getTime()).toBeGreaterThanOrEqual(endDate.getTime() - 20 * DAY_MS);

    const cut = Math.floor(items.length / 3);
    const resumed = await collect(source.bulkOrders(status.url!, { fromLine: items[cut - 1]!.lineNumber }));
    expect([...items.slice(0, cut), ...resumed].map((i) => i.bundle.order.externalId)).toEqual(items.map((i) => i.bundle.order.externalId));
    expect(await collect(readBulkJsonl([text], { fromLine: items[cut - 1]!.lineNumber }))).toHaveLength(items.length - cut);
  });

  it("continues a bulk operation in a new instance (a new sync slice or a restart)", async () => {
    const a = demo({}, {});
    const { operationId } = await a.source.startBulkOrders({});
    const b = demo();
    expect((await b.source.bulkStatus(operationId)).status).toBe("RUNNING");
    const done = await b.source.bulkStatus(operationId);
    expect(done.status).toBe("COMPLETED");
    expect(await collect(demo().source.bulkOrders(done.url!))).toHaveLength(SMALL.orders);
  });

  it("lets new orders trickle in and re-surfaces orders when they are refunded later (live mode)", async () => {
    const clock = { at: endDate.getTime() };
    const { source } = demo({ clock });
    const before = await allOrders(source, new Date(endDate.getTime() - 5 * 60_000), new Date(endDate.getTime() + 3 * 3_600_000));
    expect(before.every((b) => b.order.createdAt.getTime() <= endDate.getTime())).toBe(true);

    clock.at += 3 * 3_600_000;
    const after = await allOrders(source, new Date(endDate.getTime() - 5 * 60_000), new Date(clock.at));
    const fresh = after.filter((b) => b.order.createdAt.getTime() > endDate.getTime());
    expect(fresh.length).toBeGreaterThan(0);

    // An order refunded after it was placed: invisible refund before, updated_at moves when it happens.
    const store = createDemoStore(SMALL);
    let index = -1;
    for (let i = 0; i < SMALL.orders && index < 0; i++) {
      const e = store.events(i);
      if (e.refunds.length > 0 && e.refunds[0]!.kind !== "cancel") index = i;
    }
    const refundAt = store.events(index).refunds[0]!.at;
    const id = BigInt(5_000_000_000_000 + index);
    clock.at = refundAt - 1_000;
    const window = { from: new Date(refundAt - DAY_MS * 60), to: new Date(refundAt + 1_000) };
    const early = (await allOrders(source, window.from, new Date(clock.at + 1))).find((b) => b.order.externalId === id)!;
    expect(early.refunds).toEqual([]);
    clock.at = refundAt + 1_000;
    const late = await allOrders(source, new Date(refundAt), window.to);
    const refunded = late.find((b) => b.order.externalId === id)!;
    expect(refunded.order.updatedAt.getTime()).toBe(refundAt);
    expect(refunded.refunds).toHaveLength(1);
    expect(refunded.refundLineItems.length).toBeGreaterThan(0);
  });

  it("pages customers and products completely, without duplicates", async () => {
    const { source } = demo({}, { customersPageSize: 50, productsPageSize: 4 });
    const window = { updatedFrom: new Date("2000-01-01T00:00:00Z"), updatedTo: endDate };
    const customers = [];
    let after: string | null = null;
    do {
      const page = await source.customersPage({ ...window, after });
      customers.push(...page.items);
      after = page.nextCursor;
    } while (after);
    const store = createDemoStore(SMALL);
    const roots = new Set<number>();
    let customerOrders = 0;
    for (let i = 0; i < SMALL.orders; i++) {
      const root = store.customerRoot(i);
      if (root !== null) {
        roots.add(root);
        customerOrders++;
      }
    }
    expect(customers).toHaveLength(roots.size);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(roots.size);
    expect(customers.reduce((sum, c) => sum + c.ordersCount, 0)).toBe(customerOrders);
    expect(customers.some((c) => c.ordersCount > 1)).toBe(true);

    const products = [];
    after = null;
    do {
      const page = await source.productsPage({ ...window, after });
      products.push(...page.items);
      after = page.nextCursor;
    } while (after);
    expect(products.map((p) => p.product.title).sort()).toEqual(CATALOG.map((p) => p.title).sort());
    expect(products.find((p) => p.product.title === "Alpha Pro")!.variants.map((v) => v.unitCost)).toEqual(["420.00", "420.00", "420.00"]);
  });

  it("asks for smaller pages when the demo says a query costs too much, like Shopify", async () => {
    const { source } = demo({}, { ordersPageSize: 20 });
    const page = await source.ordersPage({ updatedFrom: new Date("2000-01-01T00:00:00Z"), updatedTo: endDate, after: null });
    expect(page.items).toHaveLength(5);
  });

  it("rejects a wrong token with 401 and an unknown operation with a GraphQL error", async () => {
    const demoFetch = createDemoShopifyFetch({ ...SMALL, accessToken: "right" });
    const wrong = createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "wrong", fetch: demoFetch });
    await expect(createShopifySource(wrong).shop()).rejects.toBeInstanceOf(ShopifyAuthError);
    const right = createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "right", fetch: demoFetch });
    await expect(right.graphql("query Nope { shop { id } }")).rejects.toBeInstanceOf(ShopifyApiError);
  });
});
