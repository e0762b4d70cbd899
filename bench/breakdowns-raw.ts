// Net sales by product (and by product and country) computed by GROUP BY straight from orders,
// line items, refunds and refund lines: what bench:breakdowns times the report engine against.
// The same definitions as the sales rollup (PRODUCT.md "Sales definitions": test orders never
// count, excluded line items never count, net sales = price x quantity less discounts less
// returns, returns on the refund's local day), written as one statement per question. Amounts
// are in the store's currency: the bench checks that it is the workspace's.
import { included, instantOf, localDay } from "../lib/metrics/rollups/facts-sql";

// $1 workspace, $2 time zone, $3/$4 first and last local day, $5 exclusions (jsonb), $6/$7 a UTC
// window that surely holds the range (so the orders' time index is used, as the rollup's is).
const inRange = (o: string) => `
  ${o}.workspace_id = $1 AND NOT ${o}.test
  AND ((${o}.processed_at >= $6::timestamp AND ${o}.processed_at < $7::timestamp)
       OR (${o}.processed_at IS NULL AND ${o}.created_at >= $6::timestamp AND ${o}.created_at < $7::timestamp))
  AND ${localDay(instantOf(o))} BETWEEN $3::date AND $4::date`;

const PRODUCT = (l: string) => `COALESCE(${l}.product_id::text, 'title:' || ${l}.title)`;
const COUNTRY = (o: string) => `COALESCE(${o}.country_code::text, '')`;

/** Net sales per (product[, country]) over the range; `byCountry` adds the order's country. */
function netSalesSql(byCountry: boolean, tail: string): string {
  const keys = byCountry ? (l: string, o: string) => `${PRODUCT(l)} AS product, ${COUNTRY(o)} AS country` : (l: string) => `${PRODUCT(l)} AS product`;
  const groups = byCountry ? "1, 2" : "1";
  const columns = byCountry ? "product, country" : "product";
  return `
WITH matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
),
sold AS (
  SELECT ${keys("l", "o")}, sum(l.unit_price * l.quantity - l.total_discount) AS net
  FROM orders o
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = o.connection_id AND l.order_id = o.external_id
  WHERE ${inRange("o")} AND ${included("l")}
  GROUP BY ${groups}
),
returned AS (
  SELECT ${keys("l", "o")}, -sum(rl.subtotal) AS net
  FROM refunds r
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = r.connection_id AND o.external_id = r.order_id AND NOT o.test
  JOIN refund_line_items rl ON rl.workspace_id = $1 AND rl.connection_id = r.connection_id AND rl.refund_id = r.external_id
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = rl.connection_id AND l.external_id = rl.line_item_id
  WHERE r.workspace_id = $1 AND ${localDay(instantOf("r"))} BETWEEN $3::date AND $4::date AND ${included("l")}
  GROUP BY ${groups}
)
SELECT ${columns}, sum(net)::text AS net_sales
FROM (SELECT * FROM sold UNION ALL SELECT * FROM returned) x
GROUP BY ${groups}
${tail}`;
}

/** The top `$8` products by net sales, largest first (ties by key, byte order, as the report's). */
export const RAW_TOP_PRODUCTS_SQL = netSalesSql(false, `ORDER BY sum(net) DESC, product COLLATE "C" LIMIT $8`);

/** Net sales per product and country, every pair with a sale or a return. */
export const RAW_PRODUCT_COUNTRY_SQL = netSalesSql(true, "");
