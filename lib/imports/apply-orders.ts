import type { PoolClient } from "pg";
import { inTransaction, utc } from "@/lib/db/pool";
import { markDirtyOrderDays, refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import type { SyncScope } from "@/lib/sync/scope";
import { importConnectionId, markImported } from "./connection";
import { customersOf, orderBundleOf } from "./order-facts";
import type { OrderValidationOptions } from "./order-rows";
import type { TOrderImportRow } from "./schema";

// Writes validated orders through the sync engine's upserts, all in one transaction: an upload
// is applied whole or not at all.

const BATCH = 1000;

/** Days the stored copies sit on now: a re-import may move an order or drop its refund. */
async function markStoredDays(client: PoolClient, scope: SyncScope, orderIds: string[]) {
  const refunds = await client.query<{ at: Date }>(
    `SELECT COALESCE(processed_at, created_at) AS at FROM refunds
     WHERE workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3::bigint[])`,
    [scope.workspaceId, scope.connectionId, orderIds],
  );
  await markDirtyOrderDays(client, scope, orderIds, refunds.rows.map((r) => utc(r.at)!));
}

async function refreshCustomerCounts(client: PoolClient, scope: SyncScope, customerIds: string[]) {
  await client.query(
    `UPDATE customers c SET orders_count = (
       SELECT count(*) FROM orders o WHERE o.workspace_id = c.workspace_id AND o.connection_id = c.connection_id AND o.customer_id = c.external_id)
     WHERE c.workspace_id = $1 AND c.connection_id = $2 AND c.external_id = ANY($3::bigint[])`,
    [scope.workspaceId, scope.connectionId, customerIds],
  );
}

export async function applyOrders(workspaceId: string, orders: TOrderImportRow[], options: OrderValidationOptions): Promise<void> {
  if (orders.length === 0) return;
  const importedAt = new Date();
  const scope = { workspaceId, connectionId: await importConnectionId(workspaceId, "orders") };
  const customers = customersOf(orders, importedAt, options.defaultRegion);
  await inTransaction(async (client) => {
    await upsertCustomers(scope, customers, client, { runId: `import:${scope.connectionId}` });
    for (let i = 0; i < orders.length; i += BATCH) {
      const bundles = orders.slice(i, i + BATCH).map((order) => orderBundleOf(order, importedAt, options.defaultRegion));
      await markStoredDays(client, scope, bundles.map((b) => b.order.externalId.toString()));
      await upsertOrderBundles(scope, bundles, client);
    }
    await refreshCustomerCounts(client, scope, customers.map((c) => c.externalId.toString()));
  });
  await markImported(workspaceId, scope.connectionId, importedAt);
  await refreshDirtyRollupsQuietly(workspaceId);
}
