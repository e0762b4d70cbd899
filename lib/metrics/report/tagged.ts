import type { Dimension, TReportFilters } from "./schema";
import type { SourceQuery, SourceSpec } from "./sql";

// A report of one tag's customers (a tag of lib/tags: an audience). The rollups hold no customer,
// so the metrics that are sums over customers' orders are read from the customers' ledger
// (customer_events: each counted order and refund of a customer key after identity merges, its
// net sales already in the workspace currency) joined to the tag's current members. Every other
// metric (ad spend, sessions, gross sales before discounts, shipping, ...) cannot be restricted
// to people and is n/a, named in the report's warnings.

/** The metrics a tag restricts to its members: sums over their orders, and counts of them. */
export const TAG_METRICS: readonly string[] = ["net_sales", "orders", "aov", "new_customers", "returning_customers", "repeat_rate"];

export const isTagMetric = (id: string) => TAG_METRICS.includes(id);

const TIME: readonly (Dimension | null)[] = [null, "day", "week", "month"];

/** Whether a tagged report can read this source under this breakdown: by time only, no other filter. */
export function taggedApplies(spec: SourceSpec, groupBy: Dimension | null, thenBy: Dimension | null, filters: TReportFilters): boolean {
  if ((spec.source !== "sales" && spec.source !== "customers") || spec.group !== null) return false;
  if (!TIME.includes(groupBy) || thenBy !== null) return false;
  return Object.values(filters).every((values) => !values || values.length === 0);
}

function bucket(groupBy: Dimension | null): { key: string; start: string } {
  switch (groupBy) {
    case "day":
      return { key: "to_char(e.day, 'YYYY-MM-DD')", start: "e.day" };
    case "week":
    case "month":
      // A bucket cut by the range starts at the range's first day (as the rollups' statements do).
      return { key: `to_char(date_trunc('${groupBy}', e.day), 'YYYY-MM-DD')`, start: `greatest(date_trunc('${groupBy}', e.day)::date, $2::date)` };
    default:
      return { key: "''", start: "$2::date" };
  }
}

// The members' ledger rows, each with the member's first order day (ever, not in the range).
const MEMBER_EVENTS = `
  SELECT e.customer_key, e.day, e.is_order, e.net_sales,
         min(e.day) FILTER (WHERE e.is_order) OVER (PARTITION BY e.customer_key) AS first_day
  FROM person_tags pt
  JOIN customer_events e ON e.workspace_id = pt.workspace_id AND e.customer_key = pt.person_key
  WHERE pt.workspace_id = $1 AND pt.tag_id = $4`;

/**
 * The source's sums for the tag's members, in the columns the rollups' statements give:
 * sales as gross sales less discounts (orders' net sales), returns (refunds' net sales, negated)
 * and orders; customers as new (first order in the bucket) and returning (ordered in the bucket
 * after an order before it). Parameters: $1 workspace, $2/$3 the range, $4 the tag.
 */
export function taggedSourceQuery(spec: SourceSpec, args: { workspaceId: string; fromDay: string; toDay: string; groupBy: Dimension | null; tag: string }): SourceQuery {
  const params = [args.workspaceId, args.fromDay, args.toDay, args.tag];
  const { key, start } = bucket(args.groupBy);
  if (spec.source === "customers") {
    return {
      sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day,
              count(DISTINCT e.customer_key) FILTER (WHERE e.first_day >= ${start})::text AS new_customers,
              count(DISTINCT e.customer_key) FILTER (WHERE e.first_day < ${start})::text AS returning_customers
            FROM (${MEMBER_EVENTS}) e
            WHERE e.is_order AND e.day BETWEEN $2::date AND $3::date
            GROUP BY 1`,
      params,
    };
  }
  return {
    sql: `SELECT ${key} AS key, NULL AS currency, NULL AS fx_day,
            COALESCE(sum(e.net_sales) FILTER (WHERE e.is_order), 0)::text AS gross_sales, '0' AS discounts,
            COALESCE(-sum(e.net_sales) FILTER (WHERE NOT e.is_order), 0)::text AS returns,
            '0' AS shipping, '0' AS taxes, '0' AS cogs, count(*) FILTER (WHERE e.is_order)::text AS orders, '0' AS units, '0' AS units_without_cost
          FROM (${MEMBER_EVENTS}) e
          WHERE e.day BETWEEN $2::date AND $3::date
          GROUP BY 1`,
    params,
  };
}
