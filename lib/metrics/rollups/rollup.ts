import type { PoolClient } from "pg";
import { z } from "zod";
import { getPool, inTransaction } from "@/lib/db/pool";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { addDays } from "@/lib/time/zone";
import { sessionChannelSql } from "../definitions/channels";
import { AD_ROLLUPS } from "./ads-sql";
import { channelOf, FACT_CTES, factParams, inGroup, included, localDay, instantOf, orderAttributes, unitCostJoins, type FactParams } from "./facts-sql";
import { BREAKDOWN_CTES, BREAKDOWN_TABLES } from "./breakdowns-sql";
import { productGroupRules } from "../settings/group-rules";
import { getMetricSettings, type TMetricSettings } from "../settings/store";
import { refreshPeriodRollups } from "./periods";
import { refreshCustomers, type CustomerBuildContext } from "@/lib/customers/build";
import { ROLLUP_FAMILIES, type RollupFamily } from "./rollup-families";

// Rebuilds the daily rollups from the synced facts with set-based statements, following
// PRODUCT.md "Sales definitions". Rollups are derived: deleting and recomputing a day range is
// always safe, and is what a sync (for the days it touched) or a settings change (for all days)
// does. Dashboards and the reports API read only these tables.

const ISO_DAY = z.iso.date("Use a YYYY-MM-DD day.");

export const ZDayRangeSchema = z
  .object({ fromDay: ISO_DAY, toDay: ISO_DAY })
  .refine((r) => r.fromDay <= r.toDay, { message: "The range ends before it starts.", path: ["toDay"] });
export type TDayRange = z.infer<typeof ZDayRangeSchema>;

export { ROLLUP_FAMILIES, type RollupFamily } from "./rollup-families";

/** "No such workspace" and "not yours" are the same 404 to callers. */
export async function workspaceTimeZone(workspaceId: string): Promise<string> {
  return (await workspaceZoneAndCurrency(workspaceId)).timeZone;
}

async function workspaceZoneAndCurrency(workspaceId: string): Promise<{ timeZone: string; currency: string }> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true, currency: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  return workspace;
}

