import type { PoolClient } from "pg";
import { inTransaction } from "@/lib/db/pool";
import { eraseProgress, queueBrowsers, trimProgress } from "./progress";
import { logger } from "@/lib/log";

const log = logger("funnels");

// funnel_event_times: per visitor, session, event name and bot flag, the sorted distinct times
// of the visitor's events. A funnel reads these few narrow rows instead of every event (a
// session's three page views are one row). A visitor's rows are rewritten whole from its events
// after each drain, once its sessions and bot flags are known, so the rows always say what the
// events say; persons are resolved when a funnel runs, so identity merges need no rewrite.

const GROUPED_EVENTS = `
  SELECT workspace_id, anonymous_id, event, COALESCE(session_id, '') AS session_id, COALESCE(is_bot, false) AS is_bot,
    min(occurred_at) AS first_at, max(occurred_at) AS last_at, array_agg(DISTINCT occurred_at ORDER BY occurred_at) AS times
  FROM tracked_events`;

const COLUMNS = "workspace_id, anonymous_id, event, session_id, is_bot, first_at, last_at, times";

/** Rewrites the given visitors' rows from their events. */
export async function rewriteFunnelTimes(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<void> {
  if (anonymousIds.length === 0) return;
  // Two drains rewriting one visitor at once would both delete, then both insert.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('funnel_event_times'), hashtext($1))", [workspaceId]);
  const ids = [...new Set(anonymousIds)].sort();
  await client.query("DELETE FROM funnel_event_times WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, ids]);
  // In the same transaction, so the progress is never left believing rows that changed.
  await queueBrowsers(client, workspaceId, ids);
  await client.query(
    `INSERT INTO funnel_event_times (${COLUMNS})
     ${GROUPED_EVENTS} WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])
     GROUP BY 1, 2, 3, 4, 5`,
    [workspaceId, ids],
  );
}

/** Rewrites every row of a workspace from its events: for data written around the drain. */
export async function rebuildFunnelTimes(workspaceId: string): Promise<number> {
  return inTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('funnel_event_times'), hashtext($1))", [workspaceId]);
    await client.query("DELETE FROM funnel_event_times WHERE workspace_id = $1", [workspaceId]);
    const inserted = await client.query(`INSERT INTO funnel_event_times (${COLUMNS}) ${GROUPED_EVENTS} WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5`, [
      workspaceId,
    ]);
    const { rows } = await client.query<{ ids: string[] | null }>(
      `SELECT array_agg(DISTINCT anonymous_id) AS ids FROM funnel_event_times
       WHERE workspace_id = $1 AND EXISTS (SELECT 1 FROM funnel_progress_builds b WHERE b.workspace_id = $1)`,
      [workspaceId],
    );
    await queueBrowsers(client, workspaceId, rows[0]?.ids ?? []);
    return inserted.rowCount ?? 0;
  });
}

/** The after-drain consumer: each workspace's drained visitors; one workspace failing does not hold back the rest. */
export async function rewriteDrainedFunnelTimes(drained: readonly { workspaceId: string; anonymousIds: string[] }[]): Promise<void> {
  for (const { workspaceId, anonymousIds } of drained) {
    try {
      await inTransaction((client) => rewriteFunnelTimes(client, workspaceId, anonymousIds));
    } catch (error) {
      // The visitor's next drain rewrites its rows whole, so nothing is lost for good.
      log.error("event times not rewritten", { workspaceId, err: error });
    }
  }
}

/** Erasure: the visitors' rows, and their units' progress, go with their events. */
export async function eraseFunnelTimes(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<number> {
  if (anonymousIds.length === 0) return 0;
  await eraseProgress(client, workspaceId, anonymousIds);
  const deleted = await client.query("DELETE FROM funnel_event_times WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, [...anonymousIds]]);
  return deleted.rowCount ?? 0;
}

/** Retention: times before the cutoff go as their events do; a row keeps its later times. */
export async function trimFunnelTimes(client: PoolClient, workspaceId: string, cutoff: string): Promise<void> {
  await trimProgress(client, workspaceId, cutoff);
  await client.query("DELETE FROM funnel_event_times WHERE workspace_id = $1 AND last_at < $2", [workspaceId, cutoff]);
  await client.query(
    `UPDATE funnel_event_times f SET times = k.times, first_at = k.times[1]
     FROM (SELECT anonymous_id, event, session_id, is_bot, ARRAY(SELECT t FROM unnest(times) t WHERE t >= $2 ORDER BY t) AS times
           FROM funnel_event_times WHERE workspace_id = $1 AND first_at < $2) k
     WHERE f.workspace_id = $1 AND f.anonymous_id = k.anonymous_id AND f.event = k.event AND f.session_id = k.session_id AND f.is_bot = k.is_bot`,
    [workspaceId, cutoff],
  );
}
