import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { formatDecimal, parseDecimal } from "./decimal";
import { FACT_CTES, factParams } from "./facts-sql";
import { getMetric, emptyTotals, type MetricId, type MetricValue, type Totals } from "./registry";
import { workspaceTimeZone, ZDayRangeSchema, type TDayRange } from "./rollup";
import { getMetricSettings } from "./settings";

// Reads: base sums over a day range from the rollup, and metrics computed from them through the
// registry. Money sums are Postgres numeric, read as strings, so they stay exact.

const SUM_SQL = `
SELECT currency,
       sum(gross_sales)::text AS gross_sales, sum(discounts)::text AS discounts, sum(returns)::text AS returns,
       sum(shipping)::text AS shipping, sum(taxes)::text AS taxes,
       sum(orders)::int AS orders, sum(units)::int AS units, sum(new_customers)::int AS new_customers
FROM sales_daily
WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date
GROUP BY currency`;

// Returning customers are not additive over days (one customer ordering on two days of the range
// is one returning customer), so the period count is taken from the facts: customers with a
// counted order in the range whose first order came before the range.
const RETURNING_SQL = `
WITH ${FACT_CTES}
SELECT count(*)::int AS returning_customers FROM customer_first WHERE first_day < $3::date`;

/** "247.4900" -> "247.49": the same exact value, written the way every money value is. */
const exact = (value: string) => formatDecimal(parseDecimal(value));

/** One row of sums per currency, with the same fields as Totals. */
type SumRow = Pick<Totals, "gross_sales" | "discounts" | "returns" | "shipping" | "taxes" | "orders" | "units" | "new_customers"> & {
  currency: string;
};

/**
 * Sales base sums for the local days fromDay..toDay (inclusive), from sales_daily (rebuild it
 * first for days whose facts changed). Ad and traffic inputs are zero until those connectors exist.
 */
export async function salesTotals(workspaceId: string, range: TDayRange): Promise<Totals> {
  const { fromDay, toDay } = parseInput(ZDayRangeSchema, range);
  const [timeZone, settings] = await Promise.all([workspaceTimeZone(workspaceId), getMetricSettings(workspaceId)]);
  const pool = getPool();
  const [sums, returning] = await Promise.all([
    pool.query<SumRow>(SUM_SQL, [workspaceId, fromDay, toDay]),
    pool.query<{ returning_customers: number }>(RETURNING_SQL, factParams(workspaceId, timeZone, fromDay, toDay, settings.excludedLineItems)),
  ]);
  if (sums.rows.length > 1) {
    // Summing two currencies would be wrong; conversion needs dated exchange rates (not built yet).
    throw new AppError("conflict", `Sales are in several currencies (${sums.rows.map((r) => r.currency).join(", ")}); currency conversion is not available yet.`);
  }
  const row = sums.rows[0];
  const totals = emptyTotals(row?.currency ?? null);
  totals.returning_customers = returning.rows[0]?.returning_customers ?? 0;
  if (!row) return totals;
  return {
    ...totals,
    gross_sales: exact(row.gross_sales),
    discounts: exact(row.discounts),
    returns: exact(row.returns),
    shipping: exact(row.shipping),
    taxes: exact(row.taxes),
    orders: row.orders,
    units: row.units,
    new_customers: row.new_customers,
  };
}

/** The requested metrics, by id, computed from base sums through the registry. */
export function computeMetrics<Id extends MetricId>(ids: readonly Id[], totals: Totals): Record<Id, MetricValue> {
  return Object.fromEntries(ids.map((id) => [id, getMetric(id).compute(totals)])) as Record<Id, MetricValue>;
}
