// Cohort cells are sums over customers, so the affected customers' contributions are taken out
// (from the rows as they were) and put back (from the rows just rebuilt): the difference is
// applied to cohort_cells, and cells left with nothing in them are removed.

export const COHORT_GRAINS = ["week", "month", "quarter"] as const;
export type CohortGrain = (typeof COHORT_GRAINS)[number];

export const COHORT_SEGMENTS = ["all", "channel", "product_group", "product", "discount", "discount_code", "country", "tag"] as const;
export type CohortSegment = (typeof COHORT_SEGMENTS)[number];

/** SQL: the first day of the week (from Monday), month or quarter holding `day`. */
export const cohortOfSql = (grain: string, day: string) => `date_trunc(${grain}, (${day})::timestamp)::date`;

/** SQL: the index of the week (from Monday), month or quarter holding `day`, for offsets. */
export const periodIndexSql = (grain: string, day: string) => `(CASE ${grain}
  WHEN 'week' THEN (date_trunc('week', (${day})::timestamp)::date - date '2000-01-03') / 7
  WHEN 'month' THEN extract(year FROM ${day})::int * 12 + extract(month FROM ${day})::int - 1
  ELSE extract(year FROM ${day})::int * 4 + (extract(month FROM ${day})::int - 1) / 3 END)`;

export const CREATE_DELTA_SQL = `
DROP TABLE IF EXISTS cohort_delta;
CREATE TEMP TABLE cohort_delta (
  grain text, segment text, segment_value text, cohort date, period_offset int,
  customers int, active_customers int, orders int, new_repeaters int, net_sales numeric, gross_profit numeric, unconverted_events int
) ON COMMIT DROP;
DROP TABLE IF EXISTS kept_predictions;
CREATE TEMP TABLE kept_predictions (
  customer_key text PRIMARY KEY, p_active double precision, expected_orders_365 double precision, predicted_90 numeric,
  predicted_180 numeric, predicted_365 numeric, predicted_ltv_12m numeric, predicted_at timestamp(3)
) ON COMMIT DROP`;

/**
 * Adds the affected people's contributions times $2 (-1 or 1) to cohort_delta. $1 workspace.
 *
 * Each person's sums per grain, cohort and offset are taken once (`per`, keyed by a number rather
 * than the long customer key). The segments a person has exactly one value of (all, channel,
 * discount, country) are summed over everyone sharing those values before being spread into one
 * row per segment; only the list-valued ones (groups, products, codes, tags) join person by person.
 * The same sums as joining every person to every segment, at a fraction of the rows to group.
 */
