import { db } from "@/lib/db/client";
import type { ShopInfo } from "@/lib/connectors/contracts/store-facts";
import type { SyncEngine } from "@/lib/sync/engine-contract";
import { getRun } from "@/lib/sync/runs";
import type { SyncScope } from "@/lib/sync/scope";
import { runSlice } from "./engine";
import { sourceForConnection } from "./sources";

/** Keeps the connection's name, time zone and currency as the store reports them. */
async function recordShopInfo(scope: SyncScope, shop: ShopInfo): Promise<void> {
  await db.connection.update({
    where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
    data: { displayName: shop.name, timeZone: shop.timeZone, currency: shop.currency },
  });
}

/** The store engine as the run machinery sees it: a backfill first records the shop, then slices. */
export const storeEngine: SyncEngine = {
  async prepare(scope, runId, overrides) {
    const run = await getRun(scope, runId);
    if (run?.kind !== "backfill" || run.startedAt) return;
    const source = overrides.source ?? (await sourceForConnection(scope));
    await recordShopInfo(scope, await source.shop());
  },
  async slice(scope, runId, budget, overrides) {
    return runSlice(scope, runId, overrides.source ?? (await sourceForConnection(scope)), budget);
  },
};
