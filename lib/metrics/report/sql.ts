import type { Dimension, TReportFilters } from "./schema";
import { sessionChannelSql, sourceChannelSql } from "../definitions/channels";
import { billedUnitsSql, ORDER_CONVERSIONS_SQL } from "@/lib/owned/costs/conversions-sql";
import type { MetricSource } from "../definitions/registry";
import type { RangeSplit } from "../rollups/range-split";
import { AD_DIMENSION_COLUMNS, AD_DIMENSIONS, adLevelFor, salesTableFor, STORE_DIMENSION_COLUMNS, STORE_DIMENSIONS, type SalesTable } from "./dimensions";
import { DEFAULT_ATTRIBUTION_SETTINGS } from "@/lib/attribution/settings";
import { currencyDecimals, currencyDecimalsSql } from "./precision";
import { timeBuckets } from "./periods";

// SQL over the rollups for one input source of the report engine: sums grouped by a dimension
// value, the amount's currency and (for amounts not in the workspace currency) the day, so the
// caller can convert each day's sums at that day's rate.

/**
 * One source the engine reads: a rollup, a product group's rows of the sales rollup (`group`: the
 * group's key), or the attribution credits of one model and window (`group`: "markov", "markov:7";
 * null: the workspace's defaults).
 */
export type SourceSpec = { source: MetricSource; group: string | null };

export const specKey = (spec: SourceSpec) =>
  spec.group === null ? spec.source : spec.source === "attribution" ? `attribution:${spec.group}` : `group:${spec.group}`;

/** The spec a metric reads from one of its sources: its group narrows only the source it belongs to. */
export const specOf = (metric: { group: string | null; sources: readonly MetricSource[] }, source: MetricSource): SourceSpec => ({
  source,
  group: source === "sales" || source === "attribution" ? metric.group : null,
});

const TIME: readonly Dimension[] = ["day", "week", "month"];

/** The dimensions (breakdowns and filters) each source can be split by. */
export function splittableBy(spec: SourceSpec): readonly Dimension[] {
  if (spec.group !== null && spec.source === "sales") return [...TIME, "channel"];
  switch (spec.source) {
    case "attribution":
      return [...TIME, "channel", "platform", "campaign"];
    case "sales":
      return [...TIME, "channel", "product_group", ...STORE_DIMENSIONS];
    case "ads":
      return [...TIME, "channel", "platform", "campaign", ...AD_DIMENSIONS];
    case "customers":
    case "traffic":
    case "visitors":
      return [...TIME, "channel"];
    // Customers by their first order's day and channel.
    case "lifetime":
      return [...TIME, "channel"];
    case "exceptions":
    case "crm":
      return [...TIME, "channel"];
    // Owned-channel sends by their channel (as their links' utm_source reads) and campaign or flow.
    case "owned":
      return [...TIME, "channel", "campaign"];
  }
}

const FILTER_DIMENSIONS = ["platform", "channel", "campaign", ...AD_DIMENSIONS, "product_group", ...STORE_DIMENSIONS] as const satisfies readonly Dimension[];

export function activeFilters(filters: TReportFilters): (typeof FILTER_DIMENSIONS)[number][] {
  return FILTER_DIMENSIONS.filter((d) => (filters[d]?.length ?? 0) > 0);
}

/** Every dimension a statement splits or filters by. */
const dimensionsOf = (groupBy: Dimension | null, thenBy: Dimension | null, filters: TReportFilters): Dimension[] =>
  [groupBy, thenBy, ...activeFilters(filters)].filter((d): d is Dimension => d !== null);

/**
 * The sales rollup a sales statement reads (see dimensions.ts): product group rows are only in
 * sales_daily; null when no rollup splits by every dimension asked for.
 */
export function salesTableOf(spec: SourceSpec, groupBy: Dimension | null, thenBy: Dimension | null, filters: TReportFilters): SalesTable | null {
  const table = salesTableFor(dimensionsOf(groupBy, thenBy, filters));
  return spec.group !== null && table !== "sales_daily" ? null : table;
}

/** Whether a source can answer a breakdown and filters; when not, its metrics are "n/a". */
export function applies(spec: SourceSpec, groupBy: Dimension | null, filters: TReportFilters, thenBy: Dimension | null = null): boolean {
  if (spec.source === "sales") return salesTableOf(spec, groupBy, thenBy, filters) !== null;
  const dims = splittableBy(spec);
  return dimensionsOf(groupBy, thenBy, filters).every((d) => dims.includes(d));
}

