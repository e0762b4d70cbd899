// The set-based statements of a recompute (lib/activity/recompute.ts runs them in one
// transaction). Parameters of the points statement:
//   $1 workspace id, $2 the local midnights (UTC) of the horizon's days and of the day after the
//   day scored (timestamp[], ascending), $3 the decay factor by age (float8[]: index 1 is age 0),
//   $4/$5 the first and last instant read (UTC), $6/$7 event names and their weights,
//   $8 session start, $9 purchase, $10 email click and $11 link click weights,
//   $12 the persons to recompute (text[]), or null for everyone.

/** A person's key as a tracked visitor: the customer it resolved to, else "v:<anonymous id>" once it gave a member id. */
export const VISITOR_PERSON_SQL = (v: string) => `COALESCE(${v}.person_key, CASE WHEN ${v}.identified_at IS NOT NULL THEN 'v:' || ${v}.anonymous_id END)`;

const ONLY = (column: string) => `AND ($12::text[] IS NULL OR ${column} = ANY($12::text[]))`;

// The visitors behind the persons scored: everyone's, or (an incremental pass) those of the
// persons asked for, found through the person-key index and the visitors' own key rather than a
// scan of the workspace's visitors.
const ALL_VISITORS = `
  SELECT v.anonymous_id, ${VISITOR_PERSON_SQL("v")} AS person_key
  FROM visitors v
  WHERE v.workspace_id = $1 AND (v.person_key IS NOT NULL OR v.identified_at IS NOT NULL)`;
const VISITORS_OF_PERSONS = `
  SELECT v.anonymous_id, v.person_key FROM visitors v WHERE v.workspace_id = $1 AND v.person_key = ANY($12::text[])
  UNION ALL
  SELECT v.anonymous_id, 'v:' || v.anonymous_id FROM visitors v
  WHERE v.workspace_id = $1 AND v.person_key IS NULL AND v.identified_at IS NOT NULL
    AND v.anonymous_id = ANY(ARRAY(SELECT substr(k, 3) FROM unnest($12::text[]) AS k WHERE k LIKE 'v:%'))`;

// A visitor's tracked events and sessions of the horizon. Everyone's are joined set-wise; a few
// persons' are found by one index scan per partition over the sorted list of their visitors
// (a btree steps from one listed visitor to the next without descending again), rather than a
// scan of every event of the horizon or a descent per visitor and partition.
const visitorRows = (table: string, at: string, filter: string, incremental: boolean) =>
  `JOIN ${table} x ON x.workspace_id = $1 AND x.anonymous_id = vis.anonymous_id
     ${incremental ? "AND x.anonymous_id = ANY(ARRAY(SELECT anonymous_id FROM vis))" : ""}
     AND x.${at} >= $4::timestamp AND x.${at} < $5::timestamp AND ${filter}`;

/**
 * Points per person: every weighted activity of the horizon, decayed by its age in local days.
 * Events are what the snippet, the pixel or a server sent (bots left out), sessions started,
 * orders (the store's counted orders, not the tracked checkout) and human clicks on owned-channel
 * links (an email's, else a link click). An activity's local day is found by a binary search of
 * the day's midnights ($2) and its factor read from $3, both computed once by the caller: no
 * time zone conversion or power per row. `incremental`: $12 names the persons.
 */
