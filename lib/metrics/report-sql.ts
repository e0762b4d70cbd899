import type { Dimension, TReportFilters } from "./report-schema";
import type { MetricSource } from "./registry";

// SQL over the rollups for one input source of the report engine: sums grouped by a dimension
// value, the amount's currency and (for amounts not in the workspace currency) the day, so the
// caller can convert each day's sums at that day's rate.

/** One source the engine reads: a rollup, or a product group's rows of the sales rollup. */
export type SourceSpec = { source: MetricSource; group: string | null };

export const specKey = (spec: SourceSpec) => (spec.group === null ? spec.source : `group:${spec.group}`);

const TIME: readonly Dimension[] = ["day", "week", "month"];

/** The dimensions (breakdowns and filters) each source can be split by. */
export function splittableBy(spec: SourceSpec): readonly Dimension[] {
  if (spec.group !== null) return [...TIME, "channel"];
  switch (spec.source) {
    case "sales":
      return [...TIME, "channel", "product_group"];
    case "ads":
      return [...TIME, "channel", "platform", "campaign"];
    case "customers":
    case "traffic":
      return [...TIME, "channel"];
  }
}

const FILTER_DIMENSIONS = ["platform", "channel", "campaign", "product_group"] as const satisfies readonly Dimension[];

export function activeFilters(filters: TReportFilters): (typeof FILTER_DIMENSIONS)[number][] {
  return FILTER_DIMENSIONS.filter((d) => (filters[d]?.length ?? 0) > 0);
}

/** Whether a source can answer a breakdown and filters; when not, its metrics are "n/a". */
export function applies(spec: SourceSpec, groupBy: Dimension | null, filters: TReportFilters): boolean {
  const dims = splittableBy(spec);
  return (groupBy === null || dims.includes(groupBy)) && activeFilters(filters).every((d) => dims.includes(d));
}

type Column = { column: string; field: string; kind: "money" | "decimal" | "count" };

const SOURCES: Record<Exclude<MetricSource, "customers">, { table: string; currency: boolean; columns: Column[] }> = {
  sales: {
    table: "sales_daily",
    currency: true,
    columns: [
      { column: "gross_sales", field: "gross_sales", kind: "money" },
      { column: "discounts", field: "discounts", kind: "money" },
      { column: "returns", field: "returns", kind: "money" },
      { column: "shipping", field: "shipping", kind: "money" },
      { column: "taxes", field: "taxes", kind: "money" },
      { column: "cogs", field: "cogs", kind: "money" },
      { column: "orders", field: "orders", kind: "count" },
      { column: "units", field: "units", kind: "count" },
      { column: "units_without_cost", field: "units_without_cost", kind: "count" },
    ],
  },
  ads: {
    table: "ad_daily",
    currency: true,
    columns: [
      { column: "spend", field: "ad_spend", kind: "money" },
      { column: "revenue", field: "ad_revenue", kind: "money" },
      { column: "conversions", field: "ad_conversions", kind: "decimal" },
      { column: "impressions", field: "ad_impressions", kind: "count" },
      { column: "clicks", field: "ad_clicks", kind: "count" },
    ],
  },
  traffic: {
    table: "sessions_daily",
    currency: false,
    columns: [{ column: "sessions", field: "sessions", kind: "count" }],
  },
};

const CUSTOMER_COLUMNS: Column[] = [
  { column: "new_customers", field: "new_customers", kind: "count" },
  { column: "returning_customers", field: "returning_customers", kind: "count" },
];

export function columnsOf(spec: SourceSpec): Column[] {
  return spec.source === "customers" ? CUSTOMER_COLUMNS : SOURCES[spec.source].columns;
}

/** SQL: the dimension value of a rollup row (time buckets as their first day, YYYY-MM-DD). */
function keyExpression(groupBy: Dimension | null): string {
  switch (groupBy) {
    case null:
      return "''";
    case "day":
      return "to_char(day, 'YYYY-MM-DD')";
    case "week":
      return "to_char(date_trunc('week', day), 'YYYY-MM-DD')";
    case "month":
      return "to_char(day, 'YYYY-MM-01')";
    case "campaign":
      return "campaign_id";
    default:
      return groupBy;
  }
}

export type SourceQuery = { sql: string; params: unknown[] };

/**
 * The statement summing one source over fromDay..toDay, grouped by `groupBy` (null: one total).
 * Parameters: $1 workspace, $2 from, $3 to, then the filters' and the workspace currency.
 */
export function sourceQuery(
  spec: SourceSpec,
  args: { workspaceId: string; fromDay: string; toDay: string; currency: string; groupBy: Dimension | null; filters: TReportFilters },
): SourceQuery {
  const params: unknown[] = [args.workspaceId, args.fromDay, args.toDay];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ["workspace_id = $1", "day BETWEEN $2::date AND $3::date"];
  const { filters, groupBy } = args;

  if (filters.channel?.length) where.push(`channel = ANY(${param(filters.channel.map((c) => c.toLowerCase()))}::text[])`);
  if (spec.source === "ads") {
    if (filters.platform?.length) where.push(`platform = ANY(${param(filters.platform.map((p) => p.toLowerCase()))}::text[])`);
    if (filters.campaign?.length) {
      // A campaign is named by its id (the campaign breakdown's keys) or by its name.
      const ids = param(filters.campaign);
      const names = param(filters.campaign.map((c) => c.toLowerCase()));
      where.push(`(campaign_id = ANY(${ids}::text[]) OR campaign_id IN (
        SELECT c.campaign_id FROM ad_campaigns c WHERE c.workspace_id = $1 AND lower(c.name) = ANY(${names}::text[])))`);
    }
  }
  if (spec.source === "sales") {
    if (spec.group !== null) where.push(`product_group = ${param(spec.group)}`);
    else if (filters.product_group?.length) where.push(`product_group = ANY(${param(filters.product_group)}::text[])`);
    // Group rows overlap (and hold no order-level amounts): only a group breakdown reads them.
    else if (groupBy === "product_group") where.push("product_group <> 'all'");
    else where.push("product_group = 'all'");
  }

  const key = keyExpression(groupBy);
  if (spec.source === "customers") {
    // Returning: the customer's previous order came before the bucket (a time bucket, clipped to
    // the range, or the whole range); new: no previous order at all.
    const bucketStart = groupBy && ["day", "week", "month"].includes(groupBy) ? `greatest((${key})::date, $2::date)` : "$2::date";
    return {
      sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day,
              COALESCE(sum(customers) FILTER (WHERE previous_day = day), 0)::text AS new_customers,
              COALESCE(sum(customers) FILTER (WHERE previous_day < ${bucketStart}), 0)::text AS returning_customers
            FROM customer_daily WHERE ${where.join(" AND ")} GROUP BY 1`,
      params,
    };
  }

  const source = SOURCES[spec.source];
  const sums = source.columns.map((c) => `sum(${c.column})::text AS ${c.field}`).join(", ");
  const currency = source.currency ? "currency" : "NULL";
  const fxDay = source.currency ? `CASE WHEN currency = ${param(args.currency)} THEN NULL ELSE to_char(day, 'YYYY-MM-DD') END` : "NULL";
  return {
    sql: `SELECT ${key} AS key, ${currency} AS currency, ${fxDay} AS fx_day, ${sums}
          FROM ${source.table} WHERE ${where.join(" AND ")} GROUP BY 1, 2, 3`,
    params,
  };
}
