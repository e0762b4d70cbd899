import { firstOrderAt, localDay } from "./facts-sql";

// The breakdown rollups, written by the sales rollup's statement as data-modifying CTEs so they
// share its materialized facts (range_lines, r, refunded) and cannot disagree with sales_daily:
// - product_sales_daily: included line items per day, product, variant, channel and country;
// - product_country_daily: the same summed over variant and channel, for product (x country)
//   questions that split by neither;
// - order_sales_daily: sales_daily's "all" sums per day and order attributes (the store's sales
//   channel, country, region, new or returning customer, first discount code).
// Same parameters as the sales rollup: $1 workspace, $2 time zone, $3..$4 the local days.

/**
 * Each customer the range's orders and refunds name, with the local day of their first counted
 * order (or the store's own record of it, when earlier).
 */
const ORDER_CUSTOMERS = `
breakdown_customers AS MATERIALIZED (
  SELECT k.connection_id, k.customer_id, ${localDay("LEAST(h.at, cu.first_order_at)")} AS first_day
  FROM (SELECT connection_id, customer_id FROM range_orders WHERE customer_id IS NOT NULL
        UNION SELECT connection_id, customer_id FROM r WHERE customer_id IS NOT NULL) k
  CROSS JOIN LATERAL (${firstOrderAt("k")}) h
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = k.connection_id AND cu.external_id = k.customer_id
)`;

/**
 * SQL: new when the order falls on its customer's first counted order day (as customer_daily
 * counts new customers), returning after it, guest without a customer. `x` carries
 * customer_id and the order's local day as `dayColumn`, and is joined to its customer as `c`
 * (customerJoin).
 */
const customerType = (x: string, dayColumn: string) =>
  `CASE WHEN ${x}.customer_id IS NULL THEN 'guest' WHEN c.first_day < ${x}.${dayColumn} THEN 'returning' ELSE 'new' END`;
const customerJoin = "LEFT JOIN breakdown_customers c USING (connection_id, customer_id)";

const PRODUCT_KEY = (l: string) => `COALESCE(${l}.product_id::text, 'title:' || ${l}.title)`;
const VARIANT_KEY = (l: string) => `COALESCE(${l}.variant_id::text, ${l}.sku, '')`;
const PRODUCT_DIMS = "day, channel, product_key, variant_key, country, currency";
const ORDER_DIMS = "day, channel, sales_channel, country, region, customer_type, discount_code, currency";

/** The sums product_sales_daily and product_country_daily hold. */
export const PRODUCT_SUMS = ["gross_sales", "discounts", "returns", "cogs", "units_without_cost", "units", "units_returned"];

const newest = (column: string) => `(array_agg(${column} ORDER BY at DESC))[1]`;

const PRODUCT_ROLLUP = `
product_sold AS (
  SELECT day, channel, ${PRODUCT_KEY("l")} AS product_key, ${VARIANT_KEY("l")} AS variant_key, country, currency,
         sum(unit_price * quantity) AS gross_sales, sum(total_discount) AS discounts, sum(quantity) AS units,
         sum(quantity * unit_cost) AS cogs, COALESCE(sum(quantity) FILTER (WHERE unit_cost IS NULL), 0) AS units_without_cost,
         ${newest("title")} AS title, ${newest("variant_title")} AS variant_title, ${newest("sku")} AS sku, ${newest("vendor")} AS vendor,
         min(connection_id) AS connection_id, min(product_id) AS product_id, max(at) AS seen_at
  FROM range_lines l
  GROUP BY 1, 2, 3, 4, 5, 6
),
product_returned AS (
  SELECT day, channel, ${PRODUCT_KEY("f")} AS product_key, ${VARIANT_KEY("f")} AS variant_key, country, currency,
         sum(subtotal) AS returns, sum(quantity * unit_cost) AS cogs_returned, sum(quantity) AS units_returned,
         max(title) AS title, max(variant_title) AS variant_title, max(sku) AS sku, max(vendor) AS vendor,
         min(connection_id) AS connection_id, min(product_id) AS product_id
  FROM refunded f
  WHERE is_included
  GROUP BY 1, 2, 3, 4, 5, 6
),
product_keys AS (
  SELECT ${PRODUCT_DIMS} FROM product_sold UNION SELECT ${PRODUCT_DIMS} FROM product_returned
),
product_rows AS (
  INSERT INTO product_sales_daily (workspace_id, ${PRODUCT_DIMS}, title, variant_title, sku, product_type, vendor,
                                   gross_sales, discounts, returns, cogs, units_without_cost, units, units_returned)
  SELECT $1, k.day, k.channel, k.product_key, k.variant_key, k.country, k.currency,
         COALESCE(s.title, rt.title), COALESCE(s.variant_title, rt.variant_title, ''), COALESCE(s.sku, rt.sku, ''),
         COALESCE(p.product_type, ''), COALESCE(NULLIF(p.vendor, ''), s.vendor, rt.vendor, ''),
         COALESCE(s.gross_sales, 0), COALESCE(s.discounts, 0), COALESCE(rt.returns, 0),
         COALESCE(s.cogs, 0) - COALESCE(rt.cogs_returned, 0), COALESCE(s.units_without_cost, 0), COALESCE(s.units, 0), COALESCE(rt.units_returned, 0)
  FROM product_keys k
  LEFT JOIN product_sold s USING (${PRODUCT_DIMS})
  LEFT JOIN product_returned rt USING (${PRODUCT_DIMS})
  LEFT JOIN products p ON p.workspace_id = $1 AND p.connection_id = COALESCE(s.connection_id, rt.connection_id)
    AND p.external_id = COALESCE(s.product_id, rt.product_id)
  RETURNING day, product_key, country, currency, ${PRODUCT_SUMS.join(", ")}
)`;

