import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import { PERIODS, periodStarts } from "./periods";

// The aggregation layer: per video and per account, for today, 7 days, 30 days and all time,
// from the buckets of known orders, rewritten whole for a workspace in one transaction so a
// page never sees half of a run. Ratios with a zero denominator are null.

const METRICS = {
  n: "1",
  cost: "cost_fen",
  plays: "plays",
  likes: "likes",
  shares: "shares",
  conversions: "conversions",
  wc: "completion_5s * plays",
  wp: "CASE WHEN completion_5s IS NULL THEN 0 ELSE plays END",
} as const;
type Metric = keyof typeof METRICS;
const NAMES = Object.keys(METRICS) as Metric[];

// One pass over the buckets sums every period per order; periods then become rows.
const perOrderColumns = PERIODS.flatMap((period, p) =>
  NAMES.map((m) => `coalesce(sum(${METRICS[m]}) FILTER (WHERE bucket_at >= $${p + 2}), 0) AS ${m}_${p}`),
).join(",\n    ");
const unpivot = PERIODS.map((period, p) => `('${period}', ${NAMES.map((m) => `o.${m}_${p}`).join(", ")})`).join(",\n      ");

const SQL = `
WITH per_order AS (
  SELECT connection_id, item_id, order_id,
    ${perOrderColumns}
  FROM douplus_buckets
  WHERE workspace_id = $1 AND NOT unknown_order
  GROUP BY connection_id, item_id, order_id
), per_period AS (
  SELECT o.connection_id, o.item_id, v.*
  FROM per_order o CROSS JOIN LATERAL (VALUES
      ${unpivot}
  ) AS v(period, ${NAMES.join(", ")})
  WHERE v.n > 0
), sums AS (
  SELECT connection_id, period, GROUPING(item_id) = 1 AS is_account, coalesce(item_id, '') AS item_id,
    count(*)::int AS order_count, sum(cost)::bigint AS cost, sum(plays)::bigint AS plays, sum(likes)::bigint AS likes,
    sum(shares)::bigint AS shares, sum(conversions)::bigint AS conversions, sum(wc) AS wc, sum(wp) AS wp
  FROM per_period
  GROUP BY GROUPING SETS ((connection_id, period, item_id), (connection_id, period))
)
INSERT INTO douplus_aggregates (workspace_id, connection_id, level, item_id, period, title, order_count, cost_fen, plays, likes, shares,
  conversions, plays_per_100_yuan, like_rate, share_rate, avg_convert_cost_fen, avg_completion_5s, computed_at)
SELECT $1, s.connection_id, CASE WHEN s.is_account THEN 'account' ELSE 'video' END, s.item_id, s.period,
  CASE WHEN s.is_account THEN '' ELSE coalesce((
    SELECT o.title FROM douplus_orders o WHERE o.workspace_id = $1 AND o.item_id = s.item_id AND o.connection_id = s.connection_id
    ORDER BY o.order_created_at DESC LIMIT 1), '') END,
  s.order_count, s.cost, s.plays, s.likes, s.shares, s.conversions,
  round(s.plays * 10000.0 / nullif(s.cost, 0), 4),
  round(s.likes::numeric / nullif(s.plays, 0), 6),
  round(s.shares::numeric / nullif(s.plays, 0), 6),
  round(s.cost::numeric / nullif(s.conversions, 0), 2),
  round(s.wc / nullif(s.wp, 0), 6),
  $${PERIODS.length + 2}
FROM sums s`;

export type AggregationResult = { rows: number };

/** Recomputes the workspace's DOU+ aggregates as of `now`. */
export async function aggregateDouplus(workspaceId: string, now = new Date()): Promise<AggregationResult> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } });
  const starts = periodStarts(now, workspace.timeZone);
  return inTransaction(async (tx) => {
    // One aggregation per workspace at a time; a second waits and then rewrites with newer buckets.
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`douplus-aggregate:${workspaceId}`]);
    await tx.query("DELETE FROM douplus_aggregates WHERE workspace_id = $1", [workspaceId]);
    const inserted = await tx.query(SQL, [workspaceId, ...PERIODS.map((p) => starts[p]), now]);
    await tx.query(
      `INSERT INTO douplus_sync_state (workspace_id, connection_id, aggregated_at)
       SELECT workspace_id, id, $2 FROM connections WHERE workspace_id = $1 AND provider = 'douyin'
       ON CONFLICT (workspace_id, connection_id) DO UPDATE SET aggregated_at = EXCLUDED.aggregated_at`,
      [workspaceId, now],
    );
    return { rows: inserted.rowCount ?? 0 };
  });
}
