import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import { bundle, FakeStore } from "./fake-source";

const noSleep = async () => {};

async function setup() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  return { owner, workspace, scope: { workspaceId: workspace.id, connectionId: connection.id } };
}

const t = (iso: string) => new Date(iso);

async function counts(scope: { workspaceId: string; connectionId: string }) {
  const where = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
  const [orders, lines] = await Promise.all([db.order.count({ where }), db.orderLineItem.count({ where })]);
  return { orders, lines };
}

describe("sync engine", () => {
  it("backfills through the bulk path, records shop info and hands over to incremental with a cursor", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    for (let i = 1; i <= 10; i++) store.put(bundle(i, t(`2026-01-${String(i).padStart(2, "0")}T12:00:00Z`)));
    const { id } = await createRun(scope, "backfill");
    expect(await executeRun(scope, id, { source: store, sleep: noSleep })).toBe("succeeded");

    expect(await counts(scope)).toEqual({ orders: 10, lines: 20 });
    const run = await getRun(scope, id);
    expect(run).toMatchObject({ status: "succeeded", rowsWritten: 30 });
    expect(run!.rowsRead).toBe(run!.rowsExpected);
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ status: "active", displayName: "Fake Shop", timeZone: "America/New_York" });
    expect(connection.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const cursor = await db.syncCursor.findFirst({ where: { ...{ workspaceId: scope.workspaceId, connectionId: scope.connectionId }, resource: "orders" } });
    expect(cursor!.value.getTime()).toBeLessThanOrEqual(run!.startedAt!.getTime());
  });

  it("resumes a killed backfill from its checkpoint with nothing lost and nothing duplicated", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    for (let i = 1; i <= 2_500; i++) store.put(bundle(i, new Date(Date.UTC(2025, 0, 1) + i * 60_000), {}, 1));
    store.crashAfterOrders = 1_500; // one batch of 1,000 commits, the next is cut short
    const budget = { batchSize: 1_000 };
    const { id } = await createRun(scope, "backfill");
    expect(await executeRun(scope, id, { source: store, sleep: noSleep, budget })).toBe("failed");
    const afterCrash = await counts(scope);
    expect(afterCrash.orders).toBe(1_000);
    const failed = await getRun(scope, id);
    expect(failed!.status).toBe("failed");

    // A new process picks the run up again (the scheduler re-queues unfinished runs).
    await db.syncRun.updateMany({ where: { workspaceId: scope.workspaceId, id }, data: { status: "running" } });
    expect(await executeRun(scope, id, { source: store, sleep: noSleep, budget })).toBe("succeeded");
    expect(await counts(scope)).toEqual({ orders: 2_500, lines: 2_500 });
    expect(store.calls.filter((c) => c === "startBulkOrders")).toHaveLength(1);
  });

  it("syncs incrementally from the cursor, advancing it only past committed pages", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    const base = Date.now() - 3_600_000;
    for (let i = 1; i <= 7; i++) store.put(bundle(i, new Date(base + i * 60_000)));
    const first = await createRun(scope, "incremental");
    expect(await executeRun(scope, first.id, { source: store, sleep: noSleep })).toBe("succeeded");
    expect((await counts(scope)).orders).toBe(7);

    // A later change to one order, and a page failure on the way: the cursor must not pass it.
    store.put(bundle(3, new Date(), { currentTotalPrice: "63.00", financialStatus: "PARTIALLY_REFUNDED" }));
    store.put(bundle(8, new Date()));
    const cursorBefore = (await db.syncCursor.findFirst({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, resource: "orders" } }))!.value;
    store.failOn = { method: "ordersPage", error: Object.assign(new Error("Shopify answered 503"), { status: 503 }) };
    const second = await createRun(scope, "incremental");
    expect(await executeRun(scope, second.id, { source: store, sleep: noSleep })).toBe("failed");
    const cursorAfterFailure = (await db.syncCursor.findFirst({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, resource: "orders" } }))!.value;
    expect(cursorAfterFailure.getTime()).toBe(cursorBefore.getTime());
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ status: "error", lastError: "Shopify answered 503" });

    const third = await createRun(scope, "incremental");
    expect(await executeRun(scope, third.id, { source: store, sleep: noSleep })).toBe("succeeded");
    expect((await counts(scope)).orders).toBe(8);
    const changed = await db.order.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, externalId: 3n } });
    expect(changed.currentTotalPrice.toString()).toBe("63");
    expect(changed.financialStatus).toBe("PARTIALLY_REFUNDED");
  });

  it("reads a page while the one before it is written, and still commits them in order", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    const base = Date.now() - 3_600_000;
    for (let i = 1; i <= 9; i++) store.put(bundle(i, new Date(base + i * 60_000)));
    const { id } = await createRun(scope, "incremental");
    // What the run had committed when each orders page was asked for.
    const committedAtRead: number[] = [];
    const read = store.ordersPage.bind(store);
    store.ordersPage = async (window) => {
      committedAtRead.push((await db.order.count({ where: scope })));
      return read(window);
    };
    expect(await executeRun(scope, id, { source: store, sleep: noSleep })).toBe("succeeded");
    // Three pages of three: each page after the first was asked for before the previous page's
    // orders were committed (one page behind), and all nine arrived.
    expect(committedAtRead).toEqual([0, 0, 3]);
    expect((await counts(scope)).orders).toBe(9);
    const run = await getRun(scope, id);
    expect(run!.rowsRead).toBeGreaterThanOrEqual(9);
  });

  it("re-running the same sync writes the same rows again, never more", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    for (let i = 1; i <= 5; i++) store.put(bundle(i, new Date(Date.now() - i * 60_000)));
    for (let run = 0; run < 3; run++) {
      const { id } = await createRun(scope, "restatement", { from: new Date(Date.now() - 86_400_000), to: new Date() });
      expect(await executeRun(scope, id, { source: store, sleep: noSleep })).toBe("succeeded");
    }
    expect(await counts(scope)).toEqual({ orders: 5, lines: 10 });
  });

  it("an older copy of an order never overwrites a newer one", async () => {
    const { scope } = await setup();
    const store = new FakeStore();
    store.put(bundle(1, new Date(Date.now() - 60_000), { financialStatus: "REFUNDED" }));
    const newer = await createRun(scope, "incremental");
    await executeRun(scope, newer.id, { source: store, sleep: noSleep });
    store.put(bundle(1, new Date(Date.now() - 3_600_000), { financialStatus: "PAID" }));
    const older = await createRun(scope, "restatement", { from: new Date(Date.now() - 86_400_000), to: new Date() });
    await executeRun(scope, older.id, { source: store, sleep: noSleep });
    const order = await db.order.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, externalId: 1n } });
    expect(order.financialStatus).toBe("REFUNDED");
  });

  it("a revoked token sets needs_reauth, stops the schedule and emails the admins once", async () => {
    const { scope, workspace } = await setup();
    const admin = await seedUser();
    await seedMembership(workspace.id, admin.id, "admin");
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    const store = new FakeStore();
    const revoked = Object.assign(new Error("[API] Invalid API key or access token"), { name: "ShopifyAuthError", status: 401 });

    for (let attempt = 0; attempt < 2; attempt++) {
      store.failOn = { method: "ordersPage", error: revoked };
      const { id } = await createRun(scope, "incremental");
      expect(await executeRun(scope, id, { source: store, sleep: noSleep })).toBe("failed");
      const run = await getRun(scope, id);
      expect(run).toMatchObject({ status: "failed", errorCode: "needs_reauth" });
    }
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("needs_reauth");
    expect(connection.nextSyncAt).toBeNull();
    expect(connection.lastError).toContain("Reconnect");
    const mails = await db.outboxEmail.findMany({ where: { to: { in: [admin.email, viewer.email] } } });
    expect(mails.map((m) => m.to)).toEqual([admin.email]);
  });
});
