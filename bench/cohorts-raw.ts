// The monthly cohort cells of every customer ("all"), computed by GROUP BY straight from orders,
// line items, refunds and customers: what bench:cohorts times the cohort report against. It
// follows the same definitions as lib/customers (PRODUCT.md "Sales definitions": identity by
// email hash, test and fee-only orders never count, returns on the revenue basis, amounts in the
// workspace currency at the day's rate), written independently as one statement, so a test can
// hold the two against each other (tests/bench/cohorts-raw.test.ts).
import { fxRateSql } from "../lib/fx/rule";
import { formatDecimal, parseDecimal } from "../lib/metrics/definitions/decimal";
import { included, instantOf, localDay, unitCostJoins } from "../lib/metrics/rollups/facts-sql";

export type RawCell = {
  cohort: string;
  period_offset: number;
  customers: number;
  active_customers: number;
  orders: number;
  new_repeaters: number;
  net_sales: string;
  gross_profit: string;
  unconverted_events: number;
};

const monthIndex = (day: string) => `(extract(year FROM ${day})::int * 12 + extract(month FROM ${day})::int - 1)`;

/** Parameters: $1 workspace, $2 time zone, $3 revenue basis, $4 workspace currency, $5 exclusions (jsonb), $6/$7 first and last cohort month. */
export const RAW_MONTHLY_CELLS_SQL = `
WITH matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
),
keyed AS MATERIALIZED (
  SELECT o.connection_id, o.external_id, o.currency, o.processed_at, o.created_at,
         COALESCE('e:' || cu.email_hash, 'c:' || o.connection_id || ':' || o.customer_id::text) AS customer_key
  FROM orders o
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = o.connection_id AND cu.external_id = o.customer_id
  WHERE o.workspace_id = $1 AND o.customer_id IS NOT NULL AND NOT o.test
),
counted AS MATERIALIZED (
  SELECT k.connection_id, k.external_id AS order_id, k.customer_key, k.currency,
         ${instantOf("k")} AS at, ${localDay(instantOf("k"))} AS day,
         sum(l.unit_price * l.quantity - l.total_discount) AS net_sales,
         sum(l.unit_price * l.quantity - l.total_discount - COALESCE(l.quantity * l_cost.unit_cost, 0)) AS gross_profit
  FROM keyed k
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = k.connection_id AND l.order_id = k.external_id
  ${unitCostJoins("l")}
  WHERE ${included("l")}
  GROUP BY 1, 2, 3, 4, 5, 6
),
returned AS (
  SELECT c.connection_id, c.order_id, c.customer_key, c.currency, ${instantOf("r")} AS at,
         CASE WHEN $3 = 'order_date' THEN c.day ELSE ${localDay(instantOf("r"))} END AS day,
         -sum(rl.subtotal) AS net_sales,
         -sum(rl.subtotal - COALESCE(rl.quantity * l_cost.unit_cost, 0)) AS gross_profit
  FROM counted c
  JOIN refunds r ON r.workspace_id = $1 AND r.connection_id = c.connection_id AND r.order_id = c.order_id
  JOIN refund_line_items rl ON rl.workspace_id = $1 AND rl.connection_id = r.connection_id AND rl.refund_id = r.external_id
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = rl.connection_id AND l.external_id = rl.line_item_id
  ${unitCostJoins("l")}
  WHERE ${included("l")}
  GROUP BY c.connection_id, c.order_id, r.external_id, c.customer_key, c.currency, c.day, r.processed_at, r.created_at
),
ledger AS (
  SELECT customer_key, connection_id, order_id, at, day, is_order,
         round(COALESCE(net_sales * rate, 0), 4) AS net_sales, round(COALESCE(gross_profit * rate, 0), 4) AS gross_profit, rate IS NULL AS unconverted
  FROM (
    SELECT x.*, ${fxRateSql("x.currency", "$4", "x.day")} AS rate
    FROM (SELECT *, true AS is_order FROM counted UNION ALL SELECT *, false FROM returned) x
  ) rated
),
firsts AS (
  SELECT DISTINCT ON (customer_key) customer_key, day AS first_day
  FROM ledger WHERE is_order ORDER BY customer_key, at, connection_id, order_id
),
members AS (
  SELECT customer_key, first_day, date_trunc('month', first_day::timestamp)::date AS cohort
  FROM firsts WHERE date_trunc('month', first_day::timestamp)::date BETWEEN $6::date AND $7::date
),
per_customer AS (
  SELECT m.cohort, ${monthIndex("g.day")} - ${monthIndex("m.first_day")} AS period_offset,
         bool_or(g.is_order) AS active, count(*) FILTER (WHERE g.is_order) AS orders,
         count(*) FILTER (WHERE g.is_second) AS new_repeaters,
         sum(g.net_sales) AS net_sales, sum(g.gross_profit) AS gross_profit, count(*) FILTER (WHERE g.unconverted) AS unconverted
  FROM members m
  JOIN (
    SELECT l.*, l.is_order AND row_number() OVER (PARTITION BY l.customer_key, l.is_order ORDER BY l.at, l.connection_id, l.order_id) = 2 AS is_second
    FROM ledger l
  ) g USING (customer_key)
  GROUP BY m.customer_key, 1, 2
)
SELECT to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset,
       (count(*) FILTER (WHERE period_offset = 0))::int AS customers, (count(*) FILTER (WHERE active))::int AS active_customers,
       sum(orders)::int AS orders, sum(new_repeaters)::int AS new_repeaters,
       sum(net_sales)::text AS net_sales, sum(gross_profit)::text AS gross_profit, sum(unconverted)::int AS unconverted_events
FROM per_customer
GROUP BY cohort, period_offset
HAVING count(*) FILTER (WHERE period_offset = 0) > 0 OR bool_or(active) OR sum(net_sales) <> 0 OR sum(gross_profit) <> 0 OR sum(unconverted) > 0
ORDER BY cohort, period_offset`;