type Column = { column: string; field: string; kind: "money" | "decimal" | "count" };

const SALES_COLUMNS: Column[] = [
  { column: "gross_sales", field: "gross_sales", kind: "money" },
  { column: "discounts", field: "discounts", kind: "money" },
  { column: "returns", field: "returns", kind: "money" },
  { column: "shipping", field: "shipping", kind: "money" },
  { column: "taxes", field: "taxes", kind: "money" },
  { column: "cogs", field: "cogs", kind: "money" },
  { column: "orders", field: "orders", kind: "count" },
  { column: "units", field: "units", kind: "count" },
  { column: "units_without_cost", field: "units_without_cost", kind: "count" },
];

// Line sums only: no orders, shipping or taxes by product.
const LINE_COLUMNS = SALES_COLUMNS.filter((c) => !["orders", "shipping", "taxes"].includes(c.column));

const AD_COLUMNS: Column[] = [
  { column: "spend", field: "ad_spend", kind: "money" },
  { column: "revenue", field: "ad_revenue", kind: "money" },
  { column: "conversions", field: "ad_conversions", kind: "decimal" },
  { column: "impressions", field: "ad_impressions", kind: "count" },
  { column: "clicks", field: "ad_clicks", kind: "count" },
];

type Source = { table: string; periods: string | null; dimensions: string[]; currency: boolean; columns: Column[] };

const SOURCES: Record<Exclude<MetricSource, "customers" | "visitors" | "lifetime" | "attribution" | "exceptions" | "crm" | "owned"> | Exclude<SalesTable, "sales_daily"> | "ad_levels_daily", Source> = {
  sales: {
    table: "sales_daily",
    periods: "sales_periods",
    dimensions: ["channel", "product_group"],
    currency: true,
    columns: SALES_COLUMNS,
  },
  product_sales_daily: {
    table: "product_sales_daily",
    periods: "product_sales_periods",
    dimensions: ["channel", "product_key", "variant_key", "product_type", "vendor", "country"],
    currency: true,
    columns: LINE_COLUMNS,
  },
  product_country_daily: {
    table: "product_country_daily",
    periods: "product_country_periods",
    dimensions: ["product_key", "country"],
    currency: true,
    columns: LINE_COLUMNS,
  },
  order_sales_daily: {
    table: "order_sales_daily",
    periods: "order_sales_periods",
    dimensions: ["channel", "sales_channel", "country", "region", "customer_type", "discount_code"],
    currency: true,
    columns: SALES_COLUMNS,
  },
  ads: {
    table: "ad_daily",
    periods: "ad_periods",
    dimensions: ["channel", "platform", "campaign_id"],
    currency: true,
    columns: AD_COLUMNS,
  },
  // Below the campaign, one level at a time (adLevelFor); read by day.
  ad_levels_daily: {
    table: "ad_levels_daily",
    periods: null,
    dimensions: ["channel", "platform", "campaign_id", "ad_group_id", "ad_id"],
    currency: true,
    columns: AD_COLUMNS,
  },
  traffic: {
    table: "sessions_daily",
    periods: "sessions_periods",
    dimensions: ["channel"],
    currency: false,
    // Visitors are not read here: daily unique counts do not add up (visitorsQuery).
    columns: [
      { column: "sessions", field: "sessions", kind: "count" },
      // Not a metric: the tracked bot sessions left out, for the report's warning.
      { column: "bot_sessions", field: "bot_sessions", kind: "count" },
    ],
  },
};

const CUSTOMER_COLUMNS: Column[] = [
  { column: "new_customers", field: "new_customers", kind: "count" },
  { column: "returning_customers", field: "returning_customers", kind: "count" },
];

const LIFETIME_COLUMNS: Column[] = [
  { column: "ltv_customers_90", field: "ltv_customers_90", kind: "count" },
  { column: "ltv_sales_90", field: "ltv_sales_90", kind: "money" },
  { column: "ltv_customers_365", field: "ltv_customers_365", kind: "count" },
  { column: "ltv_sales_365", field: "ltv_sales_365", kind: "money" },
  { column: "predicted_customers", field: "predicted_customers", kind: "count" },
  { column: "predicted_ltv", field: "predicted_ltv", kind: "money" },
];

