import type { AdSourceProvider } from "@/lib/connectors/contracts/ad-source";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SliceResult } from "@/lib/stores/engine";
import type { SyncScope } from "@/lib/sync/scope";
import { runAdSlice, type AdSliceBudget } from "./engine";
import { isAdProvider, providerForConnection } from "./providers";

// Where the generic sync machinery (lib/sync/runner.ts, the Inngest function, the CLI) meets ad
// and analytics connections.

/** True for Google Ads, Meta Ads, TikTok Ads and GA4 connections of the workspace. */
export async function isAdConnection(scope: SyncScope): Promise<boolean> {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, select: { provider: true } });
  return connection !== null && isAdProvider(connection.provider);
}

/** One slice of an ad run with the connection's own provider (or `override`, in tests). */
export async function adSliceForConnection(scope: SyncScope, runId: string, budget?: AdSliceBudget, override?: AdSourceProvider): Promise<SliceResult> {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
  if (!connection || !isAdProvider(connection.provider)) throw new Error(`Connection ${scope.connectionId} is not an ad or analytics connection.`);
  const provider = override ?? (await providerForConnection({ ...connection, provider: connection.provider }));
  return runAdSlice(scope, runId, provider, budget);
}

/**
 * Loads a newly picked account's history (two years, or what the platform keeps). Incremental
 * syncs and the daily restatement are scheduled once it has finished.
 */
export async function startAdBackfill(scope: SyncScope): Promise<{ runId: string; reused: boolean }> {
  // Another workspace's connection is as unknown as a missing one.
  if (!(await isAdConnection(scope))) throw new AppError("not_found", "Connection not found.");
  const { requestSync } = await import("@/lib/sync/dispatch");
  return requestSync(scope, "backfill");
}
