import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import type { CustomerSummary } from "@/lib/ltv/model";

// Purchase histories summarised in PostgreSQL, straight from customer_events, so a store with
// hundreds of thousands of customers never loads its events into the app: one row per customer.
//
// The rules, shared by the fit and the backtest:
// - a transaction is a local day with at least one counted order (orders on one day are one);
// - repeats = order days - 1, recency = last order day - first order day, age = calibration end -
//   first order day, all in weeks (days / 7), the unit the model's parameters are stored in;
// - the mean repeat value is the order events' net sales on the repeat days / repeats. Refunds are
//   events of their own and are left out: the spend model describes what a customer buys, and
//   returns already lower the actual net sales the predictions are added to;
// - only customers whose first order is on or before the calibration end take part.

export const UNIT_DAYS = 7;

export type SummarizedCustomer = {
  key: string;
  /** First order's local day, YYYY-MM-DD. */
  firstDay: string;
  /** Days from the first order day to the calibration end. */
  ageDays: number;
  summary: CustomerSummary;
  /** Order days and their order net sales after the calibration end, up to the holdout's end. */
  holdoutOrders: number;
  holdoutNet: string;
};

type Row = [key: string, firstDay: string, repeats: number, recencyDays: number, ageDays: number, meanRepeat: string | null, holdoutOrders: number, holdoutNet: string];

const SQL = `
WITH days AS (
  SELECT customer_key, day, sum(net_sales) AS net
  FROM customer_events
  WHERE workspace_id = $1 AND is_order AND day <= $3::date
  GROUP BY customer_key, day
), marked AS (
  SELECT customer_key, day, net, min(day) OVER (PARTITION BY customer_key) AS first_day FROM days
), summed AS (
  SELECT customer_key, first_day,
         count(*) FILTER (WHERE day <= $2::date) - 1 AS repeats,
         max(day) FILTER (WHERE day <= $2::date) - first_day AS recency_days,
         $2::date - first_day AS age_days,
         sum(net) FILTER (WHERE day > first_day AND day <= $2::date) AS repeat_net,
         count(*) FILTER (WHERE day > $2::date) AS holdout_orders,
         coalesce(sum(net) FILTER (WHERE day > $2::date), 0) AS holdout_net
  FROM marked
  WHERE first_day <= $2::date
  GROUP BY customer_key, first_day
)
SELECT customer_key, to_char(first_day, 'YYYY-MM-DD'), repeats::int, recency_days::int, age_days::int,
       CASE WHEN repeats > 0 THEN round(repeat_net / repeats, 4)::text END,
       holdout_orders::int, holdout_net::text
FROM summed`;

/**
 * Every customer's summary as of `calibrationEnd` (inclusive), with what they did in the days after
 * it up to `holdoutEnd` (the same day when there is no holdout).
 */
export async function summarizeCustomers(
  workspaceId: string,
  calibrationEnd: string,
  holdoutEnd: string = calibrationEnd,
  client?: PoolClient,
): Promise<SummarizedCustomer[]> {
  const runner = client ?? getPool();
  const { rows } = await runner.query<Row>({ text: SQL, values: [workspaceId, calibrationEnd, holdoutEnd], rowMode: "array" });
  return rows.map(([key, firstDay, repeats, recencyDays, ageDays, meanRepeat, holdoutOrders, holdoutNet]) => ({
    key,
    firstDay,
    ageDays,
    summary: { repeats, recency: recencyDays / UNIT_DAYS, age: ageDays / UNIT_DAYS, meanRepeatValue: meanRepeat },
    holdoutOrders,
    holdoutNet,
  }));
}

/** The first order day of the workspace's earliest customer, or null without any. */
export async function earliestFirstDay(workspaceId: string): Promise<string | null> {
  const { rows } = await getPool().query<{ first: string | null }>(
    "SELECT to_char(min(day), 'YYYY-MM-DD') AS first FROM customer_events WHERE workspace_id = $1 AND is_order",
    [workspaceId],
  );
  return rows[0]?.first ?? null;
}