const VISITOR_COLUMNS: Column[] = [
  { column: "visitors", field: "visitors", kind: "count" },
  { column: "visitors_unavailable", field: "visitors_unavailable", kind: "count" },
];

// Orders in millionths and revenue in minor units of the workspace currency, read as decimals.
const ATTRIBUTION_COLUMNS: Column[] = [
  { column: "orders_micro", field: "attributed_orders", kind: "decimal" },
  { column: "revenue_minor", field: "attributed_revenue", kind: "money" },
];

const EXCEPTION_COLUMNS: Column[] = [{ column: "exception_orders", field: "exception_orders", kind: "count" }];

const CRM_COLUMNS: Column[] = [
  { column: "offline_revenue", field: "offline_revenue", kind: "money" },
  { column: "deals_won", field: "deals_won", kind: "count" },
  { column: "deals_lost", field: "deals_lost", kind: "count" },
  { column: "deals_open", field: "deals_open", kind: "count" },
  { column: "pipeline_value", field: "pipeline_value", kind: "money" },
  { column: "sales_cycle_days", field: "sales_cycle_days", kind: "decimal" },
];

const OWNED_COLUMNS: Column[] = [
  { column: "owned_sends", field: "owned_sends", kind: "count" },
  { column: "owned_delivered", field: "owned_delivered", kind: "count" },
  { column: "owned_opens", field: "owned_opens", kind: "count" },
  { column: "owned_clicks", field: "owned_clicks", kind: "count" },
  { column: "owned_conversions", field: "owned_conversions", kind: "count" },
  // Both already in the workspace currency (fees are set in it; conversions are stored in it).
  { column: "owned_revenue", field: "owned_revenue", kind: "decimal" },
  { column: "owned_cost", field: "owned_cost", kind: "decimal" },
];

export function columnsOf(spec: SourceSpec): Column[] {
  if (spec.source === "owned") return OWNED_COLUMNS;
  if (spec.source === "customers") return CUSTOMER_COLUMNS;
  if (spec.source === "attribution") return ATTRIBUTION_COLUMNS;
  if (spec.source === "exceptions") return EXCEPTION_COLUMNS;
  if (spec.source === "crm") return CRM_COLUMNS;
  if (spec.source === "visitors") return VISITOR_COLUMNS;
  if (spec.source === "lifetime") return LIFETIME_COLUMNS;
  return SOURCES[spec.source].columns;
}

/**
 * SQL: what rows are grouped by, and the dimension value shown for a group (time buckets as their
 * first day, YYYY-MM-DD). Grouping by the date itself and formatting once per group keeps
 * to_char off every row.
 */
function keyExpression(groupBy: Dimension | null, thenBy: Dimension | null = null, campaignColumn = "campaign_id"): { group: string | null; key: string } {
  const first = oneKey(groupBy, campaignColumn);
  if (thenBy === null || first.group === null) return first;
  // Two dimensions: one key "first<US>second" (the unit separator never appears in a key).
  const second = oneKey(thenBy, campaignColumn);
  return { group: `${first.group}, ${second.group}`, key: `(${first.key} || chr(31) || ${second.key})` };
}

/** `campaignColumn`: the ad rollup's campaign_id, or attribution's campaign (the matched campaign's id). */
function oneKey(groupBy: Dimension | null, campaignColumn: string): { group: string | null; key: string } {
  if (groupBy !== null && (STORE_DIMENSIONS as readonly string[]).includes(groupBy)) {
    const column = STORE_DIMENSION_COLUMNS[groupBy as keyof typeof STORE_DIMENSION_COLUMNS];
    return { group: column, key: column };
  }
  switch (groupBy) {
    case null:
      return { group: null, key: "''" };
    case "day":
      return { group: "day", key: "to_char(day, 'YYYY-MM-DD')" };
    case "week":
      return { group: "date_trunc('week', day)", key: "to_char(date_trunc('week', day), 'YYYY-MM-DD')" };
    case "month":
      return { group: "date_trunc('month', day)", key: "to_char(date_trunc('month', day), 'YYYY-MM-DD')" };
    case "campaign":
      return { group: campaignColumn, key: campaignColumn };
    case "ad_group":
    case "ad":
      return { group: AD_DIMENSION_COLUMNS[groupBy], key: AD_DIMENSION_COLUMNS[groupBy] };
    default:
      return { group: groupBy, key: groupBy };
  }
}

