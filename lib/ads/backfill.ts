import { AppError } from "@/lib/errors";
import { requestSync } from "@/lib/sync/dispatch";
import type { SyncScope } from "@/lib/sync/scope";
import { isAdConnection } from "./runner";

/**
 * Loads a newly picked account's history (two years, or what the platform keeps). Incremental
 * syncs and the daily restatement are scheduled once it has finished.
 */
export async function startAdBackfill(scope: SyncScope): Promise<{ runId: string; reused: boolean }> {
  // Another workspace's connection is as unknown as a missing one.
  if (!(await isAdConnection(scope))) throw new AppError("not_found", "Connection not found.");
  return requestSync(scope, "backfill");
}
