import { getPool } from "@/lib/db/pool";
import { linkDrainedSpan } from "./after-drain";

// Catches up what the after-drain consumer missed (the process stopped between a drain's commit
// and the consumer, or the consumer failed). An event received a while ago whose visitor is
// missing, or whose visitor's seen span does not reach it, was missed: its visitor's events over
// the missed span are linked again. A missed event inside a span a later drain widened is not
// detected; the visitor's next identifying event links it as usual.

const SETTLE_MS = 2 * 60_000;
const LOOKBACK_MS = 24 * 60 * 60_000;
/** Events looked at per workspace and sweep; the next sweep takes the rest. */
const EVENTS_PER_SWEEP = 5_000;

export async function sweepUnlinkedVisitors(): Promise<number> {
  const { rows } = await getPool().query<{ workspace_id: string; anonymous_ids: string[]; earliest: string; latest: string }>(
    `SELECT w.id AS workspace_id, array_agg(DISTINCT m.anonymous_id) AS anonymous_ids,
       to_char(min(m.occurred_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS earliest, to_char(max(m.occurred_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS latest
     FROM workspaces w
     CROSS JOIN LATERAL (
       SELECT e.anonymous_id, e.occurred_at FROM tracked_events e
       LEFT JOIN visitors v ON v.workspace_id = e.workspace_id AND v.anonymous_id = e.anonymous_id
       WHERE e.workspace_id = w.id
         AND e.received_at >= (now() AT TIME ZONE 'UTC') - make_interval(secs => $1)
         AND e.received_at < (now() AT TIME ZONE 'UTC') - make_interval(secs => $2)
         AND (v.anonymous_id IS NULL OR e.occurred_at > v.last_seen_at OR e.occurred_at < v.first_seen_at)
       LIMIT $3
     ) m
     GROUP BY w.id`,
    [LOOKBACK_MS / 1000, SETTLE_MS / 1000, EVENTS_PER_SWEEP],
  );
  for (const row of rows) {
    await linkDrainedSpan({ workspaceId: row.workspace_id, anonymousIds: row.anonymous_ids, earliest: new Date(row.earliest), latest: new Date(row.latest) });
  }
  return rows.length;
}
