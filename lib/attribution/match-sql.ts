import { customerKeySql } from "@/lib/customers/identity";
import { fxRateSql } from "@/lib/fx/rule";
import { included, instantOf, localDay } from "@/lib/metrics/rollups/facts-sql";

// The statements that match a set of orders to visitors, over temporary tables that live for the
// recompute's transaction. The facts and seeds of every order of the transaction are found by one
// statement each (a statement per batch scanned the orders, identity links and visitors again
// each time); the targets are numbered in batches, and the journeys are read one batch at a time.
// Parameters of the facts: $1 workspace, $2 time zone, $3 workspace currency, $4 the currency's
// minor units per unit (10^decimals), $5 exclusion matchers (jsonb). `included` reads the
// `matchers` CTE and $1; `localDay` reads $2.

export const CREATE_TARGETS_SQL = `
DROP TABLE IF EXISTS attribution_targets, attribution_firsts, attribution_facts, attribution_seeds;
CREATE TEMP TABLE attribution_targets (
  connection_id text NOT NULL, order_id bigint NOT NULL, batch int NOT NULL, PRIMARY KEY (connection_id, order_id)) ON COMMIT DROP;
CREATE TEMP TABLE attribution_firsts (connection_id text NOT NULL, customer_id bigint NOT NULL, at timestamp(3) NOT NULL, PRIMARY KEY (connection_id, customer_id)) ON COMMIT DROP;
CREATE TEMP TABLE attribution_facts (
  connection_id text NOT NULL, order_id bigint NOT NULL, batch int NOT NULL, customer_id bigint, email_hash text, customer_key text, at timestamp(3) NOT NULL,
  day date NOT NULL, revenue_minor bigint NOT NULL, new_customer boolean NOT NULL, PRIMARY KEY (connection_id, order_id)) ON COMMIT DROP;
CREATE TEMP TABLE attribution_seeds (connection_id text NOT NULL, order_id bigint NOT NULL, batch int NOT NULL, rank int NOT NULL, anonymous_id text NOT NULL) ON COMMIT DROP;
CREATE INDEX ON attribution_targets (batch);
CREATE INDEX ON attribution_facts (batch);
CREATE INDEX ON attribution_seeds (batch)`;

// The first counted order (any date) of each customer with an order among the targets, for all of
// them at once: a lookup per order was half of the facts' time on a full recompute. A statement
// of its own, so the facts join its analysed table: inside the facts statement the planner could
// not tell its size and chose a join that compared every order with every customer.
// Parameters: $1 workspace, $2 exclusion matchers (jsonb).
export const INSERT_FIRSTS_SQL = `
WITH matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($2::jsonb) AS m(field text, value text)
)
INSERT INTO attribution_firsts (connection_id, customer_id, at)
SELECT h.connection_id, h.customer_id, min(${instantOf("h")})
FROM (
  SELECT DISTINCT o.connection_id, o.customer_id FROM attribution_targets t
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = t.connection_id AND o.external_id = t.order_id
  WHERE o.customer_id IS NOT NULL
) k
JOIN orders h ON h.workspace_id = $1 AND h.connection_id = k.connection_id AND h.customer_id = k.customer_id AND NOT h.test AND h.counts_as_sale
WHERE EXISTS (
  SELECT 1 FROM order_line_items l
  WHERE l.workspace_id = $1 AND l.connection_id = h.connection_id AND l.order_id = h.external_id AND ${included("l")}
)
GROUP BY 1, 2`;

// Counted orders only (not a test, at least one included line), valued like customer_events'
// order event: included lines' gross sales less discounts, at the order day's rate.
export const INSERT_FACTS_SQL = `
WITH matchers AS (
  SELECT lower(m.field) AS field, lower(m.value) AS value FROM jsonb_to_recordset($5::jsonb) AS m(field text, value text)
),
counted AS (
  SELECT o.connection_id, o.external_id AS order_id, t.batch, o.customer_id, o.currency, ${instantOf("o")} AS at, ${localDay(instantOf("o"))} AS day,
         sum(l.unit_price * l.quantity - l.total_discount) AS net_sales
  FROM attribution_targets t
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = t.connection_id AND o.external_id = t.order_id AND NOT o.test AND o.counts_as_sale
  JOIN order_line_items l ON l.workspace_id = $1 AND l.connection_id = o.connection_id AND l.order_id = o.external_id
  WHERE ${included("l")}
  GROUP BY 1, 2, 3, 4, 5, 6, 7
)
INSERT INTO attribution_facts (connection_id, order_id, batch, customer_id, email_hash, customer_key, at, day, revenue_minor, new_customer)
SELECT c.connection_id, c.order_id, c.batch, c.customer_id, cu.email_hash,
       CASE WHEN c.customer_id IS NOT NULL THEN ${customerKeySql("c.connection_id", "c.customer_id", "cu")} END, c.at, c.day,
       round(round(COALESCE(c.net_sales * ${fxRateSql("c.currency", "$3", "c.day")}, 0), 4) * $4::numeric)::bigint,
       c.customer_id IS NOT NULL AND c.at <= LEAST(first.at, COALESCE(cu.first_order_at, first.at))
FROM counted c
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = c.connection_id AND cu.external_id = c.customer_id
LEFT JOIN attribution_firsts first ON first.connection_id = c.connection_id AND first.customer_id = c.customer_id`;

