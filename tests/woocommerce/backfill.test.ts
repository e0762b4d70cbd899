import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RunProgress } from "@/components/connections/run-progress";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import { getConnection } from "@/lib/connections/service";
import { SALE_STATUSES } from "@/lib/connectors/woocommerce/transform";
import { createDemoWooStore, DEFAULT_DEMO_END, demoTotals } from "@/lib/connectors/woocommerce/demo/generator";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "@/lib/connectors/woocommerce/demo/server";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { runSlice } from "@/lib/stores/engine";
import { sourceForConnection } from "@/lib/stores/sources";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import { expectAppError } from "../helpers";

async function expectFieldError(promise: Promise<unknown>, code: "bad_request" | "conflict", field: string, message: RegExp) {
  const error = await expectAppError(promise, code);
  expect(error.fields?.[field]).toMatch(message);
}

// A WooCommerce store goes through the same engine as Shopify, page by page: a backfill of the demo
// store must land exactly the store's own figures, however many slices it takes.

// Enough for two reads of orders (ten pages each), so resuming between them is tested.
const ORDERS = 1_100;
const SEED = 42;

beforeEach(() => vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", String(ORDERS)));
afterEach(() => vi.unstubAllEnvs());

async function connectDemo() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const { id } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
  return { workspaceId: workspace.id, connectionId: id };
}

async function storedFigures(scope: { workspaceId: string; connectionId: string }) {
  const where = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
  const [all, counted, total, refunds, refunded, customers, products, variants] = await Promise.all([
    db.order.count({ where }),
    db.order.count({ where: { ...where, test: false, countsAsSale: true } }),
    db.order.aggregate({ where: { ...where, test: false, countsAsSale: true }, _sum: { totalPrice: true } }),
    db.refund.count({ where }),
    db.$queryRaw<{ cents: bigint | null }[]>`
      SELECT (sum(r.total_refunded) * 100)::bigint AS cents FROM refunds r
      JOIN orders o ON o.workspace_id = r.workspace_id AND o.connection_id = r.connection_id AND o.external_id = r.order_id
      WHERE r.workspace_id = ${scope.workspaceId} AND r.connection_id = ${scope.connectionId} AND NOT o.test AND o.counts_as_sale`,
    db.customer.count({ where }),
    db.product.count({ where }),
    db.productVariant.count({ where }),
  ]);
  const units = await db.$queryRaw<{ units: bigint | null }[]>`
    SELECT sum(l.quantity)::bigint AS units FROM order_line_items l
    JOIN orders o ON o.workspace_id = l.workspace_id AND o.connection_id = l.connection_id AND o.external_id = l.order_id
    WHERE l.workspace_id = ${scope.workspaceId} AND l.connection_id = ${scope.connectionId} AND NOT o.test AND o.counts_as_sale AND l.product_id IS NOT NULL`;
  return {
    all, counted, totalCents: Math.round(Number(total._sum.totalPrice ?? 0) * 100), refunds, refundedCents: Number(refunded[0]?.cents ?? 0),
    units: Number(units[0]?.units ?? 0), customers, products, variants,
  };
}

const expected = () => {
  const store = createDemoWooStore({ seed: SEED, orders: ORDERS, endDate: DEFAULT_DEMO_END });
  return { store, totals: demoTotals(store, (status) => SALE_STATUSES.has(status)) };
};