// Parameters as in FACT_CTES, plus $8 the revenue basis and $9 the product group rules (jsonb).
const SALES_SQL = `
WITH ${FACT_CTES},
group_rules AS (
  SELECT r.key, lower(r.field) AS field, lower(r.value) AS value FROM jsonb_to_recordset($9::jsonb) AS r(key text, field text, value text)
),
group_keys AS (SELECT DISTINCT key FROM group_rules),
-- Each included line once per group it belongs to (a line matching two rules of one group counts once).
line_groups AS MATERIALIZED (
  SELECT l.*, k.key AS product_group
  FROM range_lines l
  JOIN group_keys k ON EXISTS (SELECT 1 FROM group_rules g WHERE g.key = k.key AND ${inGroup("l", "g")})
),
sales AS (
  SELECT day, channel, 'all' AS product_group, currency,
         sum(unit_price * quantity) AS gross_sales, sum(total_discount) AS discounts, sum(quantity) AS units,
         count(DISTINCT (connection_id, order_id)) AS orders,
         sum(quantity * unit_cost) AS cogs, COALESCE(sum(quantity) FILTER (WHERE unit_cost IS NULL), 0) AS units_without_cost
  FROM range_lines
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT day, channel, product_group, currency,
         sum(unit_price * quantity), sum(total_discount), sum(quantity),
         count(DISTINCT (connection_id, order_id)),
         sum(quantity * unit_cost), COALESCE(sum(quantity) FILTER (WHERE unit_cost IS NULL), 0)
  FROM line_groups
  GROUP BY 1, 2, 3, 4
),
-- Shipping and taxes charged, on every non-test order of the day (including fee-only ones).
charged AS (
  SELECT day, channel, 'all' AS product_group, currency, sum(total_shipping) AS shipping, sum(total_tax) AS taxes
  FROM range_orders
  GROUP BY 1, 2, 3, 4
),
-- Refunds of non-test orders, on the refund's day (transaction basis) or the order's (order basis).
r AS MATERIALIZED (
  SELECT r.connection_id, r.external_id, r.shipping_refunded, ${channelOf("o")} AS channel, o.currency,
         ${localDay(instantOf("r"))} AS day, o.customer_id, ${localDay(instantOf("o"))} AS order_day, ${orderAttributes("o")}
  FROM refunds r
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = r.connection_id AND o.external_id = r.order_id AND NOT o.test AND o.counts_as_sale
  WHERE $8 = 'transaction_date' AND r.workspace_id = $1 AND ${localDay(instantOf("r"))} BETWEEN $3::date AND $4::date
  UNION ALL
  SELECT r.connection_id, r.external_id, r.shipping_refunded, o.channel, o.currency, o.day,
         o.customer_id, o.day, o.sales_channel, o.country, o.region, o.discount_code
  FROM range_orders o
  JOIN refunds r ON r.workspace_id = $1 AND r.connection_id = o.connection_id AND r.order_id = o.external_id
  WHERE $8 = 'order_date'
),
refunded AS MATERIALIZED (
  SELECT r.day, r.channel, r.currency, rl.subtotal, rl.total_tax, rl.quantity,
         r.customer_id, r.order_day, r.sales_channel, r.country, r.region, r.discount_code,
         r.connection_id, l.title, l.sku, l.product_id, l.variant_id, l.variant_title, l.vendor, l_cost.unit_cost,
         l.external_id IS NOT NULL AND ${included("l")} AS is_included
  FROM r
  JOIN refund_line_items rl ON rl.workspace_id = $1 AND rl.connection_id = r.connection_id AND rl.refund_id = r.external_id
  LEFT JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = rl.connection_id AND l.external_id = rl.line_item_id
  ${unitCostJoins("l")}
),
${BREAKDOWN_CTES},
refunded_lines AS (
  -- Returns: refunded included lines at their sold price after discounts, before tax; their cost
  -- leaves COGS. Taxes refunded: on every refunded line, as taxes charged are the order's whole tax.
  SELECT day, channel, 'all' AS product_group, currency,
         sum(subtotal) FILTER (WHERE is_included) AS returns,
         sum(quantity * unit_cost) FILTER (WHERE is_included) AS cogs_returned,
         sum(total_tax) AS taxes_refunded
  FROM refunded
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT f.day, f.channel, k.key, f.currency, sum(f.subtotal), sum(f.quantity * f.unit_cost), 0
  FROM refunded f
  JOIN group_keys k ON EXISTS (SELECT 1 FROM group_rules g WHERE g.key = k.key AND ${inGroup("f", "g")})
  WHERE f.is_included
  GROUP BY 1, 2, 3, 4
),
refunded_shipping AS (
  SELECT day, channel, 'all' AS product_group, currency, sum(shipping_refunded) AS shipping_refunded
  FROM r
  GROUP BY 1, 2, 3, 4
),
keys AS (
  SELECT day, channel, product_group, currency FROM sales
  UNION SELECT day, channel, product_group, currency FROM charged
  UNION SELECT day, channel, product_group, currency FROM refunded_lines
  UNION SELECT day, channel, product_group, currency FROM refunded_shipping
)
INSERT INTO sales_daily (workspace_id, day, channel, product_group, currency, gross_sales, discounts, returns, shipping, taxes,
                         cogs, units_without_cost, orders, units)
SELECT $1, k.day, k.channel, k.product_group, k.currency,
       COALESCE(s.gross_sales, 0), COALESCE(s.discounts, 0), COALESCE(rl.returns, 0),
       COALESCE(ch.shipping, 0) - COALESCE(rs.shipping_refunded, 0),
       COALESCE(ch.taxes, 0) - COALESCE(rl.taxes_refunded, 0),
       COALESCE(s.cogs, 0) - COALESCE(rl.cogs_returned, 0), COALESCE(s.units_without_cost, 0),
       COALESCE(s.orders, 0), COALESCE(s.units, 0)
FROM keys k
LEFT JOIN sales s USING (day, channel, product_group, currency)
LEFT JOIN charged ch USING (day, channel, product_group, currency)
LEFT JOIN refunded_lines rl USING (day, channel, product_group, currency)
LEFT JOIN refunded_shipping rs USING (day, channel, product_group, currency)
`;

/** SQL: local midnight starting day `d`, as UTC wall time (how timestamps are stored). */
const localMidnight = (d: string) => `((${d})::timestamp AT TIME ZONE $2 AT TIME ZONE 'UTC')`;