export const pointsSql = (incremental: boolean) => `
CREATE TEMP TABLE activity_points ON COMMIT DROP AS
WITH vis AS (${incremental ? VISITORS_OF_PERSONS : ALL_VISITORS}),
w AS (SELECT * FROM unnest($6::text[], $7::float8[]) AS w(name, weight)),
acts AS (
  SELECT vis.person_key, x.occurred_at AS at, w.weight
  FROM vis
  ${visitorRows("tracked_events", "occurred_at", "x.is_bot IS NOT TRUE", incremental)}
  JOIN w ON w.name = x.event
  UNION ALL
  SELECT vis.person_key, x.started_at, $8::float8
  FROM vis
  ${visitorRows("tracked_sessions", "started_at", "NOT x.is_bot", incremental)}
  WHERE $8::float8 > 0
  UNION ALL
  SELECT ce.customer_key, ce.at, $9::float8
  FROM customer_events ce
  WHERE ce.workspace_id = $1 AND ce.is_order AND ce.at >= $4::timestamp AND ce.at < $5::timestamp AND $9::float8 > 0 ${ONLY("ce.customer_key")}
  UNION ALL
  SELECT p.person_key, c.at, CASE WHEN s.channel = 'email' THEN $10::float8 ELSE $11::float8 END
  FROM owned_clicks c
  JOIN owned_sends s ON s.workspace_id = $1 AND s.id = c.send_id
  LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = c.visitor_id
  CROSS JOIN LATERAL (SELECT COALESCE(${VISITOR_PERSON_SQL("v")}, 'e:' || s.recipient_email_hash) AS person_key) p
  WHERE c.workspace_id = $1 AND c.human IS TRUE AND NOT c.machine AND c.at >= $4::timestamp AND c.at < $5::timestamp
    AND p.person_key IS NOT NULL ${ONLY("p.person_key")}
),
aged AS (
  SELECT person_key, weight, at, cardinality($2::timestamp[]) - width_bucket(at, $2::timestamp[]) - 1 AS age FROM acts
)
SELECT person_key,
  sum(weight * ($3::float8[])[age + 1]) AS score,
  COALESCE(sum(weight * ($3::float8[])[age + 1]) FILTER (WHERE age < 7), 0) AS weekly,
  COALESCE(sum(weight * ($3::float8[])[age - 6]) FILTER (WHERE age >= 7 AND age < 14), 0) AS previous_weekly,
  max(at) AS last_event_at
FROM aged
GROUP BY person_key`;

// A quintile by cut points: with n values sorted ascending (v1..vn) and rank() = 1 + how many
// are smaller, 1 + floor(5 x (rank - 1) / n) is 1 plus the number of k in 1..4 for which at
// least ceil(k x n / 5) values are smaller than x, that is x > v[ceil(k x n / 5)]. So the four
// cut values of each measure, read once from its sorted array, give every customer's quintile
// without ranking the workspace's customers again. Nulls sort last, as in rank().
const above = (x: string, cut: string) => `(CASE WHEN ${x} IS NULL THEN ${cut} IS NOT NULL ELSE COALESCE(${x} > ${cut}, false) END)::int`;
const QUARTER_CUTS = [1, 2, 3, 4];
const quintile = (x: string, cut: string) => `1 + ${QUARTER_CUTS.map((k) => above(x, `c.${cut}${k}`)).join(" + ")}`;
const cutsOf = (sorted: string) => `ARRAY[${QUARTER_CUTS.map((k) => `${sorted}[(${k} * s.n + 4) / 5]`).join(", ")}]`;
// The kept cut values as columns of their own, read once rather than per customer.
const cutColumns = (array: string, cut: string) => QUARTER_CUTS.map((k) => `k.${array}[${k}] AS ${cut}${k}`).join(", ");

/**
 * The RFM cut points, from every customer with an order (customer_profiles: net sales on the
 * workspace's basis), kept in activity_rfm_cuts. A full pass takes them again ($2 true); an
 * incremental one only when none are kept yet, and otherwise places its customers by those of the
 * last full pass, so every stored quintile is on one scale. $1 workspace id.
 */
export const RFM_CUTS_SQL = `
INSERT INTO activity_rfm_cuts (workspace_id, customers, recency, frequency, monetary, computed_at)
SELECT $1, s.n, ${cutsOf("s.days")}, ${cutsOf("s.orders")}, ${cutsOf("s.sales")}, now()
FROM (
  SELECT count(*)::int AS n,
    array_agg(last_day ORDER BY last_day) AS days, array_agg(orders ORDER BY orders) AS orders, array_agg(net_sales ORDER BY net_sales) AS sales
  FROM customer_profiles WHERE workspace_id = $1 AND orders > 0
) s
WHERE $2::boolean OR NOT EXISTS (SELECT 1 FROM activity_rfm_cuts WHERE workspace_id = $1)
ON CONFLICT (workspace_id) DO UPDATE SET customers = EXCLUDED.customers, recency = EXCLUDED.recency,
  frequency = EXCLUDED.frequency, monetary = EXCLUDED.monetary, computed_at = EXCLUDED.computed_at`;

