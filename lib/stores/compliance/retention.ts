import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import { eraseShopData } from "./shop-erase";

// Retention after an uninstall. app/uninstalled disconnects the store and keeps its data, so a
// reinstall finds everything again; Shopify sends shop/redact 48 hours later, which erases it. If
// shop/redact never arrives (Shopify gives up after its retries, or this app was down), the
// store's data is erased anyway once RETENTION_AFTER_UNINSTALL_DAYS have passed since the
// uninstall: 48 hours, Shopify's 48 hours of redelivery, and a margin for our own outages.

export const RETENTION_AFTER_UNINSTALL_DAYS = 14;

type TDue = { workspace_id: string; connection_id: string; uninstalled_at: string };

/**
 * Connections uninstalled longer ago than the retention period, still disconnected, and not
 * erased since (shop/redact or an earlier sweep deletes the app/uninstalled receipt with the rest
 * of the store's deliveries, so an erased store is not found again).
 */
export async function connectionsPastRetention(now = new Date(), limit = 20): Promise<TDue[]> {
  const cutoff = new Date(now.getTime() - RETENTION_AFTER_UNINSTALL_DAYS * 86_400_000);
  const { rows } = await getPool().query<TDue>(
    `SELECT r.workspace_id, r.connection_id, to_char(max(r.received_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS uninstalled_at
     FROM webhook_receipts r
     JOIN connections c ON c.workspace_id = r.workspace_id AND c.id = r.connection_id
     WHERE r.topic = 'app/uninstalled' AND r.processed_at IS NOT NULL AND c.status = 'disconnected'
     GROUP BY r.workspace_id, r.connection_id
     HAVING max(r.received_at) < $1::timestamp
     ORDER BY 3 LIMIT $2`,
    [utc(cutoff), limit],
  );
  return rows;
}

/** Erases every store past its retention, each with a ComplianceRequest saying why; returns how many. */
export async function sweepUninstalledStores(now = new Date()): Promise<number> {
  const due = await connectionsPastRetention(now);
  for (const { workspace_id: workspaceId, connection_id: connectionId, uninstalled_at: at } of due) {
    const erased = await eraseShopData({ workspaceId, connectionId });
    await db.complianceRequest.create({
      data: {
        workspaceId,
        connectionId,
        topic: "retention",
        action:
          `erased ${RETENTION_AFTER_UNINSTALL_DAYS} days after the uninstall of ${at} (no shop/redact arrived): ` +
          `${erased.orders} orders, ${erased.customers} customers, ${erased.products} products; ` +
          `tracking data deleted: ${erased.tracking.visitors} visitors, ${erased.tracking.events} events, ${erased.tracking.sessions} sessions`,
        completedAt: new Date(),
      },
    });
  }
  return due.length;
}
