import { z } from "zod";
import { getPool, inTransaction } from "@/lib/db/pool";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { channelOf, FACT_CTES, factParams, firstOrderAt, included, localDay, instantOf } from "./facts-sql";
import { getMetricSettings, type TMetricSettings } from "./settings";

// Rebuilds sales_daily from the synced facts with one set-based statement per range, following
// PRODUCT.md "Sales definitions". Rollups are derived: deleting and recomputing a day range is
// always safe, and is what a sync (or a settings change) does for the days it touched.

const ISO_DAY = z.iso.date("Use a YYYY-MM-DD day.");

export const ZDayRangeSchema = z
  .object({ fromDay: ISO_DAY, toDay: ISO_DAY })
  .refine((r) => r.fromDay <= r.toDay, { message: "The range ends before it starts.", path: ["toDay"] });
export type TDayRange = z.infer<typeof ZDayRangeSchema>;

/** "No such workspace" and "not yours" are the same 404 to callers. */
export async function workspaceTimeZone(workspaceId: string): Promise<string> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  return workspace.timeZone;
}

// Parameters as in FACT_CTES, plus $8 the revenue basis.
const REBUILD_SQL = `
WITH ${FACT_CTES},
sales AS (
  SELECT day, channel, currency,
         sum(unit_price * quantity) AS gross_sales,
         sum(total_discount) AS discounts,
         sum(quantity) AS units,
         count(DISTINCT (connection_id, order_id)) AS orders
  FROM range_lines
  GROUP BY 1, 2, 3
),
-- Shipping and taxes charged, on every non-test order of the day (including fee-only ones).
charged AS (
  SELECT day, channel, currency, sum(total_shipping) AS shipping, sum(total_tax) AS taxes
  FROM range_orders
  GROUP BY 1, 2, 3
),
-- Refunds of non-test orders, on the refund's day (transaction basis) or the order's (order basis).
r AS MATERIALIZED (
  SELECT r.connection_id, r.external_id, r.shipping_refunded, ${channelOf("o")} AS channel, o.currency,
         ${localDay(instantOf("r"))} AS day
  FROM refunds r
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = r.connection_id AND o.external_id = r.order_id AND NOT o.test
  WHERE $8 = 'transaction_date' AND r.workspace_id = $1 AND ${localDay(instantOf("r"))} BETWEEN $3::date AND $4::date
  UNION ALL
  SELECT r.connection_id, r.external_id, r.shipping_refunded, o.channel, o.currency, o.day
  FROM range_orders o
  JOIN refunds r ON r.workspace_id = $1 AND r.connection_id = o.connection_id AND r.order_id = o.external_id
  WHERE $8 = 'order_date'
),
refunded_lines AS (
  SELECT r.day, r.channel, r.currency,
         -- Returns: refunded included lines at their sold price after discounts, before tax.
         sum(CASE WHEN l.external_id IS NOT NULL AND ${included("l")} THEN rl.subtotal ELSE 0 END) AS returns,
         -- Taxes refunded: on every refunded line, as taxes charged are the order's whole tax.
         sum(rl.total_tax) AS taxes_refunded
  FROM r
  JOIN refund_line_items rl ON rl.workspace_id = $1 AND rl.connection_id = r.connection_id AND rl.refund_id = r.external_id
  LEFT JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = rl.connection_id AND l.external_id = rl.line_item_id
  GROUP BY 1, 2, 3
),
refunded_shipping AS (
  SELECT day, channel, currency, sum(shipping_refunded) AS shipping_refunded
  FROM r
  GROUP BY 1, 2, 3
),
-- One row per customer per day, on the channel of their first order that day, so customer counts
-- add up across channels. New: that day is their first order's day; else returning.
customer_days AS (
  SELECT DISTINCT ON (c.connection_id, c.customer_id, c.day)
         c.day, c.channel, c.currency,
         ${localDay("LEAST(h.at, cu.first_order_at)")} = c.day AS is_new
  FROM range_counted c
  CROSS JOIN LATERAL (${firstOrderAt("c")}) h
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = c.connection_id AND cu.external_id = c.customer_id
  WHERE c.customer_id IS NOT NULL
  ORDER BY c.connection_id, c.customer_id, c.day, c.at, c.order_id
),
customers_per_day AS (
  SELECT day, channel, currency,
         count(*) FILTER (WHERE is_new) AS new_customers,
         count(*) FILTER (WHERE NOT is_new) AS returning_customers
  FROM customer_days
  GROUP BY 1, 2, 3
),
keys AS (
  SELECT day, channel, currency FROM sales
  UNION SELECT day, channel, currency FROM charged
  UNION SELECT day, channel, currency FROM refunded_lines
  UNION SELECT day, channel, currency FROM refunded_shipping
  UNION SELECT day, channel, currency FROM customers_per_day
)
INSERT INTO sales_daily (workspace_id, day, channel, product_group, currency, gross_sales, discounts, returns, shipping, taxes,
                         orders, units, new_customers, returning_customers)
SELECT $1, k.day, k.channel, 'all', k.currency,
       COALESCE(s.gross_sales, 0), COALESCE(s.discounts, 0), COALESCE(rl.returns, 0),
       COALESCE(ch.shipping, 0) - COALESCE(rs.shipping_refunded, 0),
       COALESCE(ch.taxes, 0) - COALESCE(rl.taxes_refunded, 0),
       COALESCE(s.orders, 0), COALESCE(s.units, 0), COALESCE(cd.new_customers, 0), COALESCE(cd.returning_customers, 0)
FROM keys k
LEFT JOIN sales s USING (day, channel, currency)
LEFT JOIN charged ch USING (day, channel, currency)
LEFT JOIN refunded_lines rl USING (day, channel, currency)
LEFT JOIN refunded_shipping rs USING (day, channel, currency)
LEFT JOIN customers_per_day cd USING (day, channel, currency)
`;

