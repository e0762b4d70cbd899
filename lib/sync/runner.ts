import { adSliceForConnection, isAdConnection } from "@/lib/ads/runner";
import type { AdSourceProvider } from "@/lib/connectors/contracts/ad-source";
import { db } from "@/lib/db/client";
import type { ShopInfo } from "@/lib/connectors/contracts/store-facts";
import { refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { alertAdminsOnce } from "@/lib/connections/alerts";
import { SYNC_INTERVAL_MS } from "@/lib/connections/service";
import { runSlice, type SliceBudget, type SliceResult } from "@/lib/stores/engine";
import { classifyFailure } from "./failures";
import type { SyncScope } from "@/lib/sync/scope";
import { getRun, updateRun } from "./runs";
import type { StoreSource } from "@/lib/connectors/contracts/store-source";
import { sourceForConnection } from "@/lib/stores/sources";

const connectionWhere = (scope: SyncScope) => ({ workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } });
// A run that ends after its connection was disconnected must not bring the connection back.
const liveConnection = (scope: SyncScope) => ({ workspaceId: scope.workspaceId, id: scope.connectionId, status: { not: "disconnected" as const } });

export async function markStarted(scope: SyncScope): Promise<void> {
  await db.connection.updateMany({ where: liveConnection(scope), data: { status: "syncing", lastSyncAt: new Date() } });
}

/** Keeps the connection's name, time zone and currency as the store reports them. */
export async function recordShopInfo(scope: SyncScope, shop: ShopInfo): Promise<void> {
  await db.connection.update({ where: connectionWhere(scope), data: { displayName: shop.name, timeZone: shop.timeZone, currency: shop.currency } });
}

export async function completeRun(scope: SyncScope, runId: string): Promise<void> {
  const now = new Date();
  await updateRun(scope, runId, { status: "succeeded", finishedAt: now, error: null, errorCode: null });
  await db.connection.updateMany({
    where: liveConnection(scope),
    data: { status: "active", lastSuccessAt: now, nextSyncAt: new Date(now.getTime() + SYNC_INTERVAL_MS), lastError: null, lastErrorAt: null, alertedAt: null },
  });
  await refreshDirtyRollupsQuietly(scope.workspaceId);
}

/** Records a failure on the run and the connection; a lost authorisation also emails the admins once. */
export async function failRun(scope: SyncScope, runId: string, error: unknown): Promise<void> {
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId },
    select: { provider: true, externalAccountId: true, displayName: true },
  });
  const failure = classifyFailure(error, connection ?? undefined);
  const now = new Date();
  console.error(`[sync] run ${runId} of connection ${scope.connectionId} failed (${failure.code}): ${failure.message}`);
  await updateRun(scope, runId, { status: "failed", finishedAt: now, error: failure.message, errorCode: failure.code });
  await db.connection.updateMany({
    where: liveConnection(scope),
    data: {
      status: failure.status,
      lastError: failure.message,
      lastErrorAt: now,
      // A broken token cannot fix itself; anything else is tried again at the next interval.
      nextSyncAt: failure.status === "needs_reauth" ? null : new Date(now.getTime() + SYNC_INTERVAL_MS),
    },
  });
  if (failure.status === "needs_reauth") {
    const what = connection && connection.provider !== "shopify" ? connection.displayName : "a store connection";
    await alertAdminsOnce(scope, { subject: `${what} needs to be reconnected`, body: failure.message });
  }
}

/** One slice with the connection's own source; what the durable function runs per step. */
export async function sliceForConnection(scope: SyncScope, runId: string, budget?: SliceBudget): Promise<SliceResult> {
  if (await isAdConnection(scope)) return adSliceForConnection(scope, runId, budget);
  return runSlice(scope, runId, await sourceForConnection(scope), budget);
}

/** Runs a whole sync in this process (CLI, local scheduler, tests). */
export async function executeRun(
  scope: SyncScope,
  runId: string,
  options: { source?: StoreSource; adProvider?: AdSourceProvider; sleep?: (ms: number) => Promise<void>; budget?: SliceBudget } = {},
): Promise<"succeeded" | "failed"> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  try {
    const run = await getRun(scope, runId);
    if (!run) throw new Error(`Sync run ${runId} not found.`);
    if (run.status !== "queued" && run.status !== "running") return run.status === "succeeded" ? "succeeded" : "failed";
    let slice: () => Promise<SliceResult>;
    if (!options.source && (await isAdConnection(scope))) {
      await markStarted(scope);
      slice = () => adSliceForConnection(scope, runId, options.budget, options.adProvider);
    } else {
      const source = options.source ?? (await sourceForConnection(scope));
      await markStarted(scope);
      if (run.kind === "backfill" && !run.startedAt) await recordShopInfo(scope, await source.shop());
      slice = () => runSlice(scope, runId, source, options.budget);
    }
    for (;;) {
      const result = await slice();
      if (result.done) break;
      // Backfills touch most days again and again; their rollups are refreshed once, at the end.
      if (run.kind !== "backfill") await refreshDirtyRollupsQuietly(scope.workspaceId);
      if (result.waitMs) await sleep(result.waitMs);
    }
    await completeRun(scope, runId);
    return "succeeded";
  } catch (error) {
    await failRun(scope, runId, error);
    return "failed";
  }
}
