import { getPool, inTransaction } from "@/lib/db/pool";
import { markDirtyOrderDays, refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { judgeOrders } from "./detect";

// The one clock-driven rule: an order still pending or authorised 24 hours after it was placed.
// Writing an order younger than that leaves a check due at created + 24 h (detect.ts); this sweep
// judges the orders whose checks are due, and marks their days so reports move their revision.

/** Orders judged per sweep, at most: a backlog is worked over the following sweeps. */
const BATCH = 2_000;

export async function judgeDueOrders(now: Date = new Date(), only?: string): Promise<{ orders: number; exceptions: number }> {
  const due = await getPool().query<{ workspace_id: string; connection_id: string; order_ids: string[] }>(
    `SELECT workspace_id, connection_id, array_agg(order_id::text) AS order_ids
     FROM (SELECT * FROM exception_order_checks
           WHERE due_at <= $1::timestamptz AT TIME ZONE 'UTC' AND ($3::text IS NULL OR workspace_id = $3)
           ORDER BY due_at LIMIT $2) d
     GROUP BY workspace_id, connection_id`,
    [now.toISOString(), BATCH, only ?? null],
  );
  let orders = 0;
  let exceptions = 0;
  for (const row of due.rows) {
    const scope = { workspaceId: row.workspace_id, connectionId: row.connection_id };
    exceptions += await inTransaction(async (c) => {
      await markDirtyOrderDays(c, scope, row.order_ids);
      return judgeOrders(c, scope, row.order_ids, now);
    });
    orders += row.order_ids.length;
  }
  for (const workspaceId of new Set(due.rows.map((r) => r.workspace_id))) await refreshDirtyRollupsQuietly(workspaceId);
  return { orders, exceptions };
}