/** SQL: order `h` counts (not a test, at least one included line) for the customer in `k`. */
const countedOrderOf = (h: string, k: string) => `
    ${h}.workspace_id = $1 AND ${h}.connection_id = ${k}.connection_id AND ${h}.customer_id = ${k}.customer_id AND NOT ${h}.test AND ${h}.counts_as_sale
    AND EXISTS (
      SELECT 1 FROM order_line_items l
      WHERE l.workspace_id = $1 AND l.connection_id = ${h}.connection_id AND l.order_id = ${h}.external_id AND ${included("l")}
    )`;

// One row per customer per local day with a counted order, on the channel of their first counted
// order that day, keyed by the day of their previous counted order (the day itself when none; the
// store's own first-order date stands in for history older than the synced orders).
const CUSTOMERS_SQL = `
WITH ${FACT_CTES},
firsts AS (
  SELECT DISTINCT ON (connection_id, customer_id, day) connection_id, customer_id, day, channel
  FROM range_counted
  WHERE customer_id IS NOT NULL
  ORDER BY connection_id, customer_id, day, at, order_id
)
INSERT INTO customer_daily (workspace_id, day, channel, previous_day, customers)
SELECT $1, f.day, f.channel,
       COALESCE(p.day, CASE WHEN ${localDay("cu.first_order_at")} < f.day THEN ${localDay("cu.first_order_at")} END, f.day) AS previous_day,
       count(*)
FROM firsts f
CROSS JOIN LATERAL (
  SELECT max(${localDay(instantOf("h"))}) AS day FROM orders h
  WHERE ${countedOrderOf("h", "f")} AND ${instantOf("h")} < ${localMidnight("f.day")}
) p
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = f.connection_id AND cu.external_id = f.customer_id
GROUP BY 1, 2, 3, 4
`;

// The first counted order day after the range of each customer who ordered in it: those days'
// customer rows key on a previous order day that the range may have just changed.
const LATER_CUSTOMER_DAYS_SQL = `
WITH ${FACT_CTES}
SELECT min(n.day)::text AS first_day, max(n.day)::text AS last_day
FROM (SELECT DISTINCT connection_id, customer_id FROM range_counted WHERE customer_id IS NOT NULL) k
CROSS JOIN LATERAL (
  SELECT min(${localDay(instantOf("h"))}) AS day FROM orders h
  WHERE ${countedOrderOf("h", "k")} AND ${instantOf("h")} >= ${localMidnight("$4::date + 1")}
) n
`;

// Whether any order (counted or not) falls after local day $3: without one, no customer has a
// later day to recompute. Parameters: $1 workspace, $2 time zone, $3 the range's last local day.
const ANY_LATER_ORDER_SQL = `
SELECT EXISTS (SELECT 1 FROM orders h WHERE h.workspace_id = $1 AND h.processed_at >= ${localMidnight("$3::date + 1")})
    OR EXISTS (SELECT 1 FROM orders h WHERE h.workspace_id = $1 AND h.processed_at IS NULL AND h.created_at >= ${localMidnight("$3::date + 1")}) AS later
`;

// $4 the sessions source setting: 'ga4', 'tracking', or null for automatic, which takes GA4's
// sessions for every day GA4 reported and tracked sessions for the other days. Judging by the day
// rather than by a live connection keeps a disconnected GA4's history, and a GA4 backfill's days
// switch as it rebuilds them. Tracked sessions count without bots; the bots left out are kept in
// bot_sessions for reports to cite.
const TRAFFIC_SQL = `
WITH ga4 AS (
  SELECT x.day, ${sessionChannelSql("x")} AS channel, x.sessions, x.users
  FROM traffic_daily x
  WHERE x.workspace_id = $1 AND x.day BETWEEN $2::date AND $3::date AND COALESCE($4::text, 'ga4') = 'ga4'
)
INSERT INTO sessions_daily (workspace_id, day, channel, sessions, users, bot_sessions)
SELECT $1, t.day, t.channel, sum(t.sessions), sum(t.users), sum(t.bot_sessions)
FROM (SELECT day, channel, sessions, users, 0 AS bot_sessions FROM ga4
      UNION ALL
      SELECT s.day, s.channel, count(*) FILTER (WHERE NOT s.is_bot), count(DISTINCT s.anonymous_id) FILTER (WHERE NOT s.is_bot),
             count(*) FILTER (WHERE s.is_bot)
      FROM tracked_sessions s
      WHERE s.workspace_id = $1 AND s.day BETWEEN $2::date AND $3::date
        AND ($4::text = 'tracking' OR ($4::text IS NULL AND NOT EXISTS (SELECT 1 FROM ga4 WHERE ga4.day = s.day)))
      GROUP BY s.day, s.channel) t
GROUP BY t.day, t.channel
`;

