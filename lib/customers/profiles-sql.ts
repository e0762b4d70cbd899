import { channelOf, included, inGroup } from "@/lib/metrics/rollups/facts-sql";

// Every CTE is materialised: the planner cannot see how many people a refresh has, and an
// inlined aggregate re-run per person is quadratic.
//
// One row per affected person with events: first counted order facts (the segments cohorts are
// cut by), totals, and the LTV windows. Parameters: $1 workspace, $2 product group rules (jsonb), $3 exclusion matchers (jsonb).

export const INSERT_PROFILES_SQL = `
WITH matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($3::jsonb) AS m(field text, value text)
),
group_rules AS (
  SELECT r.key, lower(r.field) AS field, lower(r.value) AS value FROM jsonb_to_recordset($2::jsonb) AS r(key text, field text, value text)
),
evs AS MATERIALIZED (
  SELECT e.* FROM affected_keys k JOIN customer_events e ON e.workspace_id = $1 AND e.customer_key = k.customer_key
),
firsts AS MATERIALIZED (
  SELECT DISTINCT ON (customer_key) customer_key, connection_id, order_id, at, day
  FROM evs WHERE is_order
  ORDER BY customer_key, at, connection_id, order_id
),
totals AS MATERIALIZED (
  SELECT e.customer_key, count(*) FILTER (WHERE e.is_order) AS orders,
         sum(e.net_sales) AS net_sales, sum(e.gross_profit) AS gross_profit,
         COALESCE(sum(e.net_sales) FILTER (WHERE e.day < f.day + 90), 0) AS net_sales_90,
         COALESCE(sum(e.net_sales) FILTER (WHERE e.day < f.day + 180), 0) AS net_sales_180,
         COALESCE(sum(e.net_sales) FILTER (WHERE e.day < f.day + 365), 0) AS net_sales_365,
         max(e.at) FILTER (WHERE e.is_order) AS last_at, max(e.day) FILTER (WHERE e.is_order) AS last_day
  FROM evs e JOIN firsts f USING (customer_key)
  GROUP BY e.customer_key
),
first_lines AS MATERIALIZED (
  SELECT f.customer_key, l.product_id, l.title, l.sku, l.connection_id
  FROM firsts f
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = f.connection_id AND l.order_id = f.order_id
  WHERE ${included("l")}
),
-- Not named "products": inGroup reads the products table by that name.
first_products AS MATERIALIZED (
  SELECT customer_key,
         array_agg(DISTINCT COALESCE(product_id::text, 'title:' || lower(title))) AS ids,
         array_agg(DISTINCT title) AS titles
  FROM first_lines GROUP BY customer_key
),
groups AS MATERIALIZED (
  SELECT l.customer_key, array_agg(DISTINCT g.key) AS keys
  FROM first_lines l JOIN group_rules g ON ${inGroup("l", "g")}
  GROUP BY l.customer_key
),
people AS MATERIALIZED (
  SELECT a.customer_key, array_agg(DISTINCT a.connection_id || ':' || a.customer_id::text) AS store_ids,
         COALESCE(array_agg(DISTINCT t.tag) FILTER (WHERE t.tag IS NOT NULL), '{}') AS tags
  FROM affected_customers a
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = a.connection_id AND cu.external_id = a.customer_id
  LEFT JOIN LATERAL unnest(cu.tags) AS t(tag) ON true
  GROUP BY a.customer_key
)
INSERT INTO customer_profiles (
  workspace_id, customer_key, email_hash, store_ids, first_connection_id, first_order_id, first_order_at, first_day,
  first_channel, first_products, first_product_titles, first_groups, first_discount_codes, country, tags,
  orders, net_sales, gross_profit, net_sales_90, net_sales_180, net_sales_365, last_order_at, last_day)
SELECT $1, f.customer_key, CASE WHEN f.customer_key LIKE 'e:%' THEN substr(f.customer_key, 3) END,
       COALESCE(pe.store_ids, '{}'), f.connection_id, f.order_id, f.at, f.day,
       ${channelOf("o")}, COALESCE(pr.ids, '{}'), COALESCE(pr.titles, '{}'), COALESCE(g.keys, '{}'),
       COALESCE(o.discount_codes, '{}'), o.country_code, COALESCE(pe.tags, '{}'),
       t.orders, t.net_sales, t.gross_profit, t.net_sales_90, t.net_sales_180, t.net_sales_365, t.last_at, t.last_day
FROM firsts f
JOIN totals t USING (customer_key)
JOIN orders o ON o.workspace_id = $1 AND o.connection_id = f.connection_id AND o.external_id = f.order_id
LEFT JOIN first_products pr USING (customer_key)
LEFT JOIN groups g USING (customer_key)
LEFT JOIN people pe USING (customer_key)`;