describe("a WooCommerce backfill", () => {
  it("records the store's name, zone and currency on connect, and lands the demo store's own totals", async () => {
    const scope = await connectDemo();
    expect(await getConnection(scope)).toMatchObject({ provider: "woocommerce", displayName: "Signalboard Demo WooCommerce", timeZone: "Pacific/Auckland", currency: "NZD" });

    const { id } = await createRun(scope, "backfill");
    expect(await executeRun(scope, id, { sleep: async () => {} })).toBe("succeeded");

    const { store, totals } = expected();
    const refundsOfAll = store.orders.filter((o) => o.refund).length;
    expect(await storedFigures(scope)).toEqual({
      all: totals.allOrders, counted: totals.orders, totalCents: totals.totalCents, refunds: refundsOfAll, refundedCents: totals.refundedCents,
      units: totals.units, customers: store.customers.length, products: 7, variants: 12,
    });
    // Some orders never count, and some counted ones were refunded: the comparison is not trivial.
    expect(totals.orders).toBeLessThan(totals.allOrders);
    expect(totals.refunds).toBeGreaterThan(10);
    // The cursors were handed over to incremental syncs.
    expect(await db.syncCursor.count({ where: scope })).toBe(3);
  }, 60_000);

  it("resumes from its checkpoint: one page per slice, a fresh source each time, the same totals", async () => {
    const scope = await connectDemo();
    const { id } = await createRun(scope, "backfill");
    let slices = 0;
    for (; slices < 200; slices++) {
      const { done } = await runSlice(scope, id, await sourceForConnection(scope), { pages: 1 });
      if (done) break;
    }
    // 1 read of products, 1 of customers (every page at once), 2 reads of orders (up to ten pages
    // each), the last one ending the run: the walk advanced read by read, each committed on its own.
    expect(slices).toBeGreaterThanOrEqual(3);
    const { totals } = expected();
    expect(await storedFigures(scope)).toMatchObject({ all: totals.allOrders, counted: totals.orders, totalCents: totals.totalCents, refundedCents: totals.refundedCents });
    const run = await getRun(scope, id);
    expect(run!.rowsRead).toBeGreaterThanOrEqual(totals.allOrders);
  }, 60_000);

  it("shows a backfill's progress against the store's own counts (X-WP-Total) while it runs", async () => {
    const scope = await connectDemo();
    const { id } = await createRun(scope, "backfill");
    const { store } = expected();
    const catalogRows = 7;
    const seen: { read: number; expected: number | null; estimated: boolean }[] = [];
    for (let slice = 0; slice < 200; slice++) {
      const { done } = await runSlice(scope, id, await sourceForConnection(scope), { pages: 1 });
      const run = (await getRun(scope, id))!;
      seen.push({ read: run.rowsRead, expected: run.rowsExpected, estimated: run.rowsExpectedEstimated });
      if (done) break;
    }
    // Never more read than the total shown.
    for (const point of seen) expect(point.read).toBeLessThanOrEqual(point.expected!);
    // Once the first page of orders is in, the total is everything before them plus the store's order count.
    const beforeOrders = catalogRows + store.customers.length;
    const firstOrders = seen.find((point) => point.read > beforeOrders)!;
    expect(firstOrders).toEqual({ read: beforeOrders + 1_000, expected: beforeOrders + ORDERS, estimated: true });

    // The connections page shows it as the rows of about that many while the run is going.
    const run = (await getRun(scope, id))!;
    const html = renderToStaticMarkup(createElement(RunProgress, { run: { ...run, rowsRead: firstOrders.read, rowsExpected: firstOrders.expected }, now: new Date() }));
    expect(html).toContain(`${firstOrders.read.toLocaleString("en")} of about ${(beforeOrders + ORDERS).toLocaleString("en")} rows`);
  }, 60_000);

  it("then syncs incrementally from the cursors without reading history again", async () => {
    const scope = await connectDemo();
    const backfill = await createRun(scope, "backfill");
    await executeRun(scope, backfill.id, { sleep: async () => {} });
    const before = await storedFigures(scope);
    const incremental = await createRun(scope, "incremental");
    expect(await executeRun(scope, incremental.id, { sleep: async () => {} })).toBe("succeeded");
    const run = await getRun(scope, incremental.id);
    // Only the newest customers page is looked at; no order or product was modified since.
    expect(run!.rowsRead).toBeLessThanOrEqual(100);
    expect(await storedFigures(scope)).toEqual(before);
  }, 60_000);

  it("re-reads a range of orders in a restatement", async () => {
    const scope = await connectDemo();
    const backfill = await createRun(scope, "backfill");
    await executeRun(scope, backfill.id, { sleep: async () => {} });
    const restatement = await createRun(scope, "restatement", { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z") });
    expect(await executeRun(scope, restatement.id, { sleep: async () => {} })).toBe("succeeded");
    const { store } = expected();
    const modifiedInRange = store.orders.filter((o) => o.modifiedMs > Date.parse("2026-10-01T00:00:00Z")).length;
    const run = await getRun(scope, restatement.id);
    expect(modifiedInRange).toBeGreaterThan(0);
    expect(run!.rowsRead).toBeGreaterThanOrEqual(modifiedInRange);
  }, 60_000);
});

describe("connecting a WooCommerce store by key pair", () => {
  it("refuses wrong keys with a message on the key field, and stores nothing", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await expectFieldError(
      connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: "ck_wrongwrongwrong", consumerSecret: DEMO_CONSUMER_SECRET }),
      "bad_request", "consumerKey", /refused the consumer key and secret/,
    );
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("refuses a private address and malformed keys before calling anything", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await expectFieldError(
      connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: "https://10.1.2.3", consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET }),
      "bad_request", "storeUrl", /must be public/,
    );
    await expectFieldError(
      connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: "", consumerSecret: DEMO_CONSUMER_SECRET }),
      "bad_request", "consumerKey", /starts with ck_/,
    );
    await expectFieldError(connectKeyPairStore(workspace.id, "shopify", {}), "bad_request", "provider", /key pair/);
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("says the store is already connected when it is", async () => {
    const scope = await connectDemo();
    await expectFieldError(
      connectKeyPairStore(scope.workspaceId, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET }),
      "conflict", "storeUrl", /already connected/,
    );
  });
});