// The visitors each rule finds: 1 the checkout that reported the order, 2 the store customer id
// seen on a visitor, 3 the customer's email hash seen on a visitor, or a visitor of the person the
// customer is (after merges: a CRM contact or imported customer merged by phone with a tracked one). Identity links carry no connection: a store id names the order or customer in any store.
export const INSERT_SEEDS_SQL = `
INSERT INTO attribution_seeds (connection_id, order_id, batch, rank, anonymous_id)
SELECT f.connection_id, f.order_id, f.batch, 1, l.anonymous_id FROM attribution_facts f
JOIN identity_links l ON l.workspace_id = $1 AND l.kind = 'order' AND l.value = f.order_id::text
UNION
SELECT f.connection_id, f.order_id, f.batch, 2, l.anonymous_id FROM attribution_facts f
JOIN identity_links l ON l.workspace_id = $1 AND l.kind = 'customer' AND l.value = f.customer_id::text
UNION
SELECT f.connection_id, f.order_id, f.batch, 3, l.anonymous_id FROM attribution_facts f
JOIN identity_links l ON l.workspace_id = $1 AND l.kind = 'email' AND l.value = f.email_hash
UNION
SELECT f.connection_id, f.order_id, f.batch, 3, v.anonymous_id FROM attribution_facts f
JOIN visitors v ON v.workspace_id = $1 AND v.person_key = f.customer_key`;

export const METHODS = { 1: "order_id", 2: "customer_id", 3: "email" } as const;

/** A journey's touchpoints (`t`, attribution_touchpoints) as the JSON credits.ts reads, in time order. */
export const TOUCHES_JSON_SQL = `json_agg(json_build_object(
           'at', to_char(t.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'day', to_char(t.day, 'YYYY-MM-DD'), 'channel', t.channel,
           'direct', t.direct, 'paid', t.paid, 'platform', t.platform, 'campaign_id', t.campaign_id, 'utm_campaign', t.utm_campaign)
         ORDER BY t.at, t.source_kind, t.source_id) AS touches`;

// Per order: the first rule that found visitors, their person, and every visitor of that person
// (a person's merged visitors are one journey), with their touchpoints in the longest window
// ($2 days), for the orders of batch $3. The touches are gathered by one join and grouped per
// order, not by a subquery per order: that one would scan every order's journey visitors again
// for each order. Parameters: $1 workspace, $2 days, $3 batch.
export const MATCHES_SQL = `
WITH best AS (
  SELECT connection_id, order_id, min(rank) AS rank FROM attribution_seeds WHERE batch = $3 GROUP BY 1, 2
),
seeds AS (
  SELECT s.connection_id, s.order_id, s.rank, s.anonymous_id, v.person_key
  FROM attribution_seeds s
  JOIN best b ON b.connection_id = s.connection_id AND b.order_id = s.order_id AND b.rank = s.rank
  LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = s.anonymous_id
  WHERE s.batch = $3
),
matched AS (
  SELECT connection_id, order_id, min(rank) AS rank, min(anonymous_id) AS anonymous_id, min(person_key) AS person_key
  FROM seeds GROUP BY 1, 2
),
journey_visitors AS (
  SELECT connection_id, order_id, anonymous_id FROM seeds
  UNION
  SELECT s.connection_id, s.order_id, v.anonymous_id FROM (SELECT DISTINCT connection_id, order_id, person_key FROM seeds WHERE person_key IS NOT NULL) s
  JOIN visitors v ON v.workspace_id = $1 AND v.person_key = s.person_key
),
journeys AS (
  SELECT jv.connection_id, jv.order_id,
         ${TOUCHES_JSON_SQL}
  FROM journey_visitors jv
  JOIN attribution_facts f ON f.connection_id = jv.connection_id AND f.order_id = jv.order_id
  JOIN attribution_touchpoints t ON t.workspace_id = $1 AND t.anonymous_id = jv.anonymous_id
    AND t.at <= f.at AND t.at >= f.at - make_interval(days => $2::int)
  GROUP BY 1, 2
)
SELECT f.connection_id, f.order_id::text AS order_id, to_char(f.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, to_char(f.day, 'YYYY-MM-DD') AS day,
       f.revenue_minor::text AS revenue_minor, f.new_customer, m.rank, m.anonymous_id, m.person_key, COALESCE(j.touches, '[]'::json) AS touches
FROM attribution_facts f
LEFT JOIN matched m ON m.connection_id = f.connection_id AND m.order_id = f.order_id
LEFT JOIN journeys j ON j.connection_id = f.connection_id AND j.order_id = f.order_id
WHERE f.batch = $3`;