/**
 * RFM quintiles by the kept cut points, for everyone with an order or the persons $2 (text[] or
 * null). A quintile is 1 + floor(5 x (rank - 1) / n) with rank() ascending, so tied customers
 * share the lowest quintile of their group (most customers have one order: F 1). Recency ranks
 * the last order's local day. The segments' rules are in PRODUCT.md. $1 workspace id.
 */
export const RFM_SQL = `
CREATE TEMP TABLE activity_rfm ON COMMIT DROP AS
WITH c AS MATERIALIZED (
  SELECT ${cutColumns("recency", "r")}, ${cutColumns("frequency", "f")}, ${cutColumns("monetary", "m")}
  FROM activity_rfm_cuts k WHERE k.workspace_id = $1
),
q AS (
  SELECT cp.customer_key AS person_key, cp.last_order_at,
    ${quintile("cp.last_day", "r")} AS r,
    ${quintile("cp.orders", "f")} AS f,
    ${quintile("cp.net_sales", "m")} AS m
  FROM customer_profiles cp CROSS JOIN c
  WHERE cp.workspace_id = $1 AND cp.orders > 0 AND ($2::text[] IS NULL OR cp.customer_key = ANY($2::text[]))
)
SELECT person_key, last_order_at, r, f, m,
  CASE
    WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'champions'
    WHEN r >= 3 AND f >= 3 THEN 'loyal'
    WHEN r >= 4 THEN 'promising'
    WHEN r = 3 THEN 'needs_attention'
    WHEN f >= 3 THEN 'at_risk'
    WHEN r = 2 THEN 'hibernating'
    ELSE 'lost'
  END AS segment
FROM q`;

/**
 * The rows a pass writes: every person with points or an order (activity_rfm holds the persons
 * asked for alone in an incremental pass).
 */
export const ROWS_SQL = `
CREATE TEMP TABLE activity_rows ON COMMIT DROP AS
SELECT k.person_key,
  COALESCE(p.score, 0) AS score, COALESCE(p.weekly, 0) AS weekly, COALESCE(p.previous_weekly, 0) AS previous_weekly,
  GREATEST(p.last_event_at, r.last_order_at) AS last_event_at, r.r, r.f, r.m, r.segment, NULL::text AS level
FROM (
  SELECT person_key FROM activity_points
  UNION
  SELECT person_key FROM activity_rfm
) k
LEFT JOIN activity_points p ON p.person_key = k.person_key
LEFT JOIN activity_rfm r ON r.person_key = k.person_key`;

/** Levels by thresholds. $1 high cut, $2 medium cut. */
export const THRESHOLD_LEVELS_SQL = `
UPDATE activity_rows SET level = CASE WHEN score >= $1::float8 THEN 'high' WHEN score >= $2::float8 THEN 'medium' ELSE 'low' END`;

/**
 * Percentile ranks of every scored person's score on day $2: the rows being written, and, in an
 * incremental pass ($4 the persons recomputed), the others' stored scores carried to $2 by the
 * decay. Scores are compared at 9 decimals, so equal scores reached by different roundings tie;
 * ties share the lowest rank (percent_rank), so tied persons always get one level.
 * $1 workspace id, $2 the day, $3 half-life, $4 persons or null.
 */
export const QUANTILE_RANKS_SQL = `
CREATE TEMP TABLE activity_ranks ON COMMIT DROP AS
SELECT person_key, percent_rank() OVER (ORDER BY round(score::numeric, 9)) AS pr, kept
FROM (
  SELECT person_key, score, false AS kept FROM activity_rows
  UNION ALL
  SELECT person_key, score * power(0.5, ($2::date - score_day)::float8 / $3::float8), true
  FROM person_activity
  WHERE workspace_id = $1 AND $4::text[] IS NOT NULL AND NOT (person_key = ANY($4::text[]))
) s`;

const LEVEL_OF_RANK = "CASE WHEN x.pr >= $1::float8 THEN 'high' WHEN x.pr >= $2::float8 THEN 'medium' ELSE 'low' END";

