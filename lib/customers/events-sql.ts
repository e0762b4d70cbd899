import { fxRateSql } from "@/lib/fx/rule";
import { included, instantOf, localDay, unitCostJoins } from "@/lib/metrics/rollups/facts-sql";

// The ledger of the affected customers, from the facts, following PRODUCT.md "Sales
// definitions": an order counts when it is not a test and has an included line item (fee-only
// orders never count); its net sales are the included lines' gross sales less discounts, its
// gross profit that less their unit cost. A refund's event holds minus the refunded included
// lines at their sold price after discounts (less their unit cost for gross profit), on the
// refund's day or, under the order-date basis, the order's day. Amounts are converted to the
// workspace currency at the event day's rate; without one they are 0 and flagged.
//
// Parameters: $1 workspace, $2 time zone, $3 revenue basis, $4 workspace currency, $5 exclusion
// matchers (jsonb). `included` and `unitCostJoins` read the `matchers` CTE and $1.

const MATCHERS_CTE = `matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
)`;

export const INSERT_EVENTS_SQL = `
WITH ${MATCHERS_CTE},
counted AS MATERIALIZED (
  SELECT o.connection_id, o.external_id AS order_id, a.customer_key, o.currency,
         ${instantOf("o")} AS at, ${localDay(instantOf("o"))} AS day,
         sum(l.unit_price * l.quantity - l.total_discount) AS net_sales,
         sum(l.unit_price * l.quantity - l.total_discount - COALESCE(l.quantity * l_cost.unit_cost, 0)) AS gross_profit
  FROM affected_customers a
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = a.connection_id AND o.customer_id = a.customer_id AND NOT o.test AND o.counts_as_sale
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = o.connection_id AND l.order_id = o.external_id
  ${unitCostJoins("l")}
  WHERE ${included("l")}
  GROUP BY 1, 2, 3, 4, 5, 6
),
refunded AS (
  SELECT c.connection_id, c.order_id, r.external_id AS refund_id, c.customer_key, c.currency,
         ${instantOf("r")} AS at,
         CASE WHEN $3 = 'order_date' THEN c.day ELSE ${localDay(instantOf("r"))} END AS day,
         -sum(rl.subtotal) AS net_sales,
         -sum(rl.subtotal - COALESCE(rl.quantity * l_cost.unit_cost, 0)) AS gross_profit
  FROM counted c
  JOIN refunds r ON r.workspace_id = $1 AND r.connection_id = c.connection_id AND r.order_id = c.order_id
  JOIN refund_line_items rl ON rl.workspace_id = $1 AND rl.connection_id = r.connection_id AND rl.refund_id = r.external_id
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = rl.connection_id AND l.external_id = rl.line_item_id
  ${unitCostJoins("l")}
  WHERE ${included("l")}
  GROUP BY 1, 2, 3, 4, 5, 6, 7
),
events AS (
  SELECT connection_id, order_id, 0::bigint AS refund_id, customer_key, currency, at, day, true AS is_order, net_sales, gross_profit FROM counted
  UNION ALL
  SELECT connection_id, order_id, refund_id, customer_key, currency, at, day, false, net_sales, gross_profit FROM refunded
),
rated AS (
  SELECT ev.*, ${fxRateSql("ev.currency", "$4", "ev.day")} AS rate FROM events ev
)
INSERT INTO customer_events (workspace_id, connection_id, order_id, refund_id, customer_key, day, at, is_order, net_sales, gross_profit, unconverted)
SELECT $1, connection_id, order_id, refund_id, customer_key, day, at, is_order,
       round(COALESCE(net_sales * rate, 0), 4), round(COALESCE(gross_profit * rate, 0), 4), rate IS NULL
FROM rated`;
