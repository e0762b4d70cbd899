import { isAdProvider } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import type { SyncEngine } from "@/lib/sync/engine-contract";
import type { SyncScope } from "@/lib/sync/scope";
import { runAdSlice } from "./engine";
import { providerForConnection } from "./providers";

// The ad engine as the run machinery sees it, and how a newly picked account starts loading.

/** True for ads and analytics connections of the workspace. */
export async function isAdConnection(scope: SyncScope): Promise<boolean> {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, select: { provider: true } });
  return connection !== null && isAdProvider(connection.provider);
}

export const adEngine: SyncEngine = {
  async slice(scope, runId, budget, overrides) {
    const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    if (!connection || !isAdProvider(connection.provider)) throw new Error(`Connection ${scope.connectionId} is not an ad or analytics connection.`);
    const provider = overrides.adProvider ?? (await providerForConnection({ ...connection, provider: connection.provider }));
    return runAdSlice(scope, runId, provider, budget);
  },
};
