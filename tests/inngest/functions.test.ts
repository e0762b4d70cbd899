import fs from "node:fs";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { processWebhook, scheduleSyncs, syncConnection } from "@/inngest/functions";
import { seal } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { createRun, getRun } from "@/lib/sync/runs";

// The cron function schedules every workspace's due connections; other tests' connections share
// the database, so this file's are the only ones it is shown (the scheduler itself is real).
const scopedTo = vi.hoisted(() => ({ current: undefined as { workspaceId: string } | undefined }));
vi.mock("@/lib/sync/scheduler", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/sync/scheduler")>();
  return { ...real, dueSyncs: (now?: Date, only?: { workspaceId: string }) => real.dueSyncs(now, only ?? scopedTo.current) };
});

async function demoConnection(orders = 300) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const { id } = await connectDemoStore(workspace.id, { orders, seed: 3 });
  return { workspaceId: workspace.id, connectionId: id };
}

describe("Inngest functions", () => {
  it("sync-connection works a backfill run to the end in checkpointed steps", async () => {
    const scope = await demoConnection();
    const run = await createRun(scope, "backfill");
    const t = new InngestTestEngine({ function: syncConnection });
    // The demo's bulk export needs a few polls; each wait is a durable sleep step.
    const { result, error, ctx } = await t.execute({
      events: [{ name: "sync/connection.sync.requested", data: { ...scope, runId: run.id } }],
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ runId: run.id });
    expect(ctx.step.run).toHaveBeenCalledWith("slice-0", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("complete", expect.any(Function));
    expect((await getRun(scope, run.id))!.status).toBe("succeeded");
    expect(await db.order.count({ where: scope })).toBeGreaterThan(250);
  });

  it("schedule-syncs fans out one event per due connection and reuses runs already open", async () => {
    const scope = await demoConnection();
    await db.connection.update({
      where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
      // Long overdue, so it is among the first a tick takes however many connections other tests left due.
      data: { nextSyncAt: new Date(Date.now() - 30 * 86_400_000), nextRestatementAt: new Date(Date.now() + 86_400_000) },
    });
    // The fan-out step is answered here rather than sent to an Inngest server.
    const sent = { steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }] };
    scopedTo.current = { workspaceId: scope.workspaceId };
    const t = new InngestTestEngine({ function: scheduleSyncs });
    const { ctx, error } = await t.execute(sent);
    expect(error).toBeUndefined();
    const fanOut = (ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } }).mock.calls.find((c) => c[0] === "fan-out");
    const events = fanOut?.[1] as { name: string; data: { connectionId: string; runId: string } }[];
    const mine = events.filter((e) => e.data.connectionId === scope.connectionId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.name).toBe("sync/connection.sync.requested");
    expect((await getRun(scope, mine[0]!.data.runId))!.kind).toBe("incremental");

    // Still due, but its run is open: no second event for it, and no second run.
    const again = await new InngestTestEngine({ function: scheduleSyncs }).execute(sent);
    const secondCalls = (again.ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } }).mock.calls.filter((c) => c[0] === "fan-out");
    const laterEvents = secondCalls.slice(1).flatMap((c) => c[1] as { data: { connectionId: string } }[]);
    expect(laterEvents.filter((e) => e.data.connectionId === scope.connectionId)).toHaveLength(0);
    expect(await db.syncRun.count({ where: scope })).toBe(1);
  });

  it("process-shopify-webhook upserts the order a webhook carries", async () => {
    const scope = await demoConnection();
    const rawBody = fs.readFileSync(path.join(process.cwd(), "tests/fixtures/shopify/webhook_orders_create.json"), "utf8");
    // The event names the receipt the webhook route recorded; the body is read from there.
    await db.webhookReceipt.create({ data: { ...scope, webhookId: "evt-1", topic: "orders/create", payload: seal(rawBody) } });
    const t = new InngestTestEngine({ function: processWebhook });
    const { error } = await t.execute({
      events: [{ name: "shopify/webhook.received", data: { ...scope, webhookId: "evt-1", topic: "orders/create" } }],
    });
    expect(error).toBeUndefined();
    expect(await db.order.count({ where: scope })).toBe(1);
  });
});
