import { attributeOrders } from "@/lib/attribution/recompute";
import { ownCustomerKeySql } from "@/lib/customers/identity";
import { getPool, inTransaction } from "@/lib/db/pool";
import { eraseTrackingIn, type TErasureCounts } from "@/lib/identity/erase";
import { markDirtyConnectionDays, refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";

// Erasing one store connection's data (shop/redact, and the retention sweep when Shopify never
// sends it). Everything that names the store's customers goes: their tracking data first (while
// their email hashes still find their visitors), then every commerce row of the connection. What
// is derived from those rows is not deleted blindly but recomputed without them, so the
// workspace's other stores keep correct figures: the sales days the orders fell on are marked
// dirty before the orders go (the refresh then rebuilds the rollups, customer events, profiles
// and cohort cells from what is left), and attribution is run again over the deleted orders,
// which gives their credits back and drops their rows. The connection row itself stays,
// disconnected, as the record that the store was erased.

export type TShopErasure = {
  orders: number;
  lineItems: number;
  refunds: number;
  refundLines: number;
  customers: number;
  products: number;
  variants: number;
  receipts: number;
  tracking: TErasureCounts;
};

type TScope = { workspaceId: string; connectionId: string };

/** Every table of a connection's own rows, deleted by connection id (the derived ones are recomputed). */
export const CONNECTION_TABLES = [
  "order_line_items",
  "refund_line_items",
  "refunds",
  "orders",
  "customers",
  "product_variants",
  "products",
  "sync_cursors",
  "exception_orders",
  "exception_order_checks",
  "customer_data_exports",
  "owned_conversions",
] as const;

export async function eraseShopData(scope: TScope): Promise<TShopErasure> {
  const { workspaceId, connectionId } = scope;
  const { tracking, orderIds, deleted } = await inTransaction(async (client) => {
    const people = await client.query<{ customer_id: string; key: string }>(
      `SELECT cu.external_id::text AS customer_id, ${ownCustomerKeySql("cu.connection_id", "cu.external_id", "cu")} AS key
       FROM customers cu WHERE cu.workspace_id = $1 AND cu.connection_id = $2`,
      [workspaceId, connectionId],
    );
    const orders = await client.query<{ id: string; customer_id: string | null }>(
      "SELECT external_id::text AS id, customer_id::text FROM orders WHERE workspace_id = $1 AND connection_id = $2",
      [workspaceId, connectionId],
    );
    // Customers known only from their orders (no customers row) are people of the store too.
    const customerIds = [...new Set([...people.rows.map((p) => p.customer_id), ...orders.rows.flatMap((o) => (o.customer_id ? [o.customer_id] : []))])];
    const personKeys = [...new Set([...people.rows.map((p) => p.key), ...customerIds.map((id) => `c:${connectionId}:${id}`)])];
    const tracking = await eraseTrackingIn(client, workspaceId, { personKeys, customerIds, orderIds: orders.rows.map((o) => o.id) });
    await markDirtyConnectionDays(client, scope);
    const deleted: Record<string, number> = {};
    for (const table of CONNECTION_TABLES) {
      deleted[table] = (await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND connection_id = $2`, [workspaceId, connectionId])).rowCount ?? 0;
    }
    // Deliveries still waiting would write the store's rows again; the shop/redact receipts stay
    // (the one being processed is marked done after this).
    deleted.webhook_receipts =
      (await client.query("DELETE FROM webhook_receipts WHERE workspace_id = $1 AND connection_id = $2 AND topic <> 'shop/redact'", [workspaceId, connectionId])).rowCount ?? 0;
    return { tracking, orderIds: orders.rows.map((o) => o.id), deleted };
  });
  // Orders attributed before (some may be gone from the facts already) give their credits back.
  const { rows: attributed } = await getPool().query<{ order_id: string }>(
    "SELECT order_id::text FROM order_attributions WHERE workspace_id = $1 AND connection_id = $2 UNION SELECT order_id::text FROM attribution_order_credits WHERE workspace_id = $1 AND connection_id = $2",
    [workspaceId, connectionId],
  );
  const forget = [...new Set([...orderIds, ...attributed.map((r) => r.order_id)])];
  await attributeOrders(workspaceId, forget.map((id) => ({ connectionId, orderId: BigInt(id) })));
  await refreshDirtyRollups(workspaceId);
  return {
    orders: deleted.orders ?? 0,
    lineItems: deleted.order_line_items ?? 0,
    refunds: deleted.refunds ?? 0,
    refundLines: deleted.refund_line_items ?? 0,
    customers: deleted.customers ?? 0,
    products: deleted.products ?? 0,
    variants: deleted.product_variants ?? 0,
    receipts: deleted.webhook_receipts ?? 0,
    tracking,
  };
}
