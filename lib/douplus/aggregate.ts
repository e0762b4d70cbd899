import type { PoolClient } from "pg";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import { localDate } from "@/lib/time/zone";
import { PERIODS, periodStarts } from "./periods";

// The aggregation layer: per video and per account, for today, 7 days, 30 days and all time,
// from the buckets of known orders, in one transaction so a page never sees half of a run.
// Ratios with a zero denominator are null.
//
// A run is incremental: the stats sync flags the orders whose buckets it wrote
// (douplus_orders.aggregate_pending), and only the videos of flagged orders are recomputed from
// their buckets; an account's rows are then the sums of its video rows. The periods move at the
// workspace's midnight, so the first run of a local day (and the first run at all) rewrites
// everything.

const METRICS = {
  n: "1",
  cost: "b.cost_fen",
  plays: "b.plays",
  likes: "b.likes",
  shares: "b.shares",
  conversions: "b.conversions",
  wc: "coalesce(b.completion_5s * b.plays, 0)",
  wp: "CASE WHEN b.completion_5s IS NULL THEN 0 ELSE b.plays END",
} as const;
type Metric = keyof typeof METRICS;
const NAMES = Object.keys(METRICS) as Metric[];
const NOW_PARAM = `$${PERIODS.length + 2}`;

// One pass over the buckets sums every period per order; periods then become rows.
const perOrderColumns = PERIODS.flatMap((period, p) =>
  NAMES.map((m) => `coalesce(sum(${METRICS[m]}) FILTER (WHERE b.bucket_at >= $${p + 2}), 0) AS ${m}_${p}`),
).join(",\n    ");
const unpivot = PERIODS.map((period, p) => `('${period}', ${NAMES.map((m) => `o.${m}_${p}`).join(", ")})`).join(",\n      ");

// The derived figures from a row's sums (s.cost, s.plays, ...).
const RATIOS = `round(s.plays * 10000.0 / nullif(s.cost, 0), 4),
  round(s.likes::numeric / nullif(s.plays, 0), 6),
  round(s.shares::numeric / nullif(s.plays, 0), 6),
  round(s.cost::numeric / nullif(s.conversions, 0), 2),
  round(s.wc / nullif(s.wp, 0), 6)`;
const COLUMNS = `workspace_id, connection_id, level, item_id, period, title, order_count, cost_fen, plays, likes, shares, conversions,
  plays_per_100_yuan, like_rate, share_rate, avg_convert_cost_fen, avg_completion_5s, completion_weight, completion_plays, computed_at`;

/** Video rows from the buckets; `scope` narrows them to the buckets of some videos (SQL over $1 and later parameters). */
function videoSql(scope: string): string {
  return `
WITH per_order AS (
  SELECT b.connection_id, b.item_id, b.order_id,
    ${perOrderColumns}
  FROM douplus_buckets b
  WHERE b.workspace_id = $1 AND NOT b.unknown_order ${scope}
  GROUP BY b.connection_id, b.item_id, b.order_id
), per_period AS (
  SELECT o.connection_id, o.item_id, v.*
  FROM per_order o CROSS JOIN LATERAL (VALUES
      ${unpivot}
  ) AS v(period, ${NAMES.join(", ")})
  WHERE v.n > 0
), s AS (
  SELECT connection_id, period, item_id, count(*)::int AS order_count, sum(cost)::bigint AS cost, sum(plays)::bigint AS plays,
    sum(likes)::bigint AS likes, sum(shares)::bigint AS shares, sum(conversions)::bigint AS conversions, sum(wc) AS wc, sum(wp)::bigint AS wp
  FROM per_period
  GROUP BY connection_id, period, item_id
)
INSERT INTO douplus_aggregates (${COLUMNS})
SELECT $1, s.connection_id, 'video', s.item_id, s.period,
  coalesce((SELECT o.title FROM douplus_orders o WHERE o.workspace_id = $1 AND o.item_id = s.item_id AND o.connection_id = s.connection_id
    ORDER BY o.order_created_at DESC LIMIT 1), ''),
  s.order_count, s.cost, s.plays, s.likes, s.shares, s.conversions, ${RATIOS}, s.wc, s.wp, ${NOW_PARAM}
FROM s`;
}

// An account's rows are its video rows summed ($2: the connections to rewrite).
const ACCOUNT_SQL = `
WITH s AS (
  SELECT connection_id, period, sum(order_count)::int AS order_count, sum(cost_fen)::bigint AS cost, sum(plays)::bigint AS plays,
    sum(likes)::bigint AS likes, sum(shares)::bigint AS shares, sum(conversions)::bigint AS conversions,
    sum(completion_weight) AS wc, sum(completion_plays)::bigint AS wp
  FROM douplus_aggregates
  WHERE workspace_id = $1 AND level = 'video' AND connection_id = ANY($2::text[])
  GROUP BY connection_id, period
)
INSERT INTO douplus_aggregates (${COLUMNS})
SELECT $1, s.connection_id, 'account', '', s.period, '', s.order_count, s.cost, s.plays, s.likes, s.shares, s.conversions, ${RATIOS}, s.wc, s.wp, $3
FROM s`;

