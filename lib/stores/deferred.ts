import type { PoolClient } from "pg";
import { judgeAllOrders } from "@/lib/exceptions/detect";
import { markDirtyConnectionDays } from "@/lib/metrics/rollups/refresh";
import type { SyncScope } from "@/lib/sync/scope";

// A backfill into a connection that has no orders yet writes every order once, so what each batch
// of writes would do for its own rows (mark its days dirty, judge its orders against the exception
// rules) is done once for the whole connection after the last batch, as one statement each: the
// same marks and the same exception rows, without reading back and judging page by page.

/** Whether the connection has stored no order yet (a deferred backfill may start). */
export async function hasNoOrders(client: Pick<PoolClient, "query">, scope: SyncScope): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM orders WHERE workspace_id = $1 AND connection_id = $2 LIMIT 1", [scope.workspaceId, scope.connectionId]);
  return !rowCount;
}

/** Marks the connection's days and judges its orders, in the transaction of the last write. */
export async function settleDeferredOrders(client: PoolClient, scope: SyncScope): Promise<void> {
  await markDirtyConnectionDays(client, scope);
  await judgeAllOrders(client, scope);
}