const FACT_TABLES = ["orders", "order_line_items", "refunds", "refund_line_items", "customers"] as const;

/**
 * Right after a backfill the planner still believes the fact tables are nearly empty (autovacuum
 * analyzes them a little later) and picks nested loops that make a rebuild quadratic. Refresh the
 * statistics of any fact table that changed a lot since it was last analyzed: ANALYZE samples a
 * bounded number of rows, so this costs well under a second even on large tables.
 */
async function refreshStaleStatistics(): Promise<void> {
  const stale = await getPool().query<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
     WHERE schemaname = current_schema() AND relname = ANY($1::text[])
       AND n_mod_since_analyze > greatest(1000, 0.2 * n_live_tup)`,
    [FACT_TABLES],
  );
  for (const { relname } of stale.rows) {
    // Names come from FACT_TABLES, never from input.
    if ((FACT_TABLES as readonly string[]).includes(relname)) await getPool().query(`ANALYZE ${relname}`);
  }
}

/**
 * Recomputes sales_daily for the local days fromDay..toDay (inclusive) of the workspace, in one
 * transaction: the range is deleted and re-inserted, so readers see the old rows or the new ones.
 */
export async function rebuildSalesDaily(
  workspaceId: string,
  range: TDayRange,
  options: { settings?: TMetricSettings } = {},
): Promise<{ rows: number }> {
  const { fromDay, toDay } = parseInput(ZDayRangeSchema, range);
  const [timeZone, settings] = await Promise.all([
    workspaceTimeZone(workspaceId),
    options.settings ? Promise.resolve(options.settings) : getMetricSettings(workspaceId),
  ]);
  await refreshStaleStatistics();
  return inTransaction(async (client) => {
    // Two rebuilds of one workspace at once would both insert the same keys; take turns.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('sales_daily'), hashtext($1))", [workspaceId]);
    await client.query("DELETE FROM sales_daily WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date", [workspaceId, fromDay, toDay]);
    const params = [...factParams(workspaceId, timeZone, fromDay, toDay, settings.excludedLineItems), settings.revenueBasis];
    const inserted = await client.query(REBUILD_SQL, params);
    return { rows: inserted.rowCount ?? 0 };
  });
}
