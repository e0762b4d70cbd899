import type { Pool, PoolClient, Client } from "pg";
import { getPool } from "@/lib/db/pool";
import { afterEventsDrained, type DrainedWorkspace } from "./after-drain";
import { ensureMonthPartitions } from "./partitions";

// Moves events from the inbox into tracked_events. One statement per batch does it all in one
// transaction: it deletes the oldest inbox rows, records their message ids in the ledger
// (skipping ids already stored), and inserts the events whose id was new. A process stopped at
// any point either committed the whole batch or nothing of it, so no acknowledged event is lost
// and none is stored twice; the next drain takes up whatever is left.

/** Inbox rows per transaction: up to 100 events each. */
export const DRAIN_BATCH_ROWS = 200;

// Months of the next rows' events, so their partitions exist before the rows are moved.
const MONTHS_SQL = `
  SELECT DISTINCT left(e->>'occurred_at', 7) AS month
  FROM (SELECT events FROM tracking_inbox ORDER BY id LIMIT $1) b, jsonb_array_elements(b.events) e`;

const MOVE_SQL = `
  WITH picked AS MATERIALIZED (
    -- Picked once. Inside the DELETE as a subquery, a plan that rescans it would skip the rows
    -- this statement has already deleted and take the next ones, past the batch size.
    SELECT id FROM tracking_inbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
  ), batch AS (
    DELETE FROM tracking_inbox WHERE id IN (SELECT id FROM picked)
    RETURNING id, workspace_id, write_key_id, source, received_at, events
  ), items AS (
    SELECT b.id, e.n, b.workspace_id, b.write_key_id, b.source AS request_source, b.received_at, e.value AS ev
    FROM batch b CROSS JOIN LATERAL jsonb_array_elements(b.events) WITH ORDINALITY AS e(value, n)
  ), firsts AS (
    -- The same message id twice in one batch (a retry that overtook its original): the first wins.
    SELECT DISTINCT ON (workspace_id, ev->>'message_id') *
    FROM items ORDER BY workspace_id, ev->>'message_id', id, n
  ), fresh AS (
    INSERT INTO tracked_event_ids (workspace_id, message_id, occurred_at)
    SELECT workspace_id, ev->>'message_id', (ev->>'occurred_at')::timestamp(3) FROM firsts
    ON CONFLICT (workspace_id, message_id) DO NOTHING
    RETURNING workspace_id, message_id
  ), stored AS (
    INSERT INTO tracked_events (
      workspace_id, message_id, event, occurred_at, received_at, anonymous_id, user_id, page_url, referrer,
      properties, context, ip_hash, ip_prefix, write_key_id, source)
    SELECT f.workspace_id, f.ev->>'message_id', f.ev->>'event', (f.ev->>'occurred_at')::timestamp(3), f.received_at,
           f.ev->>'anonymous_id', f.ev->>'user_id', f.ev->>'page_url', f.ev->>'referrer',
           COALESCE(f.ev->'properties', '{}'::jsonb), COALESCE(f.ev->'context', '{}'::jsonb) - 'source',
           f.ev->>'ip_hash', f.ev->>'ip_prefix', f.write_key_id, COALESCE(f.ev->>'source', f.request_source)
    FROM firsts f JOIN fresh ON fresh.workspace_id = f.workspace_id AND fresh.message_id = f.ev->>'message_id'
    RETURNING workspace_id, occurred_at, anonymous_id, write_key_id
  ), keys AS (
    -- The live view's "last event seen", moved at most once a minute per key.
    UPDATE write_keys k SET last_event_at = now() AT TIME ZONE 'UTC'
    FROM (SELECT DISTINCT workspace_id, write_key_id FROM stored WHERE write_key_id IS NOT NULL) s
    WHERE k.workspace_id = s.workspace_id AND k.id = s.write_key_id
      AND (k.last_event_at IS NULL OR k.last_event_at < now() AT TIME ZONE 'UTC' - interval '1 minute')
    RETURNING k.id
  )
  SELECT (SELECT count(*) FROM batch)::int AS rows,
         (SELECT count(*) FROM keys)::int AS keys_touched,
         COALESCE((
           SELECT json_agg(g) FROM (
             SELECT workspace_id, count(*)::int AS count, min(occurred_at) AS earliest, max(occurred_at) AS latest,
                    array_agg(DISTINCT anonymous_id) AS anonymous_ids
             FROM stored GROUP BY workspace_id) g
         ), '[]'::json) AS drained`;

// Timestamps inside JSON come as UTC wall time without a zone ("2026-03-04T05:06:07.089").
type DrainedJson = { workspace_id: string; count: number; earliest: string; latest: string; anonymous_ids: string[] };
type MovedRow = { rows: number; keys_touched: number; drained: DrainedJson[] };

export type DrainOutcome = { batches: number; stored: number };

/**
 * Moves the oldest `rowsPerBatch` inbox rows not locked by another drain, in one statement:
 * how many inbox rows it took and what it stored.
 */
export async function moveInboxBatch(on: Pool | PoolClient | Client, rowsPerBatch: number): Promise<{ rows: number; drained: DrainedWorkspace[] }> {
  const { rows } = await on.query<MovedRow>(MOVE_SQL, [rowsPerBatch]);
  const moved = rows[0]!;
  const drained = moved.drained.map((d) => ({
    workspaceId: d.workspace_id,
    count: d.count,
    earliest: new Date(`${d.earliest}Z`),
    latest: new Date(`${d.latest}Z`),
    anonymousIds: d.anonymous_ids,
  }));
  return { rows: moved.rows, drained };
}

/** One batch, moved and committed or not at all. */
async function drainBatch(rowsPerBatch: number): Promise<{ rows: number; drained: DrainedWorkspace[] }> {
  const pool = getPool();
  const { rows: months } = await pool.query<{ month: string }>(MONTHS_SQL, [rowsPerBatch]);
  await ensureMonthPartitions(months.map((m) => m.month));
  // A single statement is its own transaction.
  return moveInboxBatch(pool, rowsPerBatch);
}

/**
 * Drains the inbox until it is empty (or `maxBatches` have run), calling the after-drain hook
 * after each committed batch. Rows another drain is moving are skipped; with `waitForOthers` the
 * call also waits for those to commit, so what was appended before it is stored when it returns
 * (the demo seed, which reads its events right after).
 */
export async function drainInbox({ rowsPerBatch = DRAIN_BATCH_ROWS, maxBatches = 1_000, waitForOthers = false } = {}): Promise<DrainOutcome> {
  let batches = 0;
  let stored = 0;
  let waits = 0;
  while (batches < maxBatches) {
    const { rows, drained } = await drainBatch(rowsPerBatch);
    if (rows === 0) {
      if (!waitForOthers || waits >= maxBatches) break;
      waits += 1;
      // Blocks while another drain holds the oldest rows; after it commits they are gone.
      const { rowCount } = await getPool().query("SELECT id FROM tracking_inbox ORDER BY id LIMIT 1 FOR UPDATE");
      if (!rowCount) break;
      continue;
    }
    batches += 1;
    stored += drained.reduce((sum, d) => sum + d.count, 0);
    await afterEventsDrained(drained);
  }
  return { batches, stored };
}