/** Levels of the rows by their ranks. $1 high cut, $2 medium cut. */
export const QUANTILE_LEVELS_SQL = `
UPDATE activity_rows r SET level = ${LEVEL_OF_RANK} FROM activity_ranks x WHERE x.person_key = r.person_key AND NOT x.kept`;

/**
 * The stored persons left out of an incremental pass whose level the new ranks move (quantiles
 * only); their history gets a row. $1 high cut, $2 medium cut, $3 workspace id, $4 the day, $5 half-life.
 */
export const KEPT_LEVELS_SQL = `
WITH moved AS (
  UPDATE person_activity a SET level = ${LEVEL_OF_RANK}, updated_at = now()
  FROM activity_ranks x
  WHERE a.workspace_id = $3 AND x.kept AND x.person_key = a.person_key AND a.level <> ${LEVEL_OF_RANK}
  RETURNING a.person_key, a.score, a.score_day, a.weekly_score, a.level, a.rfm_segment
)
INSERT INTO person_activity_history (workspace_id, person_key, day, score, weekly_score, level, rfm_segment)
SELECT $3, person_key, $4::date, score * power(0.5, ($4::date - score_day)::float8 / $5::float8), weekly_score, level, rfm_segment FROM moved
ON CONFLICT (workspace_id, person_key, day) DO UPDATE SET level = EXCLUDED.level
RETURNING person_key`;

/**
 * History first (it compares with what is stored), then the rows. A history row is written for a
 * new person and whenever the level, the RFM segment or the latest activity changed.
 * $1 workspace id, $2 the day.
 */
export const HISTORY_SQL = `
INSERT INTO person_activity_history (workspace_id, person_key, day, score, weekly_score, level, rfm_segment)
SELECT $1, r.person_key, $2::date, r.score, r.weekly, r.level, r.segment
FROM activity_rows r
LEFT JOIN person_activity a ON a.workspace_id = $1 AND a.person_key = r.person_key
WHERE a.person_key IS NULL OR a.level <> r.level OR a.rfm_segment IS DISTINCT FROM r.segment
   OR a.last_event_at IS DISTINCT FROM r.last_event_at
ON CONFLICT (workspace_id, person_key, day) DO UPDATE
SET score = EXCLUDED.score, weekly_score = EXCLUDED.weekly_score, level = EXCLUDED.level, rfm_segment = EXCLUDED.rfm_segment`;

/** $1 workspace id, $2 the day. */
export const UPSERT_SQL = `
INSERT INTO person_activity AS a (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change,
  level, last_event_at, rfm_r, rfm_f, rfm_m, rfm_segment, updated_at)
SELECT $1, person_key, score, $2::date, weekly, previous_weekly, weekly - previous_weekly, level, last_event_at, r, f, m, segment, now()
FROM activity_rows
ON CONFLICT (workspace_id, person_key) DO UPDATE SET
  score = EXCLUDED.score, score_day = EXCLUDED.score_day, weekly_score = EXCLUDED.weekly_score,
  previous_weekly_score = EXCLUDED.previous_weekly_score, weekly_change = EXCLUDED.weekly_change, level = EXCLUDED.level,
  last_event_at = EXCLUDED.last_event_at, rfm_r = EXCLUDED.rfm_r, rfm_f = EXCLUDED.rfm_f, rfm_m = EXCLUDED.rfm_m,
  rfm_segment = EXCLUDED.rfm_segment, updated_at = EXCLUDED.updated_at`;

/**
 * Persons with neither points nor an order any more, as of this pass: everyone's, or
 * (`incremental`) those of the persons asked for ($2) left without a row. $1 workspace id.
 */
export const deleteGoneSql = (incremental: boolean) => `
DELETE FROM person_activity a
WHERE a.workspace_id = $1 AND ${
  incremental
    ? "a.person_key = ANY(ARRAY(SELECT unnest($2::text[]) EXCEPT SELECT person_key FROM activity_rows))"
    : "NOT EXISTS (SELECT 1 FROM activity_rows r WHERE r.person_key = a.person_key)"
}
RETURNING a.person_key`;