// Summed from the product rows just written (a few per product and country a day), so it costs a
// fraction of their own statement and always adds up to them.
const PRODUCT_COUNTRY_ROLLUP = `
product_country_rows AS (
  INSERT INTO product_country_daily (workspace_id, day, product_key, country, currency, ${PRODUCT_SUMS.join(", ")})
  SELECT $1, day, product_key, country, currency, ${PRODUCT_SUMS.map((c) => `sum(${c})`).join(", ")}
  FROM product_rows
  GROUP BY day, product_key, country, currency
)`;

// Names come from sales only (a refund's line carries the name it was sold under).
const PRODUCT_TITLES = `
product_title_rows AS (
  INSERT INTO product_titles AS t (workspace_id, product_key, variant_key, title, variant_title, sku, seen_at)
  SELECT DISTINCT ON (product_key, variant_key) $1, product_key, variant_key, title, COALESCE(variant_title, ''), COALESCE(sku, ''), seen_at
  FROM product_sold
  ORDER BY product_key, variant_key, seen_at DESC
  ON CONFLICT (workspace_id, product_key, variant_key) DO UPDATE
    SET title = EXCLUDED.title, variant_title = EXCLUDED.variant_title, sku = EXCLUDED.sku, seen_at = EXCLUDED.seen_at
    WHERE EXCLUDED.seen_at >= t.seen_at
)`;

const ORDER_ROLLUP = `
order_sold AS (
  SELECT day, channel, sales_channel, country, region, ${customerType("l", "day")} AS customer_type, discount_code, currency,
         sum(unit_price * quantity) AS gross_sales, sum(total_discount) AS discounts, sum(quantity) AS units,
         count(DISTINCT (connection_id, order_id)) AS orders,
         sum(quantity * unit_cost) AS cogs, COALESCE(sum(quantity) FILTER (WHERE unit_cost IS NULL), 0) AS units_without_cost
  FROM range_lines l ${customerJoin}
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
order_charged AS (
  SELECT day, channel, sales_channel, country, region, ${customerType("o", "day")} AS customer_type, discount_code, currency,
         sum(total_shipping) AS shipping, sum(total_tax) AS taxes
  FROM range_orders o ${customerJoin}
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
order_refunded AS (
  SELECT day, channel, sales_channel, country, region, ${customerType("f", "order_day")} AS customer_type, discount_code, currency,
         sum(subtotal) FILTER (WHERE is_included) AS returns, sum(quantity * unit_cost) FILTER (WHERE is_included) AS cogs_returned,
         sum(total_tax) AS taxes_refunded
  FROM refunded f ${customerJoin}
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
order_refunded_shipping AS (
  SELECT day, channel, sales_channel, country, region, ${customerType("x", "order_day")} AS customer_type, discount_code, currency,
         sum(shipping_refunded) AS shipping_refunded
  FROM r x ${customerJoin}
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
order_keys AS (
  SELECT ${ORDER_DIMS} FROM order_sold
  UNION SELECT ${ORDER_DIMS} FROM order_charged
  UNION SELECT ${ORDER_DIMS} FROM order_refunded
  UNION SELECT ${ORDER_DIMS} FROM order_refunded_shipping
),
order_rows AS (
  INSERT INTO order_sales_daily (workspace_id, ${ORDER_DIMS}, gross_sales, discounts, returns, shipping, taxes, cogs, units_without_cost, orders, units)
  SELECT $1, ${ORDER_DIMS.split(", ").map((d) => `k.${d}`).join(", ")},
         COALESCE(s.gross_sales, 0), COALESCE(s.discounts, 0), COALESCE(rl.returns, 0),
         COALESCE(ch.shipping, 0) - COALESCE(rs.shipping_refunded, 0),
         COALESCE(ch.taxes, 0) - COALESCE(rl.taxes_refunded, 0),
         COALESCE(s.cogs, 0) - COALESCE(rl.cogs_returned, 0), COALESCE(s.units_without_cost, 0),
         COALESCE(s.orders, 0), COALESCE(s.units, 0)
  FROM order_keys k
  LEFT JOIN order_sold s USING (${ORDER_DIMS})
  LEFT JOIN order_charged ch USING (${ORDER_DIMS})
  LEFT JOIN order_refunded rl USING (${ORDER_DIMS})
  LEFT JOIN order_refunded_shipping rs USING (${ORDER_DIMS})
)`;

/** CTEs to append after the sales rollup's `refunded` CTE: they insert the breakdown rollups. */
export const BREAKDOWN_CTES = [ORDER_CUSTOMERS, PRODUCT_ROLLUP, PRODUCT_COUNTRY_ROLLUP, PRODUCT_TITLES, ORDER_ROLLUP].join(",");

/** The breakdown rollups, deleted with sales_daily before a range is rebuilt. */
export const BREAKDOWN_TABLES = ["product_sales_daily", "product_country_daily", "order_sales_daily"] as const;
