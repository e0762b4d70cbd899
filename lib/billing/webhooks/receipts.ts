import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import type { EventReferences } from "./events";

// One row per Stripe event id: the insert that makes a replay change nothing, the references the
// job needs, and what processing made of the event.

/** Recorded, but neither processed nor failed, this long ago: presumed lost with its process. */
export const STALE_RECEIPT_MS = 10 * 60 * 1000;

export type StripeEventRecord = EventReferences & { id: string; type: string; createdAt: Date };

/**
 * Records an event; true when it should be processed now: it is new, or an earlier delivery of it
 * failed or was lost and this one takes it over (atomically, so concurrent redeliveries queue it once).
 */
export async function recordStripeEvent(event: StripeEventRecord, now = new Date()): Promise<boolean> {
  const { rowCount } = await getPool().query(
    `INSERT INTO stripe_event_receipts (id, type, customer_id, subscription_id, workspace_ref, event_created_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET error = NULL, received_at = EXCLUDED.received_at
       WHERE stripe_event_receipts.processed_at IS NULL
         AND (stripe_event_receipts.error IS NOT NULL OR stripe_event_receipts.received_at < $8)`,
    [event.id, event.type, event.customerId, event.subscriptionId, event.workspaceRef, utc(event.createdAt), utc(now), utc(new Date(now.getTime() - STALE_RECEIPT_MS))],
  );
  return (rowCount ?? 0) > 0;
}

export async function pendingStripeEvent(id: string) {
  const receipt = await db.stripeEventReceipt.findUnique({ where: { id } });
  return receipt && !receipt.processedAt ? receipt : null;
}

export async function markStripeEventProcessed(id: string, outcome: string): Promise<void> {
  await db.stripeEventReceipt.updateMany({ where: { id }, data: { processedAt: new Date(), outcome, error: null } });
}

/** Why processing failed (Stripe's message only; keys never reach an error message). */
export async function markStripeEventFailed(id: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await db.stripeEventReceipt.updateMany({ where: { id, processedAt: null }, data: { error: message.slice(0, 2000) } });
}

/** Events recorded before `olderThan` and never processed nor failed: what a restarted process queues again. */
export async function unprocessedStripeEvents(olderThan: Date, limit = 500) {
  const rows = await db.stripeEventReceipt.findMany({
    where: { processedAt: null, error: null, receivedAt: { lt: olderThan } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true, customerId: true },
  });
  return rows.map((r) => ({ eventId: r.id, customerKey: r.customerId ?? r.id }));
}
