import type { PoolClient } from "pg";
import { orderChannelSql } from "@/lib/metrics/definitions/channels";

// Judges stored orders against the exception rules in one set-based statement, run in the same
// transaction as whatever wrote them (a sync batch, a webhook, an import, a refund), so the list
// and the exception_orders metric read exception_orders and never re-derive it.
//
// The rules (reasons.ts names them; test orders are never exceptions):
// - cancelled: cancelled_at is set.
// - payment_failed: the financial status is failed, expired or voided (nothing was captured).
// - payment_pending: the status is pending or authorized 24 hours after the order was created.
//   This one depends on the clock: an order younger than that gets a row in
//   exception_order_checks due at created + 24 h, and the sweep (sweep.ts) judges it again then.
//   An order paid later is judged again when it is written, and leaves the list.
// - high_risk: the store's risk level is high.
// - refunded_within_24h: refunds dated within 24 hours of creation sum to at least a non-zero total.
// - zero_total: the total is 0 and at least one line has a quantity.
// - total_mismatch: |total - (Σ unit price × quantity - discounts + shipping + tax)| is more than
//   1 currency unit and more than 1 % of the total (tax left out when prices include it). The
//   tolerance absorbs rounding on every line; tips and duties a store adds beyond its lines are
//   exactly what it should show.

type Queryable = Pick<PoolClient, "query">;

/**
 * The rules over the orders `inScope` admits (an SQL condition on a column holding order ids).
 * $1 workspace, $2 connection, $3 now (UTC wall time).
 */
const judgeSql = (inScope: (column: string) => string) => `
WITH judged AS MATERIALIZED (
  SELECT o.external_id AS order_id, o.name, COALESCE(o.processed_at, o.created_at) AS ordered_at,
         ${orderChannelSql("o")} AS channel, o.currency, o.total_price, lower(o.financial_status) AS financial_status,
         o.created_at + interval '24 hours' AS due_at,
         NOT o.test AND lower(o.financial_status) IN ('pending', 'authorized') AND o.created_at > $3::timestamp - interval '24 hours' AS awaiting,
         CASE WHEN o.test THEN '{}'::text[] ELSE array_remove(ARRAY[
           CASE WHEN o.cancelled_at IS NOT NULL THEN 'cancelled' END,
           CASE WHEN lower(o.financial_status) IN ('failed', 'expired', 'voided') THEN 'payment_failed' END,
           CASE WHEN lower(o.financial_status) IN ('pending', 'authorized') AND o.created_at <= $3::timestamp - interval '24 hours' THEN 'payment_pending' END,
           CASE WHEN lower(o.risk_level) = 'high' THEN 'high_risk' END,
           CASE WHEN o.total_price > 0 AND early.refunded >= o.total_price THEN 'refunded_within_24h' END,
           CASE WHEN o.total_price = 0 AND lines.items > 0 THEN 'zero_total' END,
           CASE WHEN lines.items > 0 AND abs(o.total_price - (lines.gross - o.total_discounts + o.total_shipping
                  + CASE WHEN o.taxes_included THEN 0 ELSE o.total_tax END)) > greatest(1, abs(o.total_price) * 0.01)
                THEN 'total_mismatch' END
         ], NULL) END AS reasons
  FROM orders o
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE l.quantity > 0) AS items, COALESCE(sum(l.unit_price * l.quantity), 0) AS gross
    FROM order_line_items l
    WHERE l.workspace_id = $1 AND l.connection_id = $2 AND l.order_id = o.external_id
  ) lines
  CROSS JOIN LATERAL (
    SELECT COALESCE(sum(r.total_refunded), 0) AS refunded
    FROM refunds r
    WHERE r.workspace_id = $1 AND r.connection_id = $2 AND r.order_id = o.external_id
      AND COALESCE(r.processed_at, r.created_at) <= o.created_at + interval '24 hours'
  ) early
  WHERE o.workspace_id = $1 AND o.connection_id = $2 AND ${inScope("o.external_id")}
),
-- Orders that are fine now (or gone) leave the list; the others are written as judged.
cleared AS (
  DELETE FROM exception_orders x
  WHERE x.workspace_id = $1 AND x.connection_id = $2 AND ${inScope("x.order_id")}
    AND NOT EXISTS (SELECT 1 FROM judged j WHERE j.order_id = x.order_id AND cardinality(j.reasons) > 0)
),
kept AS (
  INSERT INTO exception_orders (workspace_id, connection_id, order_id, order_name, ordered_at, channel, currency, total_price, financial_status, reasons)
  SELECT $1, $2, order_id, name, ordered_at, channel, currency, total_price, financial_status, reasons
  FROM judged WHERE cardinality(reasons) > 0
  ON CONFLICT (workspace_id, connection_id, order_id) DO UPDATE SET
    order_name = EXCLUDED.order_name, ordered_at = EXCLUDED.ordered_at, channel = EXCLUDED.channel, currency = EXCLUDED.currency,
    total_price = EXCLUDED.total_price, financial_status = EXCLUDED.financial_status, reasons = EXCLUDED.reasons,
    -- First found stays first found while the reasons are the same.
    detected_at = CASE WHEN exception_orders.reasons = EXCLUDED.reasons THEN exception_orders.detected_at ELSE now() END
  RETURNING order_id
),
unwatched AS (
  DELETE FROM exception_order_checks c
  WHERE c.workspace_id = $1 AND c.connection_id = $2 AND ${inScope("c.order_id")}
    AND NOT EXISTS (SELECT 1 FROM judged j WHERE j.order_id = c.order_id AND j.awaiting)
),
watched AS (
  INSERT INTO exception_order_checks (workspace_id, connection_id, order_id, due_at)
  SELECT $1, $2, order_id, due_at FROM judged WHERE awaiting
  ON CONFLICT (workspace_id, connection_id, order_id) DO UPDATE SET due_at = EXCLUDED.due_at
)
SELECT count(*)::int AS exceptions FROM kept`;

// $4 the order ids.
const JUDGE_SOME_SQL = judgeSql((column) => `${column} = ANY($4::bigint[])`);
const JUDGE_ALL_SQL = judgeSql(() => "true");

// Timestamps are stored as UTC wall time.
const wallTime = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");

/**
 * Judges the given orders of one connection as they are stored now, writing or clearing their
 * exception rows and payment checks. `now` decides the 24-hour payment rule (tests pass a time).
 * Returns how many of them are exceptions.
 */
export async function judgeOrders(
  client: Queryable,
  scope: { workspaceId: string; connectionId: string },
  orderIds: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  if (orderIds.length === 0) return 0;
  const result = await client.query<{ exceptions: number }>(JUDGE_SOME_SQL, [scope.workspaceId, scope.connectionId, wallTime(now), orderIds]);
  return result.rows[0]?.exceptions ?? 0;
}

/**
 * Judges every stored order of one connection at once: what a backfill into a connection that
 * had no orders does after its last page, instead of judging page by page.
 */
export async function judgeAllOrders(client: Queryable, scope: { workspaceId: string; connectionId: string }, now: Date = new Date()): Promise<number> {
  const result = await client.query<{ exceptions: number }>(JUDGE_ALL_SQL, [scope.workspaceId, scope.connectionId, wallTime(now)]);
  return result.rows[0]?.exceptions ?? 0;
}
