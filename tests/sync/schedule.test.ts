import { describe, expect, it } from "vitest";
import { BulkParseError } from "@/lib/connectors/shopify/errors";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore, disconnect, settingsOf, updateConnectionSettings } from "@/lib/connections/service";
import { expectAppError } from "../helpers";
import { localJobsSettled as localSyncsSettled } from "@/lib/jobs/local";
import { tick } from "@/lib/jobs/scheduler";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import { dueSyncs } from "@/lib/sync/scheduler";
import { bundle, FakeStore } from "./fake-source";

async function connection() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const { id } = await connectDemoStore(workspace.id, { orders: 200, seed: 5 });
  return { workspaceId: workspace.id, connectionId: id };
}

const where = (scope: { workspaceId: string; connectionId: string }) => ({ workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } });

describe("scheduling", () => {
  it("takes the longest overdue connections first when more are due than a tick takes", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const now = Date.now();
    const made = [];
    for (const [i, overdueMs] of [60_000, 3 * 3_600_000, 600_000, 2 * 3_600_000].entries()) {
      made.push(await db.connection.create({
        data: {
          workspaceId: workspace.id, provider: "shopify", externalAccountId: `due-${i}.myshopify.com`, displayName: `Due ${i}`, credentials: "-",
          status: "active", nextSyncAt: new Date(now - overdueMs), nextRestatementAt: new Date(now + 86_400_000),
        },
      }));
    }
    const due = await dueSyncs(new Date(now), { workspaceId: workspace.id }, 2);
    expect(due.map((d) => d.connectionId)).toEqual([made[1]!.id, made[3]!.id]);
  });

  it("a due connection gets an incremental sync from the local scheduler, which runs it", async () => {
    const scope = await connection();
    await db.connection.update({ where: where(scope), data: { nextSyncAt: new Date(Date.now() - 1_000), nextRestatementAt: new Date(Date.now() + 3_600_000) } });
    await tick(new Date(), { workspaceId: scope.workspaceId });
    await localSyncsSettled();
    const runs = await db.syncRun.findMany({ where: scope });
    expect(runs.map((r) => [r.kind, r.status])).toEqual([["incremental", "succeeded"]]);
    const after = await db.connection.findUniqueOrThrow({ where: where(scope) });
    expect(after.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.order.count({ where: scope })).toBeGreaterThan(100);
  });

  it("schedules the daily restatement at the configured hour in the store's time zone, then runs it when due", async () => {
    const scope = await connection();
    await db.connection.update({ where: where(scope), data: { timeZone: "Asia/Tokyo", settings: { restatementHour: 5, restatementDays: 4 } } });
    const now = new Date("2026-06-01T00:00:00Z"); // 09:00 in Tokyo
    await dueSyncs(now, scope);
    const scheduled = await db.connection.findUniqueOrThrow({ where: where(scope) });
    expect(scheduled.nextRestatementAt!.toISOString()).toBe("2026-06-01T20:00:00.000Z"); // 05:00 next day in Tokyo

    await db.connection.update({ where: where(scope), data: { lastSuccessAt: now } });
    const later = new Date("2026-06-01T20:00:30Z");
    const due = (await dueSyncs(later, scope)).filter((d) => d.connectionId === scope.connectionId);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ kind: "restatement", range: { from: new Date(later.getTime() - 4 * 86_400_000), to: later } });
  });

  it("restatement settings are validated field by field and move the next restatement at once", async () => {
    const scope = await connection();
    await db.connection.update({ where: where(scope), data: { timeZone: "Europe/Berlin" } });
    const error = await expectAppError(updateConnectionSettings(scope, { restatementDays: "40", restatementHour: "25" }), "bad_request");
    expect(error.fields).toEqual({ restatementDays: "Use 1 to 28 days.", restatementHour: "Choose an hour from 0 to 23." });
    expect(settingsOf(await db.connection.findUniqueOrThrow({ where: where(scope) }))).toEqual({ restatementDays: 3, restatementHour: 4 });

    await updateConnectionSettings(scope, { restatementDays: "7", restatementHour: "2" });
    const saved = await db.connection.findUniqueOrThrow({ where: where(scope) });
    expect(settingsOf(saved)).toEqual({ restatementDays: 7, restatementHour: 2 });
    const hourInBerlin = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(saved.nextRestatementAt!);
    expect(hourInBerlin).toBe("02");
    expect(saved.nextRestatementAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("a disconnected connection is never due, and disconnecting can keep or delete its data", async () => {
    const kept = await connection();
    const store = new FakeStore();
    store.put(bundle(1, new Date()));
    const run = await createRun(kept, "incremental");
    await executeRun(kept, run.id, { source: store, sleep: async () => {} });
    await disconnect(kept, { deleteData: false });
    expect(await db.order.count({ where: kept })).toBe(1);
    await db.connection.update({ where: where(kept), data: { nextSyncAt: new Date(0) } });
    expect((await dueSyncs(new Date(), kept)).some((d) => d.connectionId === kept.connectionId)).toBe(false);

    const deleted = await connection();
    const run2 = await createRun(deleted, "incremental");
    await executeRun(deleted, run2.id, { source: store, sleep: async () => {} });
    await disconnect(deleted, { deleteData: true });
    expect(await db.order.count({ where: deleted })).toBe(0);
    expect(await db.orderLineItem.count({ where: deleted })).toBe(0);
    expect((await db.connection.findUniqueOrThrow({ where: where(deleted) })).status).toBe("disconnected");
  });

  it("a malformed export line fails the run with its line number and leaves the cursor alone", async () => {
    const scope = await connection();
    const store = new FakeStore();
    store.put(bundle(1, new Date()));
    store.failOn = { method: "bulkOrders", error: new BulkParseError(42, "Unexpected token } in JSON") };
    const run = await createRun(scope, "backfill");
    expect(await executeRun(scope, run.id, { source: store, sleep: async () => {} })).toBe("failed");
    const failed = await getRun(scope, run.id);
    expect(failed).toMatchObject({ status: "failed", errorCode: "bad_payload" });
    expect(failed!.error).toContain("line 42");
    expect(await db.syncCursor.count({ where: scope })).toBe(0);
  });
});

describe("a run that ends after its connection was disconnected", () => {
  it("leaves the connection disconnected and unscheduled", async () => {
    const scope = await connection();
    const store = new FakeStore();
    store.put(bundle(1, new Date()));
    const run = await createRun(scope, "incremental");
    // Disconnected while the run was in flight: the run then finishes (or fails) late.
    await disconnect(scope, { deleteData: false });
    await db.syncRun.updateMany({ where: { workspaceId: scope.workspaceId, id: run.id }, data: { status: "running" } });
    store.failOn = { method: "ordersPage", error: new Error("Shopify answered 503") };
    await executeRun(scope, run.id, { source: store, sleep: async () => {} });
    const after = await db.connection.findUniqueOrThrow({ where: where(scope) });
    expect(after).toMatchObject({ status: "disconnected", nextSyncAt: null });
  });
});