/** The same cells as cohort_cells holds for grain month, segment all, in the same shape and order. */
export const ROLLUP_MONTHLY_CELLS_SQL = `
SELECT to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders, new_repeaters,
       net_sales::text AS net_sales, gross_profit::text AS gross_profit, unconverted_events
FROM cohort_cells
WHERE workspace_id = $1 AND grain = 'month' AND segment = 'all' AND segment_value = 'all' AND cohort BETWEEN $2::date AND $3::date
ORDER BY cohort, period_offset`;

type Query = <R>(sql: string, params: unknown[]) => Promise<{ rows: R[] }>;
export type RawContext = { workspaceId: string; timeZone: string; revenueBasis: string; currency: string; excluded: unknown };

/** Cells with their amounts as exact decimals, so "12.5000" and "12.50" compare equal. */
export const comparable = (cells: RawCell[]) =>
  cells.map((c) => ({ ...c, net_sales: formatDecimal(parseDecimal(c.net_sales), 4), gross_profit: formatDecimal(parseDecimal(c.gross_profit), 4) }));

export const sameCells = (a: RawCell[], b: RawCell[]) => JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));

export async function rawMonthlyCells(query: Query, ctx: RawContext, fromCohort: string, toCohort: string): Promise<RawCell[]> {
  const { rows } = await query<RawCell>(RAW_MONTHLY_CELLS_SQL, [ctx.workspaceId, ctx.timeZone, ctx.revenueBasis, ctx.currency, JSON.stringify(ctx.excluded), fromCohort, toCohort]);
  return rows;
}

export async function rollupMonthlyCells(query: Query, workspaceId: string, fromCohort: string, toCohort: string): Promise<RawCell[]> {
  const { rows } = await query<RawCell>(ROLLUP_MONTHLY_CELLS_SQL, [workspaceId, fromCohort, toCohort]);
  return rows;
}