const FACT_TABLES = [
  "orders", "order_line_items", "refunds", "refund_line_items", "customers", "ad_insights_daily", "traffic_daily",
  "tracked_sessions", "customer_events", "customer_profiles",
] as const;

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
  await analyzeFactTables(stale.rows.map((row) => row.relname));
}

async function analyzeFactTables(names: readonly string[]): Promise<void> {
  for (const name of names) {
    // Names come from FACT_TABLES, never from input.
    if ((FACT_TABLES as readonly string[]).includes(name)) await getPool().query(`ANALYZE ${name}`);
  }
}

/**
 * Analyzes every fact table, whatever the activity counters say. A backfill that just finished
 * calls this before its rollups: the counters refreshStaleStatistics reads are flushed by each
 * connection a while after it writes (up to seconds later), so right then they can still show a
 * new workspace's thousands of rows as nothing, and the planner, believing the workspace has a
 * handful of orders, joins every order to every line item.
 */
export async function analyzeAllFactTables(): Promise<void> {
  await analyzeFactTables(FACT_TABLES);
}

type Context = { workspaceId: string; timeZone: string; currency: string; settings: TMetricSettings; groups: string };

const CUSTOMER_TOTALS_SQL = `
INSERT INTO customer_day_totals (workspace_id, day, channel, new_customers, returning_customers)
SELECT $1, day, channel,
       COALESCE(sum(customers) FILTER (WHERE previous_day = day), 0),
       COALESCE(sum(customers) FILTER (WHERE previous_day < day), 0)
FROM customer_daily
WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date
GROUP BY day, channel
`;

async function rebuildCustomers(client: PoolClient, ctx: Context, fromDay: string, toDay: string): Promise<void> {
  const range = [ctx.workspaceId, fromDay, toDay];
  await client.query("DELETE FROM customer_daily WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date", range);
  await client.query("DELETE FROM customer_day_totals WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date", range);
  await client.query(CUSTOMERS_SQL, factParams(ctx.workspaceId, ctx.timeZone, fromDay, toDay, ctx.settings.excludedLineItems));
  await client.query(CUSTOMER_TOTALS_SQL, range);
}

async function rebuildSales(client: PoolClient, ctx: Context, fromDay: string, toDay: string): Promise<void> {
  const params: FactParams = factParams(ctx.workspaceId, ctx.timeZone, fromDay, toDay, ctx.settings.excludedLineItems);
  for (const table of ["sales_daily", ...BREAKDOWN_TABLES]) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date`, [ctx.workspaceId, fromDay, toDay]);
  }
  await client.query(SALES_SQL, [...params, ctx.settings.revenueBasis, ctx.groups]);
  await rebuildCustomers(client, ctx, fromDay, toDay);
  // Customers who ordered in the range and again later: their later day's previous order may
  // have moved (an older order loaded after newer ones), so recompute those days too. A range
  // that reaches past the workspace's last order (a backfill's, a day's refresh) has none: one
  // index probe says so before a look-up per customer.
  const anyLater = await client.query<{ later: boolean }>(ANY_LATER_ORDER_SQL, [ctx.workspaceId, ctx.timeZone, toDay]);
  if (!anyLater.rows[0]?.later) return;
  const later = await client.query<{ first_day: string | null; last_day: string | null }>(LATER_CUSTOMER_DAYS_SQL, params);
  const { first_day, last_day } = later.rows[0] ?? {};
  if (first_day && last_day) await rebuildCustomers(client, ctx, first_day, last_day);
}

async function rebuildFamily(client: PoolClient, ctx: Context, family: RollupFamily, fromDay: string, toDay: string): Promise<void> {
  if (family === "sales") return rebuildSales(client, ctx, fromDay, toDay);
  const range = [ctx.workspaceId, fromDay, toDay];
  const rollups = family === "ads" ? AD_ROLLUPS : [{ table: "sessions_daily", sql: TRAFFIC_SQL }];
  const params = family === "ads" ? range : [...range, ctx.settings.sessionsSource];
  for (const { table, sql } of rollups) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date`, range);
    await client.query(sql, params);
  }
}

