import { getPool } from "@/lib/db/pool";
import { rewriteDrainedFunnelTimes } from "@/lib/funnels/summary";
import { sessioniseDrained } from "./recompute";

// Events a drain stored but no session took in. The drain's own consumer normally handles them
// within a second; an event still without a session after SETTLE_MS was missed. Only the last
// LOOKBACK_MS of receipts are searched, through the (workspace_id, received_at) index.

const SETTLE_MS = 2 * 60_000;
const LOOKBACK_MS = 24 * 60 * 60_000;
/** Visitors caught up per workspace and sweep; the next sweep takes the rest. */
const VISITORS_PER_SWEEP = 5_000;

/** Recomputes the sessions of visitors left with unsessioned events; returns how many workspaces had some. */
export async function sweepUnsessionedEvents(): Promise<number> {
  const { rows } = await getPool().query<{ workspace_id: string; anonymous_ids: string[] }>(
    `SELECT w.id AS workspace_id, v.anonymous_ids
     FROM workspaces w
     CROSS JOIN LATERAL (
       SELECT array_agg(DISTINCT x.anonymous_id) AS anonymous_ids FROM (
         SELECT e.anonymous_id FROM tracked_events e
         WHERE e.workspace_id = w.id AND e.session_id IS NULL
           AND e.received_at >= (now() AT TIME ZONE 'UTC') - make_interval(secs => $1)
           AND e.received_at < (now() AT TIME ZONE 'UTC') - make_interval(secs => $2)
         LIMIT $3
       ) x
     ) v
     WHERE v.anonymous_ids IS NOT NULL`,
    [LOOKBACK_MS / 1000, SETTLE_MS / 1000, VISITORS_PER_SWEEP],
  );
  const missed = rows.map((r) => ({ workspaceId: r.workspace_id, anonymousIds: r.anonymous_ids }));
  await sessioniseDrained(missed);
  // New session ids and bot flags change what the funnel's times rows say.
  await rewriteDrainedFunnelTimes(missed);
  return rows.length;
}