export type SourceQuery = { sql: string; params: unknown[] };

/** " GROUP BY ..." over the expressions given (none: one row for the whole range). */
const groupClause = (...expressions: (string | null)[]) => {
  const present = expressions.filter((e): e is string => e !== null);
  return present.length > 0 ? ` GROUP BY ${present.join(", ")}` : "";
};

/**
 * New customers: first orders, summed from the per-day totals. Returning: customers whose
 * previous order came before the bucket's start (the day for a daily series, the first day of a
 * week or month clipped to the range, or the range's first day), which only customer_daily's
 * previous-order days can tell for buckets longer than a day.
 */
function customersQuery(groupBy: Dimension | null, where: string[], params: unknown[]): SourceQuery {
  const { group, key } = keyExpression(groupBy);
  const filter = where.join(" AND ");
  if (groupBy === "day") {
    return {
      sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day, sum(new_customers)::text AS new_customers,
              sum(returning_customers)::text AS returning_customers
            FROM customer_day_totals WHERE ${filter}${groupClause(group)}`,
      params,
    };
  }
  const bucketStart = group !== null && (groupBy === "week" || groupBy === "month") ? `greatest(${group}::date, $2::date)` : "$2::date";
  return {
    sql: `SELECT key, NULL AS currency, NULL AS fx_day, sum(n)::text AS new_customers, sum(r)::text AS returning_customers FROM (
            SELECT ${key} AS key, sum(new_customers) AS n, 0 AS r FROM customer_day_totals WHERE ${filter}${groupClause(group)}
            UNION ALL
            SELECT ${key}, 0, sum(customers) FROM customer_daily WHERE ${filter} AND previous_day < ${bucketStart}${groupClause(group)}
          ) buckets GROUP BY key`,
    params,
  };
}

/**
 * Lifetime values of the customers acquired in the range: customer_profiles by first order's day
 * and channel, amounts already in the workspace currency. A window counts a customer only once it
 * has ended by `today` (window [first_day, first_day + N) in local days), so young customers never
 * pull an average down.
 */
function lifetimeQuery(groupBy: Dimension | null, where: string[], params: unknown[], today: string): SourceQuery {
  const { group, key } = keyExpression(groupBy);
  const todayParam = `$${params.push(today)}::date`;
  const ended = (days: number) => `day + ${days} <= ${todayParam}`;
  return {
    sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day,
            count(*) FILTER (WHERE ${ended(90)})::text AS ltv_customers_90,
            COALESCE(sum(net_sales_90) FILTER (WHERE ${ended(90)}), 0)::text AS ltv_sales_90,
            count(*) FILTER (WHERE ${ended(365)})::text AS ltv_customers_365,
            COALESCE(sum(net_sales_365) FILTER (WHERE ${ended(365)}), 0)::text AS ltv_sales_365,
            count(predicted_ltv_12m)::text AS predicted_customers,
            COALESCE(sum(predicted_ltv_12m), 0)::text AS predicted_ltv
          FROM (SELECT workspace_id, first_day AS day, first_channel AS channel, net_sales_90, net_sales_365, predicted_ltv_12m
                FROM customer_profiles) AS profiles
          WHERE ${where.join(" AND ")}${groupClause(group)}`,
    params,
  };
}

/**
 * Exception orders per bucket, counted from the kept exception rows (lib/exceptions): a few
 * orders in a hundred, found when they were written, never judged here. Their day is read in the
 * workspace's zone; the UTC window around the range only lets the index narrow the rows.
 */
function exceptionsQuery(groupBy: Dimension | null, thenBy: Dimension | null, where: string[], params: unknown[]): SourceQuery {
  const { group, key } = keyExpression(groupBy, thenBy);
  return {
    sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day, count(*)::text AS exception_orders
          FROM (SELECT x.workspace_id, ((x.ordered_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date AS day, x.channel
                FROM exception_orders x JOIN workspaces w ON w.id = x.workspace_id
                WHERE x.workspace_id = $1 AND x.ordered_at >= $2::date - 1 AND x.ordered_at < $3::date + 2) AS exceptions
          WHERE ${where.join(" AND ")}${groupClause(group)}`,
    params,
  };
}

/**
 * CRM deals per bucket, from the stored deals (lib/crm: thousands per workspace, not millions):
 * won and lost ones on their close day, open ones on the day they were made, in the workspace's
 * zone. Amounts keep their currency and day, converted at that day's rate like the rollups'.
 */
function crmQuery(groupBy: Dimension | null, thenBy: Dimension | null, where: string[], param: (value: unknown) => string, params: unknown[], currency: string): SourceQuery {
  const { group, key } = keyExpression(groupBy, thenBy);
  const amount = `d.amount_minor::numeric / power(10, ${currencyDecimalsSql("d.currency")})`;
  return {
    sql: `SELECT ${key} AS key, currency, to_char(fx_day, 'YYYY-MM-DD') AS fx_day,
            sum(won_amount)::text AS offline_revenue, sum(won)::text AS deals_won, sum(lost)::text AS deals_lost,
            sum(open)::text AS deals_open, sum(open_amount)::text AS pipeline_value, round(sum(cycle_days), 4)::text AS sales_cycle_days
          FROM (SELECT d.workspace_id, d.channel, d.currency, day, CASE WHEN d.currency = ${param(currency)} THEN NULL ELSE day END AS fx_day,
                  CASE WHEN d.status = 'won' THEN ${amount} ELSE 0 END AS won_amount,
                  CASE WHEN d.status = 'open' THEN ${amount} ELSE 0 END AS open_amount,
                  (d.status = 'won')::int AS won, (d.status = 'lost')::int AS lost, (d.status = 'open')::int AS open,
                  CASE WHEN d.status = 'won' THEN extract(epoch FROM (COALESCE(d.closed_at, d.updated_at) - d.created_at)) / 86400.0 ELSE 0 END AS cycle_days
                FROM crm_deals d JOIN workspaces w ON w.id = d.workspace_id
                CROSS JOIN LATERAL (SELECT (((CASE WHEN d.status = 'open' THEN d.created_at ELSE COALESCE(d.closed_at, d.updated_at) END)
                  AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date AS day) AS local
                WHERE d.workspace_id = $1) AS deals
          WHERE ${where.join(" AND ")}${groupClause(group, "currency", "fx_day")}`,
    params,
  };
}

/**
 * Owned-channel sends per bucket, from the stored sends (lib/owned) by their local send day, test
 * sends and prepared rows left out, with the same rules as the performance report: an open is a
 * pixel open no machine fetched or a human click, a click a human one. Cost is each send's billed
 * units (a send, its SMS segments or points) times its channel's fee; conversions are the orders
 * attributed to the sends, each once (ORDER_CONVERSIONS_SQL), revenue in minor units of the
 * workspace currency.
 */
function ownedQuery(
  by: { groupBy: Dimension | null; thenBy: Dimension | null },
  where: string[],
  param: (value: unknown) => string,
  params: unknown[],
  currency: string,
  campaigns: readonly string[] | undefined,
): SourceQuery {
  const { group, key } = keyExpression(by.groupBy, by.thenBy);
  const filter = [...where];
  if (campaigns?.length) {
    // A campaign is named by its id (the campaign breakdown's keys) or by its name.
    filter.push(`(campaign_id = ANY(${param(campaigns)}::text[]) OR campaign_id IN (
      SELECT c.id FROM owned_campaigns c WHERE c.workspace_id = $1 AND lower(c.name) = ANY(${param(campaigns.map((c) => c.toLowerCase()))}::text[])))`);
  }
  const minorUnits = param(10 ** currencyDecimals(currency));
  const sends = "s.workspace_id = $1 AND s.sent_day BETWEEN $2::date AND $3::date AND NOT s.is_test AND s.status <> 'prepared'";
  const columns = `s.workspace_id, s.sent_day AS day, ${sourceChannelSql("s.channel")} AS channel, s.campaign_id`;
  return {
    sql: `SELECT key, NULL AS currency, NULL AS fx_day,
            sum(sends)::text AS owned_sends, sum(delivered)::text AS owned_delivered, sum(opens)::text AS owned_opens, sum(clicks)::text AS owned_clicks,
            sum(orders)::text AS owned_conversions,
            round(COALESCE(sum(revenue_minor), 0) / ${minorUnits}::numeric, 4)::text AS owned_revenue,
            round(COALESCE(sum(cost), 0), 4)::text AS owned_cost
          FROM (
            SELECT ${key} AS key, count(*) AS sends, count(*) FILTER (WHERE status = 'delivered') AS delivered,
              count(*) FILTER (WHERE opened OR clicked) AS opens, count(*) FILTER (WHERE clicked) AS clicks, 0 AS orders, 0 AS revenue_minor, sum(cost) AS cost
            FROM (SELECT ${columns}, s.status,
                    EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND NOT o.machine) AS opened,
                    EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.human AND NOT k.machine) AS clicked,
                    COALESCE(f.fee * ${billedUnitsSql("s", "f")}, 0) AS cost
                  FROM owned_sends s
                  LEFT JOIN owned_channel_fees f ON f.workspace_id = s.workspace_id AND f.channel = s.channel
                  WHERE ${sends}) AS sends
            WHERE ${filter.join(" AND ")}${groupClause(group)}
            UNION ALL
            SELECT ${key}, 0, 0, 0, 0, count(*), sum(revenue_minor), 0
            FROM (SELECT ${columns}, c.revenue_minor
                  FROM (${ORDER_CONVERSIONS_SQL}) AS c
                  JOIN owned_sends s ON s.workspace_id = $1 AND s.id = c.send_id
                  WHERE ${sends}) AS conversions
            WHERE ${filter.join(" AND ")}${groupClause(group)}
          ) AS parts
          GROUP BY key`,
    params,
  };
}

/**
 * Unique visitors per bucket, from the facts (never from daily rollups, whose counts do not add
 * up): the days the workspace's sessions source gives to tracking (as the traffic rollup chooses
 * them: all, none, or the days GA4 did not report) count distinct anonymous ids of non-bot
 * tracked sessions over the whole bucket, so a browser seen on two days is one visitor; a person
 * on two devices is two, identified or not, as GA4's total users counts devices. GA4's days give
 * their total users, which are only unique within one day: a bucket holding a GA4 day and any
 * other day is unavailable (visitors_unavailable), never summed.
 */
function visitorsQuery(groupBy: Dimension | null, where: string[], params: unknown[]): SourceQuery {
  const { group, key } = keyExpression(groupBy);
  const filter = where.join(" AND ");
  // The key of a bucket of distinct (bucket, visitor) pairs, formatted once per bucket.
  const bucketKey = groupBy === null ? "''" : TIME.includes(groupBy) ? "to_char(bucket, 'YYYY-MM-DD')" : "bucket";
  // GA4's days and tracking's never overlap, so a bucket mixes days exactly when it holds two GA4
  // days, or one and any tracked visitor. Distinct visitors come from a hashed DISTINCT, one sort
  // less than count(DISTINCT).
  return {
    sql: `WITH setting AS (
            SELECT (SELECT sessions_source::text FROM metric_settings WHERE workspace_id = $1) AS source
          ), ga4 AS (
            SELECT x.workspace_id, x.day, ${sessionChannelSql("x")} AS channel, x.users
            FROM traffic_daily x, setting
            WHERE x.workspace_id = $1 AND x.day BETWEEN $2::date AND $3::date AND COALESCE(setting.source, 'ga4') = 'ga4'
          ), tracked AS (
            SELECT s.workspace_id, s.day, s.channel, s.anonymous_id
            FROM tracked_sessions s, setting
            WHERE s.workspace_id = $1 AND s.day BETWEEN $2::date AND $3::date AND NOT s.is_bot
              AND (setting.source = 'tracking' OR (setting.source IS NULL AND s.day NOT IN (SELECT day FROM ga4)))
          )
          SELECT key, NULL AS currency, NULL AS fx_day,
            (COALESCE(sum(users), 0) + sum(tracked))::text AS visitors,
            (max(ga4_days) > 1 OR (max(ga4_days) = 1 AND sum(tracked) > 0))::int::text AS visitors_unavailable
          FROM (
            SELECT ${key} AS key, sum(users) AS users, count(DISTINCT day) AS ga4_days, 0 AS tracked
            FROM ga4 WHERE ${filter}${groupClause(group)}
            UNION ALL
            SELECT ${bucketKey}, 0, 0, count(*)
            FROM (SELECT DISTINCT ${group ?? "NULL::text"} AS bucket, anonymous_id FROM tracked WHERE ${filter}) AS visitors GROUP BY bucket
          ) AS parts
          GROUP BY key`,
    params,
  };
}

/**
 * Attributed orders and revenue from attribution_daily: credit dated at the order (the cash basis,
 * like the sales metrics), every touch (not only paid ones), under the spec's model and window or
 * the workspace's defaults. Revenue is already in the workspace currency.
 */
function attributionQuery(
  spec: SourceSpec,
  by: { groupBy: Dimension | null; thenBy: Dimension | null },
  where: string[],
  param: (value: unknown) => string,
  params: unknown[],
  currency: string,
): SourceQuery {
  const { group, key } = keyExpression(by.groupBy, by.thenBy, "campaign");
  const [model, window] = (spec.group ?? "").split(":");
  const setting = (column: string, fallback: string | number) =>
    `COALESCE((SELECT ${column} FROM attribution_settings WHERE workspace_id = $1), ${param(fallback)})`;
  const minorUnits = param(10 ** currencyDecimals(currency));
  return {
    sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day,
            round(sum(orders_micro) / 1000000.0, 4)::text AS attributed_orders,
            round(sum(revenue_minor) / ${minorUnits}::numeric, 4)::text AS attributed_revenue
          FROM attribution_daily
          WHERE ${where.join(" AND ")} AND conversion_type = 'order' AND basis = 'cash' AND NOT paid_only
            AND model = ${model ? param(model) : setting("default_model", DEFAULT_ATTRIBUTION_SETTINGS.defaultModel)}
            AND window_days = ${window ? `${param(Number(window))}::int` : `${setting("default_window", DEFAULT_ATTRIBUTION_SETTINGS.defaultWindow)}::int`}${groupClause(group)}`,
    params,
  };
}

/**
 * The rows of fromDay..toDay ($2..$3) when a split reads whole months and weeks from the period
 * rollups and only the days left over from the daily ones. Period rows carry their amounts' rate
 * day (fx_day) as `day`, so conversion works on both alike; a time breakdown never reads them.
 */
function splitRows(source: Source & { periods: string }, split: RangeSplit, param: (value: unknown) => string): string {
  const columns = [...source.dimensions, ...(source.currency ? ["currency"] : []), ...source.columns.map((c) => c.column)].join(", ");
  const periodDay = source.currency ? "fx_day" : "period";
  const branches: string[] = [];
  if (split.days.length > 0) {
    // The days one by one, so the index reads only them, not every day between the first and last.
    const days = split.days.flatMap((d) => timeBuckets("day", d.fromDay, d.toDay));
    branches.push(`SELECT day, ${columns} FROM ${source.table} WHERE workspace_id = $1 AND day = ANY(${param(days)}::date[])`);
  }
  for (const [grain, starts] of [["month", split.months], ["week", split.weeks]] as const) {
    if (starts.length === 0) continue;
    branches.push(`SELECT ${periodDay} AS day, ${columns} FROM ${source.periods}
      WHERE workspace_id = $1 AND grain = '${grain}' AND period BETWEEN $2::date AND $3::date AND period = ANY(${param(starts)}::date[])`);
  }
  return `(${branches.join(" UNION ALL ")}) AS rows`;
}

/**
 * The statement summing one source over fromDay..toDay, grouped by `groupBy` (null: one total).
 * Parameters: $1 workspace, $2 from, $3 to, then the filters' and the workspace currency.
 * With a split (never for customers, nor a time breakdown) whole periods read the period rollups.
 */
export function sourceQuery(
  spec: SourceSpec,
  args: {
    workspaceId: string;
    fromDay: string;
    toDay: string;
    currency: string;
    groupBy: Dimension | null;
    /** A second dimension: rows per (groupBy, thenBy) pair. */
    thenBy?: Dimension | null;
    filters: TReportFilters;
    split?: RangeSplit | null;
    /** The workspace's local today: which LTV windows have ended. */
    today: string;
  },
): SourceQuery {
  const params: unknown[] = [args.workspaceId, args.fromDay, args.toDay];
  const param = (value: unknown) => `$${params.push(value)}`;
  const { filters, groupBy } = args;
  const thenBy = args.thenBy ?? null;
  const salesTable = spec.source === "sales" ? salesTableOf(spec, groupBy, thenBy, filters) : null;
  const adLevel = spec.source === "ads" ? adLevelFor(dimensionsOf(groupBy, thenBy, filters)) : null;
  const source = spec.source === "customers" || spec.source === "visitors" || spec.source === "lifetime" || spec.source === "attribution" || spec.source === "exceptions" || spec.source === "crm" || spec.source === "owned"
    ? null
    : salesTable && salesTable !== "sales_daily" ? SOURCES[salesTable] : adLevel ? SOURCES.ad_levels_daily : SOURCES[spec.source];
  const split = source?.periods ? (args.split ?? null) : null;
  const where = split ? ["TRUE"] : ["workspace_id = $1", "day BETWEEN $2::date AND $3::date"];

  if (filters.channel?.length) where.push(`channel = ANY(${param(filters.channel.map((c) => c.toLowerCase()))}::text[])`);
  if (spec.source === "ads" || spec.source === "attribution") {
    // Attribution keys credits by the matched ad campaign's id, like the ad rollup.
    const campaignColumn = spec.source === "ads" ? "campaign_id" : "campaign";
    if (filters.platform?.length) where.push(`platform = ANY(${param(filters.platform.map((p) => p.toLowerCase()))}::text[])`);
    if (filters.campaign?.length) {
      // A campaign is named by its id (the campaign breakdown's keys) or by its name.
      const ids = param(filters.campaign);
      const names = param(filters.campaign.map((c) => c.toLowerCase()));
      where.push(`(${campaignColumn} = ANY(${ids}::text[]) OR ${campaignColumn} IN (
        SELECT c.campaign_id FROM ad_campaigns c WHERE c.workspace_id = $1 AND lower(c.name) = ANY(${names}::text[])))`);
    }
  }
  if (adLevel) {
    where.push(`level = ${param(adLevel)}`);
    for (const d of AD_DIMENSIONS) if (filters[d]?.length) where.push(`${AD_DIMENSION_COLUMNS[d]} = ANY(${param(filters[d])}::text[])`);
  }
  for (const d of STORE_DIMENSIONS) {
    if (spec.source === "sales" && filters[d]?.length) where.push(`${STORE_DIMENSION_COLUMNS[d]} = ANY(${param(filters[d])}::text[])`);
  }
  if (salesTable === "sales_daily") {
    if (spec.group !== null) where.push(`product_group = ${param(spec.group)}`);
    else if (filters.product_group?.length) where.push(`product_group = ANY(${param(filters.product_group)}::text[])`);
    // Group rows overlap (and hold no order-level amounts): only a group breakdown reads them.
    else if (groupBy === "product_group") where.push("product_group <> 'all'");
    else where.push("product_group = 'all'");
  }

  const { group, key } = keyExpression(groupBy, thenBy);
  if (spec.source === "customers") return customersQuery(groupBy, where, params);
  if (spec.source === "lifetime") return lifetimeQuery(groupBy, where, params, args.today);
  if (spec.source === "visitors") return visitorsQuery(groupBy, where, params);
  if (spec.source === "attribution") return attributionQuery(spec, { groupBy, thenBy }, where, param, params, args.currency);
  if (spec.source === "exceptions") return exceptionsQuery(groupBy, thenBy, where, params);
  if (spec.source === "crm") return crmQuery(groupBy, thenBy, where, param, params, args.currency);
  if (spec.source === "owned") return ownedQuery({ groupBy, thenBy }, where, param, params, args.currency, filters.campaign);

  if (!source) throw new Error(`No rollup answers ${spec.source} here.`);
  const from = split && source.periods ? splitRows({ ...source, periods: source.periods }, split, param) : source.table;
  const sums = source.columns.map((c) => `sum(${c.column})::text AS ${c.field}`).join(", ");
  if (!source.currency) {
    return { sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day, ${sums} FROM ${from} WHERE ${where.join(" AND ")}${groupClause(group)}`, params };
  }
  // Amounts in the workspace currency sum across days; others keep their day, for its rate.
  const fxDay = `CASE WHEN currency = ${param(args.currency)} THEN NULL ELSE day END`;
  return {
    sql: `SELECT ${key} AS key, currency, to_char(${fxDay}, 'YYYY-MM-DD') AS fx_day, ${sums}
          FROM ${from} WHERE ${where.join(" AND ")}${groupClause(group, "currency", fxDay)}`,
    params,
  };
}