// The videos of flagged orders: their orders' buckets (through the order's key, which the bucket
// table is indexed by) that carry one of those videos.
const PENDING_SCOPE = `AND (b.connection_id, b.order_id) IN (
    SELECT o.connection_id, o.order_id FROM douplus_orders o
    JOIN unnest($${PERIODS.length + 3}::text[], $${PERIODS.length + 4}::text[]) AS d(connection_id, item_id)
      ON o.connection_id = d.connection_id AND o.item_id = d.item_id
    WHERE o.workspace_id = $1)
  AND (b.connection_id, b.item_id) IN (SELECT * FROM unnest($${PERIODS.length + 3}::text[], $${PERIODS.length + 4}::text[]))`;

export type AggregationResult = { mode: "full" | "incremental"; videos: number; rows: number };

/** Whether the last run of every Douyin account fell on the same local day as `now` (the periods have not moved). */
async function periodsUnmoved(tx: PoolClient, workspaceId: string, now: Date, timeZone: string): Promise<boolean> {
  const { rows } = await tx.query<{ aggregated_at: Date | null }>(
    `SELECT s.aggregated_at FROM connections c
     LEFT JOIN douplus_sync_state s ON s.workspace_id = c.workspace_id AND s.connection_id = c.id
     WHERE c.workspace_id = $1 AND c.provider = 'douyin'`,
    [workspaceId],
  );
  const today = localDate(now, timeZone);
  return rows.length > 0 && rows.every((r) => r.aggregated_at !== null && r.aggregated_at <= now && localDate(r.aggregated_at, timeZone) === today);
}

/** Brings the workspace's DOU+ aggregates up to date as of `now`; `full` rewrites every row. */
export async function aggregateDouplus(workspaceId: string, now = new Date(), options: { full?: boolean } = {}): Promise<AggregationResult> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } });
  const starts = PERIODS.map((p) => periodStarts(now, workspace.timeZone)[p]);
  return inTransaction(async (tx) => {
    // One aggregation per workspace at a time; a second waits and then applies what is flagged since.
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`douplus-aggregate:${workspaceId}`]);
    const full = options.full === true || !(await periodsUnmoved(tx, workspaceId, now, workspace.timeZone));
    // Taking the flags in this transaction: a sync committing later flags its orders again for the next run.
    const { rows: pending } = await tx.query<{ connection_id: string; item_id: string }>(
      `WITH taken AS (
         UPDATE douplus_orders SET aggregate_pending = false WHERE workspace_id = $1 AND aggregate_pending RETURNING connection_id, item_id
       ) SELECT DISTINCT connection_id, item_id FROM taken`,
      [workspaceId],
    );
    let rows = 0;
    let connections: string[];
    if (full) {
      await tx.query("DELETE FROM douplus_aggregates WHERE workspace_id = $1", [workspaceId]);
      rows += (await tx.query(videoSql(""), [workspaceId, ...starts, now])).rowCount ?? 0;
      connections = (await tx.query<{ id: string }>("SELECT id FROM connections WHERE workspace_id = $1 AND provider = 'douyin'", [workspaceId])).rows.map((r) => r.id);
    } else {
      if (pending.length === 0) return finish(tx, workspaceId, now, { mode: "incremental", videos: 0, rows: 0 });
      const pendingConnections = pending.map((p) => p.connection_id);
      const pendingItems = pending.map((p) => p.item_id);
      await tx.query(
        `DELETE FROM douplus_aggregates WHERE workspace_id = $1 AND level = 'video'
           AND (connection_id, item_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [workspaceId, pendingConnections, pendingItems],
      );
      rows += (await tx.query(videoSql(PENDING_SCOPE), [workspaceId, ...starts, now, pendingConnections, pendingItems])).rowCount ?? 0;
      connections = [...new Set(pendingConnections)];
    }
    await tx.query("DELETE FROM douplus_aggregates WHERE workspace_id = $1 AND level = 'account' AND connection_id = ANY($2::text[])", [workspaceId, connections]);
    rows += (await tx.query(ACCOUNT_SQL, [workspaceId, connections, now])).rowCount ?? 0;
    const videos = full
      ? Number((await tx.query<{ n: string }>("SELECT count(*) AS n FROM douplus_aggregates WHERE workspace_id = $1 AND level = 'video' AND period = 'all'", [workspaceId])).rows[0]?.n ?? 0)
      : pending.length;
    return finish(tx, workspaceId, now, { mode: full ? "full" : "incremental", videos, rows });
  });
}

async function finish(tx: PoolClient, workspaceId: string, now: Date, result: AggregationResult): Promise<AggregationResult> {
  await tx.query(
    `INSERT INTO douplus_sync_state (workspace_id, connection_id, aggregated_at)
     SELECT workspace_id, id, $2 FROM connections WHERE workspace_id = $1 AND provider = 'douyin'
     ON CONFLICT (workspace_id, connection_id) DO UPDATE SET aggregated_at = EXCLUDED.aggregated_at`,
    [workspaceId, now],
  );
  return result;
}
