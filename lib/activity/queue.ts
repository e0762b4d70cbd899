import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { VISITOR_PERSON_SQL } from "./recompute-sql";

// Persons waiting for an incremental recompute (activity_pending). Asks are rows, not job
// payloads, so a burst of ingest batches for one workspace is one pass over their union.

/** The most persons one incremental pass takes; the rest wait for the next pass. */
export const PASS_LIMIT = 20_000;

/**
 * Queues the persons of the visitors a drain touched: each one's customer, else "v:<anonymous id>"
 * once it gave a member id; and, for a visitor that resolved to a customer since, its "v:" key
 * where a score is still stored under it (the pass then drops it). Asking for a "v:" key nobody is
 * scored under would only make the pass read the visitor twice. One statement, so the persons
 * never travel to the app and back. Returns how many persons the visitors are.
 */
export async function queueVisitorsPersons(workspaceId: string, anonymousIds: readonly string[]): Promise<number> {
  if (anonymousIds.length === 0) return 0;
  const { rows } = await getPool().query<{ n: number }>(
    `WITH persons AS (
       SELECT ${VISITOR_PERSON_SQL("v")} AS key
       FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = ANY($2::text[]) AND (v.person_key IS NOT NULL OR v.identified_at IS NOT NULL)
       UNION
       SELECT a.person_key FROM visitors v
       JOIN person_activity a ON a.workspace_id = $1 AND a.person_key = 'v:' || v.anonymous_id
       WHERE v.workspace_id = $1 AND v.anonymous_id = ANY($2::text[]) AND v.person_key IS NOT NULL
     ),
     queued AS (
       INSERT INTO activity_pending (workspace_id, person_key) SELECT $1, key FROM persons WHERE key IS NOT NULL ON CONFLICT DO NOTHING
     )
     SELECT count(*)::int AS n FROM persons WHERE key IS NOT NULL`,
    [workspaceId, [...anonymousIds]],
  );
  return rows[0]!.n;
}

/** Takes up to `limit` waiting persons off the queue inside the caller's transaction (a rollback puts them back). */
export async function takePending(client: PoolClient, workspaceId: string, limit = PASS_LIMIT): Promise<string[]> {
  const { rows } = await client.query<{ person_key: string }>(
    `DELETE FROM activity_pending WHERE workspace_id = $1 AND person_key IN (
       SELECT person_key FROM activity_pending WHERE workspace_id = $1 ORDER BY person_key LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING person_key`,
    [workspaceId, limit],
  );
  return rows.map((r) => r.person_key);
}

/** Drops what was queued before a full recompute started: it scores them too. */
export async function clearPendingBefore(workspaceId: string, startedAt: Date): Promise<void> {
  await getPool().query("DELETE FROM activity_pending WHERE workspace_id = $1 AND queued_at <= $2::timestamp", [
    workspaceId,
    startedAt.toISOString().slice(0, 23),
  ]);
}

/** Workspaces with persons waiting, and those whose scores are behind their local day (or never computed while they have customers or identified visitors). */
export async function workspacesDue(now: Date): Promise<{ pending: string[]; stale: string[] }> {
  const pending = await getPool().query<{ workspace_id: string }>("SELECT DISTINCT workspace_id FROM activity_pending");
  const stale = await getPool().query<{ id: string }>(
    `SELECT w.id FROM workspaces w
     WHERE (SELECT max(a.score_day) FROM person_activity a WHERE a.workspace_id = w.id) < (($1::timestamptz AT TIME ZONE w.time_zone)::date)
        OR (NOT EXISTS (SELECT 1 FROM person_activity a WHERE a.workspace_id = w.id)
            AND (EXISTS (SELECT 1 FROM customer_profiles p WHERE p.workspace_id = w.id)
                 OR EXISTS (SELECT 1 FROM visitors v WHERE v.workspace_id = w.id AND v.identified_at IS NOT NULL)))`,
    [now.toISOString()],
  );
  return { pending: pending.rows.map((r) => r.workspace_id), stale: stale.rows.map((r) => r.id) };
}
