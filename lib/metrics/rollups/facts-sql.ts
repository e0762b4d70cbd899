import { addDays } from "@/lib/time/zone";
import { orderChannelSql } from "../definitions/channels";

// SQL shared by every statement over the sales facts (the rollup and the period customer
// counts), so "included line item", "counted order", "an order's day" and "a customer's first
// order" are written once.
//
// Parameters: $1 workspace id, $2 IANA time zone, $3 first local day, $4 last local day
// (inclusive), $5 exclusion matchers (jsonb), $6 and $7 a UTC window that surely holds the range
// (the day before fromDay to the day after toDay), only there so the orders index can be used.
// Timestamps are stored as UTC wall time (timestamp(3)), so an instant's local day is
// ((at AT TIME ZONE 'UTC') AT TIME ZONE zone)::date.

export type FactParams = [workspaceId: string, timeZone: string, fromDay: string, toDay: string, matchers: string, windowFrom: string, windowTo: string];

export function factParams(workspaceId: string, timeZone: string, fromDay: string, toDay: string, matchers: unknown): FactParams {
  // Any zone is within ±14 h of UTC, so a day of margin on each side holds every local day.
  return [workspaceId, timeZone, fromDay, toDay, JSON.stringify(matchers), `${addDays(fromDay, -1)}T00:00:00`, `${addDays(toDay, 2)}T00:00:00`];
}

/** The local day of a UTC wall-time expression. */
export const localDay = (at: string) => `((${at}) AT TIME ZONE 'UTC' AT TIME ZONE $2)::date`;

/** An order's (or refund's) instant: processed time, else created time. */
export const instantOf = (o: string) => `COALESCE(${o}.processed_at, ${o}.created_at)`;

/** An order's channel (lib/metrics/channels.ts). */
export const channelOf = (o: string) => orderChannelSql(o);

/**
 * Joins that give line item `l` its unit cost, read as `${l}_cost.unit_cost`: the workspace's
 * override by SKU, else by title, else what the store reports. Joins, not subqueries, so a
 * rebuild over millions of lines hashes the (small) override table once.
 */
export const unitCostJoins = (l: string) => `
  LEFT JOIN unit_costs ${l}_sku_cost ON ${l}_sku_cost.workspace_id = $1 AND ${l}_sku_cost.field = 'sku' AND ${l}_sku_cost.value = lower(${l}.sku)
  LEFT JOIN unit_costs ${l}_title_cost ON ${l}_title_cost.workspace_id = $1 AND ${l}_title_cost.field = 'title' AND ${l}_title_cost.value = lower(${l}.title)
  CROSS JOIN LATERAL (SELECT COALESCE(${l}_sku_cost.unit_cost, ${l}_title_cost.unit_cost, ${l}.unit_cost) AS unit_cost) ${l}_cost`;

/** True for a line item no exclusion rule matches. */
export const included = (l: string) =>
  `NOT EXISTS (SELECT 1 FROM matchers m WHERE (m.field = 'title' AND lower(${l}.title) = m.value) OR (m.field = 'sku' AND lower(${l}.sku) = m.value))`;

/** SQL: line item `l` belongs to the product group whose rule is `g` (field, value lower-cased). */
export const inGroup = (l: string, g: string) => `(
  (${g}.field = 'title' AND lower(${l}.title) = ${g}.value)
  OR (${g}.field = 'sku' AND lower(${l}.sku) = ${g}.value)
  OR (${g}.field = 'product' AND ${l}.product_id::text = ${g}.value)
  OR (${g}.field = 'tag' AND EXISTS (
    SELECT 1 FROM products p
    WHERE p.workspace_id = $1 AND p.connection_id = ${l}.connection_id AND p.external_id = ${l}.product_id
      AND ${g}.value = ANY (SELECT lower(t) FROM unnest(p.tags) t))))`;

/** The instant of the first counted order (any date) of the customer in `k` (connection_id, customer_id). */
export const firstOrderAt = (k: string) => `
    SELECT min(${instantOf("h")}) AS at FROM orders h
    WHERE h.workspace_id = $1 AND h.connection_id = ${k}.connection_id AND h.customer_id = ${k}.customer_id AND NOT h.test AND h.counts_as_sale
      AND EXISTS (
        SELECT 1 FROM order_line_items l
        WHERE l.workspace_id = $1 AND l.connection_id = h.connection_id AND l.order_id = h.external_id AND ${included("l")}
      )`;

/**
 * The order attributes breakdowns read, as text ('' when unknown): the store's sales channel, the
 * shipping (else billing) country and region (ISO 3166-2, e.g. US-CA), and the first discount code
 * entered.
 */
export const orderAttributes = (o: string) =>
  `COALESCE(${o}.source_name, '') AS sales_channel, COALESCE(${o}.country_code::text, '') AS country, 
   CASE WHEN ${o}.region_code IS NULL THEN '' WHEN ${o}.country_code IS NULL THEN ${o}.region_code ELSE ${o}.country_code || '-' || ${o}.region_code END AS region,
   COALESCE(${o}.discount_codes[1], '') AS discount_code`;

export const FACT_CTES = `
matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
),
-- Sales dated in the range (test orders, and orders the store says are no sale, never count).
range_orders AS MATERIALIZED (
  SELECT o.connection_id, o.external_id, o.customer_id, o.currency, o.total_shipping, o.total_tax,
         ${instantOf("o")} AS at, ${localDay(instantOf("o"))} AS day, ${channelOf("o")} AS channel, ${orderAttributes("o")}
  FROM orders o
  WHERE o.workspace_id = $1 AND NOT o.test AND o.counts_as_sale
    AND ((o.processed_at >= $6::timestamp AND o.processed_at < $7::timestamp)
         OR (o.processed_at IS NULL AND o.created_at >= $6::timestamp AND o.created_at < $7::timestamp))
    AND ${localDay(instantOf("o"))} BETWEEN $3::date AND $4::date
),
-- Their included line items, carrying their order's attributes (so nothing joins two CTEs).
range_lines AS MATERIALIZED (
  SELECT o.connection_id, o.external_id AS order_id, o.customer_id, o.at, o.day, o.channel, o.currency,
         o.sales_channel, o.country, o.region, o.discount_code,
         l.external_id AS line_id, l.title, l.sku, l.product_id, l.variant_id, l.variant_title, l.vendor,
         l.quantity, l.unit_price, l.total_discount, l_cost.unit_cost
  FROM range_orders o
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = o.connection_id AND l.order_id = o.external_id
  ${unitCostJoins("l")}
  WHERE ${included("l")}
),
-- Orders that count: at least one included line item (fee-only orders do not).
range_counted AS MATERIALIZED (
  SELECT DISTINCT connection_id, order_id, customer_id, at, day, channel, currency FROM range_lines
),
-- Each customer with a counted order in the range, and the local day of their first counted order
-- ever (or of the store's own record of it, when earlier: history older than the backfill).
customer_first AS MATERIALIZED (
  SELECT k.connection_id, k.customer_id, ${localDay("LEAST(h.at, cu.first_order_at)")} AS first_day
  FROM (SELECT DISTINCT connection_id, customer_id FROM range_counted WHERE customer_id IS NOT NULL) k
  CROSS JOIN LATERAL (${firstOrderAt("k")}) h
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = k.connection_id AND cu.external_id = k.customer_id
)
`;