export const ADD_CONTRIBUTIONS_SQL = `
WITH grains(grain) AS (VALUES ${COHORT_GRAINS.map((g) => `('${g}')`).join(", ")}),
p AS MATERIALIZED (
  SELECT row_number() OVER () AS pid, pr.customer_key, pr.first_day, pr.first_channel, COALESCE(pr.country, 'unknown') AS country,
         CASE WHEN cardinality(pr.first_discount_codes) > 0 THEN 'yes' ELSE 'no' END AS discount,
         pr.first_groups, pr.first_products, pr.first_discount_codes, pr.tags
  FROM affected_keys k JOIN customer_profiles pr ON pr.workspace_id = $1 AND pr.customer_key = k.customer_key
),
listed AS MATERIALIZED (
  SELECT DISTINCT pid, 'product_group' AS segment, unnest(first_groups) AS segment_value FROM p
  UNION ALL SELECT DISTINCT pid, 'product', unnest(first_products) FROM p
  UNION ALL SELECT DISTINCT pid, 'discount_code', unnest(first_discount_codes) FROM p
  UNION ALL SELECT DISTINCT pid, 'tag', unnest(tags) FROM p
),
ranked AS (
  SELECT p.pid, e.day, e.is_order, e.net_sales, e.gross_profit, e.unconverted, p.first_day,
         e.is_order AND row_number() OVER (PARTITION BY e.customer_key, e.is_order ORDER BY e.at, e.connection_id, e.order_id) = 2 AS is_second
  FROM p JOIN customer_events e ON e.workspace_id = $1 AND e.customer_key = p.customer_key
),
per AS MATERIALIZED (
  SELECT r.pid, g.grain, ${cohortOfSql("g.grain", "r.first_day")} AS cohort,
         ${periodIndexSql("g.grain", "r.day")} - ${periodIndexSql("g.grain", "r.first_day")} AS period_offset,
         0 AS customers, bool_or(r.is_order)::int AS active_customers, count(*) FILTER (WHERE r.is_order)::int AS orders,
         count(*) FILTER (WHERE r.is_second)::int AS new_repeaters, sum(r.net_sales) AS net_sales, sum(r.gross_profit) AS gross_profit,
         count(*) FILTER (WHERE r.unconverted)::int AS unconverted_events
  FROM ranked r CROSS JOIN grains g
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT p.pid, g.grain, ${cohortOfSql("g.grain", "p.first_day")}, 0, 1, 0, 0, 0, 0, 0, 0
  FROM p CROSS JOIN grains g
),
single AS (
  SELECT per.grain, per.cohort, per.period_offset, p.first_channel, p.discount, p.country,
         sum(per.customers)::int AS customers, sum(per.active_customers)::int AS active_customers, sum(per.orders)::int AS orders,
         sum(per.new_repeaters)::int AS new_repeaters, sum(per.net_sales) AS net_sales, sum(per.gross_profit) AS gross_profit,
         sum(per.unconverted_events)::int AS unconverted_events
  FROM per JOIN p USING (pid)
  GROUP BY 1, 2, 3, 4, 5, 6
),
contributions AS (
  SELECT s.grain, v.segment, v.segment_value, s.cohort, s.period_offset, s.customers, s.active_customers, s.orders,
         s.new_repeaters, s.net_sales, s.gross_profit, s.unconverted_events
  FROM single s
  CROSS JOIN LATERAL (VALUES ('all', 'all'), ('channel', s.first_channel), ('discount', s.discount), ('country', s.country)) AS v(segment, segment_value)
  UNION ALL
  SELECT per.grain, l.segment, l.segment_value, per.cohort, per.period_offset, per.customers, per.active_customers, per.orders,
         per.new_repeaters, per.net_sales, per.gross_profit, per.unconverted_events
  FROM per JOIN listed l USING (pid)
)
INSERT INTO cohort_delta
SELECT grain, segment, segment_value, cohort, period_offset,
       $2 * sum(customers), $2 * sum(active_customers), $2 * sum(orders), $2 * sum(new_repeaters),
       $2 * sum(net_sales), $2 * sum(gross_profit), $2 * sum(unconverted_events)
FROM contributions
GROUP BY 1, 2, 3, 4, 5`;

export const APPLY_DELTA_SQL = `
WITH d AS (
  SELECT grain, segment, segment_value, cohort, period_offset,
         sum(customers) AS customers, sum(active_customers) AS active_customers, sum(orders) AS orders,
         sum(new_repeaters) AS new_repeaters, sum(net_sales) AS net_sales, sum(gross_profit) AS gross_profit,
         sum(unconverted_events) AS unconverted_events
  FROM cohort_delta GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO cohort_cells AS c (workspace_id, grain, segment, segment_value, cohort, period_offset, customers, active_customers,
                               orders, new_repeaters, net_sales, gross_profit, unconverted_events)
SELECT $1, grain, segment, segment_value, cohort, period_offset, customers, active_customers, orders, new_repeaters,
       net_sales, gross_profit, unconverted_events
FROM d
WHERE customers <> 0 OR active_customers <> 0 OR orders <> 0 OR new_repeaters <> 0 OR net_sales <> 0 OR gross_profit <> 0 OR unconverted_events <> 0
ON CONFLICT (workspace_id, grain, segment, segment_value, cohort, period_offset) DO UPDATE SET
  customers = c.customers + excluded.customers,
  active_customers = c.active_customers + excluded.active_customers,
  orders = c.orders + excluded.orders,
  new_repeaters = c.new_repeaters + excluded.new_repeaters,
  net_sales = c.net_sales + excluded.net_sales,
  gross_profit = c.gross_profit + excluded.gross_profit,
  unconverted_events = c.unconverted_events + excluded.unconverted_events`;

// A cell whose people all left it (every count 0) goes; a refund-only period keeps its negative sales.
export const DROP_EMPTY_SQL = `
DELETE FROM cohort_cells c USING (SELECT DISTINCT grain, segment, segment_value, cohort, period_offset FROM cohort_delta) d
WHERE c.workspace_id = $1 AND c.grain = d.grain AND c.segment = d.segment AND c.segment_value = d.segment_value
  AND c.cohort = d.cohort AND c.period_offset = d.period_offset
  AND c.customers = 0 AND c.active_customers = 0 AND c.orders = 0 AND c.new_repeaters = 0
  AND c.net_sales = 0 AND c.gross_profit = 0 AND c.unconverted_events = 0`;
