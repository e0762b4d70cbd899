import { db } from "@/lib/db/client";

// One row per (workspace, connection, delivery id): the insert-or-skip that detects replays, and
// the record of whether the delivery was processed or failed.

export type ReceiptKey = { workspaceId: string; connectionId: string; webhookId: string };

/** A delivery that was recorded but neither processed nor failed this long ago is presumed lost. */
export const STALE_RECEIPT_MS = 10 * 60 * 1000;

export type ReceiptOutcome = "new" | "duplicate" | "retry";

/**
 * Records a delivery. "new": first time seen; "duplicate": seen and processed or in flight;
 * "retry": seen before, but that attempt failed (or was lost), so this delivery takes it over.
 */
export async function recordReceipt(key: ReceiptKey, topic: string): Promise<ReceiptOutcome> {
  const inserted = await db.webhookReceipt.createMany({ data: [{ ...key, topic }], skipDuplicates: true });
  if (inserted.count === 1) return "new";
  // Claim the earlier, unfinished attempt atomically, so concurrent redeliveries retry it once.
  const claimed = await db.webhookReceipt.updateMany({
    where: {
      ...key,
      processedAt: null,
      OR: [{ error: { not: null } }, { receivedAt: { lt: new Date(Date.now() - STALE_RECEIPT_MS) } }],
    },
    data: { error: null, receivedAt: new Date() },
  });
  return claimed.count === 1 ? "retry" : "duplicate";
}

export async function markReceiptProcessed(key: ReceiptKey): Promise<void> {
  await db.webhookReceipt.updateMany({ where: key, data: { processedAt: new Date(), error: null } });
}

/** Stores why processing failed (the message only: payloads and credentials never go here). */
export async function markReceiptFailed(key: ReceiptKey, error: unknown): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await db.webhookReceipt.updateMany({ where: { ...key, processedAt: null }, data: { error: message.slice(0, 2000) } });
}
