import { db } from "@/lib/db/client";
import type { SyncScope } from "@/lib/sync/scope";
import { aggregateDouplus } from "./aggregate";
import { recordDouplusFailure } from "./failure";
import { syncOrders, syncStats, type SyncOptions } from "./sync";
import { logger } from "@/lib/log";

const log = logger("douplus");

// What the scheduled jobs do for every live Douyin connection. A connection that needs
// re-authorisation, is disconnected or paused over the plan is left alone; one connection's
// failure is recorded and never stops the others.

export type Step = "orders" | "stats";

export async function liveDouyinConnections(workspaceId?: string): Promise<SyncScope[]> {
  const rows = await db.connection.findMany({
    where: { provider: "douyin", status: { in: ["active", "syncing", "error"] }, planPausedAt: null, ...(workspaceId ? { workspaceId } : {}) },
    select: { workspaceId: true, id: true },
  });
  // The demo account syncs like a real one; its generator answers in place of the platform (source.ts).
  return rows.map((r) => ({ workspaceId: r.workspaceId, connectionId: r.id }));
}

/** Runs one step for one connection; a failure is recorded (and, for a refused token, told once). */
export async function runStep(scope: SyncScope, step: Step, options: SyncOptions = {}): Promise<"ok" | "needs_reauth" | "error"> {
  try {
    if (step === "orders") await syncOrders(scope, options);
    else await syncStats(scope, options);
    return "ok";
  } catch (error) {
    return recordDouplusFailure(scope, step === "orders" ? "order sync" : "stats sync", error);
  }
}

/** One step for every live connection, or for one workspace's. */
export async function runStepForAll(step: Step, workspaceId?: string): Promise<Record<string, number>> {
  const outcome: Record<string, number> = { ok: 0, needs_reauth: 0, error: 0 };
  for (const scope of await liveDouyinConnections(workspaceId)) outcome[await runStep(scope, step)]!++;
  return outcome;
}

export async function aggregateAll(now = new Date(), workspaceId?: string): Promise<number> {
  const workspaces = await db.connection.findMany({
    where: { provider: "douyin", status: { not: "disconnected" }, ...(workspaceId ? { workspaceId } : {}) },
    distinct: ["workspaceId"], select: { workspaceId: true } });
  for (const { workspaceId } of workspaces) {
    try {
      await aggregateDouplus(workspaceId, now);
    } catch (error) {
      log.error("aggregation failed", { workspaceId, err: error });
    }
  }
  return workspaces.length;
}