/**
 * `periods: false` leaves the week and month rollups, the customers and cohorts (lib/customers)
 * and the revision alone: for daily rollups recomputed into temporary tables that will be rolled
 * back, never for ones that are kept. `customers: false` leaves the customers to a later
 * refreshCustomersOf, which does many ranges' people at once.
 */
type RebuildOptions = { families?: readonly RollupFamily[]; settings?: TMetricSettings; periods?: boolean; customers?: boolean };

async function loadContext(workspaceId: string, settingsGiven?: TMetricSettings): Promise<Context> {
  const [{ timeZone, currency }, settings, groups] = await Promise.all([
    workspaceZoneAndCurrency(workspaceId),
    settingsGiven ? Promise.resolve(settingsGiven) : getMetricSettings(workspaceId),
    productGroupRules(workspaceId),
  ]);
  return { workspaceId, timeZone, currency, settings, groups: JSON.stringify(groups) };
}

function customerContext(ctx: Context): CustomerBuildContext {
  const { workspaceId, timeZone, currency, settings, groups } = ctx;
  return { workspaceId, timeZone, currency, revenueBasis: settings.revenueBasis, matchers: JSON.stringify(settings.excludedLineItems), groups };
}

/** Recomputes rollups on a caller's client (inside its transaction): what rebuildRollups commits. */
export async function rebuildRollupsWith(client: PoolClient, workspaceId: string, range: TDayRange, options: RebuildOptions = {}): Promise<void> {
  const { fromDay, toDay } = parseInput(ZDayRangeSchema, range);
  const ctx = await loadContext(workspaceId, options.settings);
  const families = options.families ?? ROLLUP_FAMILIES;
  for (const family of families) await rebuildFamily(client, ctx, family, fromDay, toDay);
  if (options.periods === false) return;
  await refreshPeriodRollups(client, workspaceId, families, { fromDay, toDay });
  if (families.includes("sales") && options.customers !== false) {
    await lockCustomers(client, workspaceId);
    await refreshCustomers(client, customerContext(ctx), [{ fromDay, toDay }]);
  }
}

/**
 * The customers and cohorts take turns under a lock of their own, not the rollups' one: they are
 * built from the facts, never from the daily rollups, so a refresh builds them beside the sales
 * rollup on another connection (lib/metrics/rollups/refresh.ts). A rebuild that does both takes
 * the rollups' lock first, then this one.
 */
async function lockCustomers(client: PoolClient, workspaceId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('customers'), hashtext($1))", [workspaceId]);
}

/**
 * Recomputes the customers and cohorts of the people who ordered on the given days, in one
 * transaction that also moves the revision (cached cohort reports are keyed by it).
 */
export async function refreshCustomersOf(workspaceId: string, ranges: readonly TDayRange[]): Promise<void> {
  if (ranges.length === 0) return;
  await refreshStaleStatistics();
  await inTransaction(async (client) => {
    await lockCustomers(client, workspaceId);
    await refreshCustomers(client, customerContext(await loadContext(workspaceId)), ranges);
    await client.query("UPDATE rollup_revisions SET revision = revision + 1 WHERE workspace_id = $1", [workspaceId]);
  });
}

/**
 * Recomputes the rollups of the local days fromDay..toDay (inclusive) of the workspace, in one
 * transaction: readers see the old rows or the new ones, never a half-written day.
 */
export async function rebuildRollups(workspaceId: string, range: TDayRange, options: RebuildOptions = {}): Promise<void> {
  parseInput(ZDayRangeSchema, range);
  await refreshStaleStatistics();
  await inTransaction(async (client) => {
    // Two rebuilds of one workspace at once would both insert the same keys; take turns.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('rollups'), hashtext($1))", [workspaceId]);
    await rebuildRollupsWith(client, workspaceId, range, options);
  });
}

/** The local days from..to, inclusive, split into chunks of at most `size` days. */
export function chunkDays(fromDay: string, toDay: string, size: number): TDayRange[] {
  const chunks: TDayRange[] = [];
  for (let start = fromDay; start <= toDay; start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    chunks.push({ fromDay: start, toDay: end < toDay ? end : toDay });
  }
  return chunks;
}
