import { open, seal } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import { coalesce } from "./coalesce";

// One row per (workspace, connection, delivery id): the insert-or-skip that detects replays, the
// durable copy of the delivery that processing reads, and the record of whether it was processed
// or failed.

export type ReceiptKey = { workspaceId: string; connectionId: string; webhookId: string };

/** Just the key, from anything that carries one (a job's payload carries more). */
export const receiptKey = ({ workspaceId, connectionId, webhookId }: ReceiptKey): ReceiptKey => ({ workspaceId, connectionId, webhookId });

/** A delivery that was recorded but neither processed nor failed this long ago is presumed lost. */
export const STALE_RECEIPT_MS = 10 * 60 * 1000;

export type RecordedDelivery = { workspaceId: string; connectionId: string; queued: boolean };

export type Delivery = { shopDomain: string; includeDisconnected: boolean; webhookId: string; topic: string; rawBody: string };

/**
 * Records deliveries for every connection of their shops in one statement. A connection's row is
 * `queued` when the delivery is new there, or when an earlier attempt failed (or was lost) and
 * this one takes it over, atomically, so concurrent redeliveries retry it once; otherwise it is a
 * duplicate.
 */
async function recordDeliveries(deliveries: Delivery[]): Promise<RecordedDelivery[][]> {
  // One statement cannot write a row twice: a delivery repeated within the batch is a duplicate
  // of its first copy, wherever that one lands.
  const firstOf = new Map<string, number>();
  deliveries.forEach((d, n) => {
    const key = `${d.shopDomain}\n${d.webhookId}`;
    if (!firstOf.has(key)) firstOf.set(key, n);
  });
  const distinct = [...new Set(firstOf.values())].map((n) => ({ n, ...deliveries[n]! }));
  const now = Date.now();
  const { rows } = await getPool().query<{ n: number; workspace_id: string; id: string; queued: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[])
         AS i(n, shop, include_disconnected, webhook_id, topic, payload)
     ), targets AS (
       SELECT i.n, c.workspace_id, c.id, i.webhook_id, i.topic, i.payload
       FROM input i JOIN connections c
         ON c.provider = 'shopify' AND c.external_account_id = i.shop AND (i.include_disconnected OR c.status <> 'disconnected')
     ), written AS (
       INSERT INTO webhook_receipts (workspace_id, connection_id, webhook_id, topic, payload, received_at)
       -- Rows in key order, so two batches holding the same deliveries never wait on each other in a cycle.
       SELECT workspace_id, id, webhook_id, topic, payload, $7 FROM targets ORDER BY workspace_id, id, webhook_id
       ON CONFLICT (workspace_id, connection_id, webhook_id) DO UPDATE
         SET error = NULL, received_at = EXCLUDED.received_at, payload = EXCLUDED.payload
         WHERE webhook_receipts.processed_at IS NULL
           AND (webhook_receipts.error IS NOT NULL OR webhook_receipts.received_at < $8)
       RETURNING workspace_id, connection_id, webhook_id
     )
     SELECT t.n, t.workspace_id, t.id, (w.connection_id IS NOT NULL) AS queued
     FROM targets t LEFT JOIN written w
       ON w.workspace_id = t.workspace_id AND w.connection_id = t.id AND w.webhook_id = t.webhook_id`,
    [
      distinct.map((d) => d.n),
      distinct.map((d) => d.shopDomain),
      distinct.map((d) => d.includeDisconnected),
      distinct.map((d) => d.webhookId),
      distinct.map((d) => d.topic),
      distinct.map((d) => seal(d.rawBody)),
      utc(new Date(now)),
      utc(new Date(now - STALE_RECEIPT_MS)),
    ],
  );
  return deliveries.map((d, n) => {
    const first = firstOf.get(`${d.shopDomain}\n${d.webhookId}`)!;
    return rows
      .filter((r) => r.n === first)
      .map((r) => ({ workspaceId: r.workspace_id, connectionId: r.id, queued: r.queued && first === n }));
  });
}

/**
 * Records one delivery (the webhook's acknowledgement waits for this and nothing else). Concurrent
 * deliveries share statements: a burst of them costs a few commits, not one each.
 */
export const recordDelivery = coalesce(recordDeliveries, {
  inFlight: 3,
  maxItems: 100,
  // Bodies are up to 2 MB; a statement carries at most about 8 MB of them.
  maxWeight: 8 * 1024 * 1024,
  weigh: (d) => d.rawBody.length,
});

/**
 * Records one delivery for a connection known from its URL (a store whose webhooks each
 * connection creates itself): true when it is new there, or takes over an earlier attempt that
 * failed or was lost; false for a replay. The same rule as recordDeliveries, one row.
 */
export async function recordConnectionDelivery(key: ReceiptKey, topic: string, rawBody: string): Promise<boolean> {
  const now = Date.now();
  const { rowCount } = await getPool().query(
    `INSERT INTO webhook_receipts (workspace_id, connection_id, webhook_id, topic, payload, received_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, connection_id, webhook_id) DO UPDATE
       SET error = NULL, received_at = EXCLUDED.received_at, payload = EXCLUDED.payload
       WHERE webhook_receipts.processed_at IS NULL
         AND (webhook_receipts.error IS NOT NULL OR webhook_receipts.received_at < $7)`,
    [key.workspaceId, key.connectionId, key.webhookId, topic, seal(rawBody), utc(new Date(now)), utc(new Date(now - STALE_RECEIPT_MS))],
  );
  return (rowCount ?? 0) > 0;
}

/** The raw body of a delivery still to be processed; null once processed (or never kept). */
export async function deliveryBody(key: ReceiptKey): Promise<string | null> {
  const receipt = await db.webhookReceipt.findUnique({
    where: { workspaceId_connectionId_webhookId: receiptKey(key) },
    select: { payload: true, processedAt: true },
  });
  return receipt?.payload && !receipt.processedAt ? open(receipt.payload) : null;
}

/**
 * Deliveries recorded but neither processed nor failed, oldest first: what a restarted process
 * picks up again. Shopify's topics are written "orders/create", other stores' "order.created":
 * `topics` tells each job's own apart.
 */
export async function unprocessedDeliveries(olderThan: Date, limit = 1000, topics: "shopify" | "other" = "shopify"): Promise<(ReceiptKey & { topic: string })[]> {
  return db.webhookReceipt.findMany({
    where: {
      processedAt: null, error: null, payload: { not: null }, receivedAt: { lt: olderThan },
      ...(topics === "shopify" ? { topic: { contains: "/" } } : { NOT: { topic: { contains: "/" } } }),
    },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { workspaceId: true, connectionId: true, webhookId: true, topic: true },
  });
}

/** Processed: the body (customer data) is no longer kept. */
export async function markReceiptProcessed(key: ReceiptKey): Promise<void> {
  await db.webhookReceipt.updateMany({ where: receiptKey(key), data: { processedAt: new Date(), error: null, payload: null } });
}

/** Stores why processing failed (the message only: payloads and credentials never go here). */
export async function markReceiptFailed(key: ReceiptKey, error: unknown): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await db.webhookReceipt.updateMany({ where: { ...receiptKey(key), processedAt: null }, data: { error: message.slice(0, 2000) } });
}
