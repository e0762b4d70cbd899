import { getPool, utc } from "@/lib/db/pool";
import type { FittedLtvModel } from "@/lib/ltv/model";
import { predictorFor, type Predictor } from "./predictor";
import type { SummarizedCustomer } from "./summaries";

// A fit's predictions, written onto each customer's profile, and each month cohort's predicted
// 12-month LTV. Written in batches (UPDATE ... FROM unnest) so 500,000 customers take a few hundred
// statements, not 500,000.

export const PREDICTION_BATCH = 5_000;
const HORIZONS = [90, 180, 365] as const;
/** Day 0 to day 364 of the first order's year: the window net_sales_365 and the 12-month LTV cover. */
const YEAR_DAYS = 365;

export type CohortPrediction = { cohort: string; customers: number; predicted: string };

type Columns = {
  keys: string[];
  pActive: number[];
  expectedOrders365: number[];
  predicted90: string[];
  predicted180: string[];
  predicted365: string[];
  /** Expected net sales over the days of the first year still to come (0 once it has passed). */
  restOfYear: string[];
};

const emptyColumns = (): Columns => ({ keys: [], pActive: [], expectedOrders365: [], predicted90: [], predicted180: [], predicted365: [], restOfYear: [] });

/** One customer's predictions, with the expected revenue for the rest of its first 365 days. */
export function predictionOf(predictor: Predictor, customer: SummarizedCustomer) {
  // The calibration end is the (age_days + 1)th day of the window: what is left is still to come.
  const daysLeft = YEAR_DAYS - (customer.ageDays + 1);
  const { summary } = customer;
  const [o90, o180, o365] = HORIZONS.map((days) => predictor.expectedOrders(summary, days)) as [number, number, number];
  return {
    pActive: predictor.probabilityActive(summary),
    expectedOrders365: o365,
    predicted90: predictor.expectedRevenue(summary, o90),
    predicted180: predictor.expectedRevenue(summary, o180),
    predicted365: predictor.expectedRevenue(summary, o365),
    restOfYear: daysLeft > 0 ? predictor.expectedRevenue(summary, predictor.expectedOrders(summary, daysLeft)) : "0",
  };
}

/**
 * Writes the model's predictions for these customers, stamped `predictedAt`, then clears the
 * predictions of every other customer of the workspace (none of them was part of this fit).
 * predicted_ltv_12m = net sales within the first 365 days so far + the expected rest of them.
 */
export async function writePredictions(workspaceId: string, model: FittedLtvModel, customers: readonly SummarizedCustomer[], predictedAt: Date): Promise<void> {
  const pool = getPool();
  const predictor = predictorFor(model);
  for (let start = 0; start < customers.length; start += PREDICTION_BATCH) {
    const batch = emptyColumns();
    for (const customer of customers.slice(start, start + PREDICTION_BATCH)) {
      const p = predictionOf(predictor, customer);
      batch.keys.push(customer.key);
      batch.pActive.push(p.pActive);
      batch.expectedOrders365.push(p.expectedOrders365);
      batch.predicted90.push(p.predicted90);
      batch.predicted180.push(p.predicted180);
      batch.predicted365.push(p.predicted365);
      batch.restOfYear.push(p.restOfYear);
    }
    await pool.query(
      `UPDATE customer_profiles p
       SET p_active = u.p_active, expected_orders_365 = u.expected_orders_365,
           predicted_90 = u.predicted_90, predicted_180 = u.predicted_180, predicted_365 = u.predicted_365,
           predicted_ltv_12m = p.net_sales_365 + u.rest_of_year, predicted_at = $2
       FROM unnest($3::text[], $4::float8[], $5::float8[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
         AS u(customer_key, p_active, expected_orders_365, predicted_90, predicted_180, predicted_365, rest_of_year)
       WHERE p.workspace_id = $1 AND p.customer_key = u.customer_key`,
      [workspaceId, utc(predictedAt), batch.keys, batch.pActive, batch.expectedOrders365, batch.predicted90, batch.predicted180, batch.predicted365, batch.restOfYear],
    );
  }
  await clearPredictions(workspaceId, predictedAt);
}

/** Nulls the predictions of the workspace's customers not stamped `keep` (all of them without it). */
export async function clearPredictions(workspaceId: string, keep?: Date): Promise<void> {
  await getPool().query(
    `UPDATE customer_profiles
     SET p_active = NULL, expected_orders_365 = NULL, predicted_90 = NULL, predicted_180 = NULL, predicted_365 = NULL,
         predicted_ltv_12m = NULL, predicted_at = NULL
     WHERE workspace_id = $1 AND predicted_at IS NOT NULL AND ($2::timestamp IS NULL OR predicted_at <> $2::timestamp)`,
    [workspaceId, utc(keep)],
  );
}

/** Per month cohort (its first day), the average predicted 12-month LTV of its predicted customers. */
export async function cohortPredictions(workspaceId: string, predictedAt: Date): Promise<CohortPrediction[]> {
  const { rows } = await getPool().query<CohortPrediction>(
    `SELECT to_char(date_trunc('month', first_day), 'YYYY-MM-DD') AS cohort, count(*)::int AS customers,
            round(avg(predicted_ltv_12m), 2)::text AS predicted
     FROM customer_profiles
     WHERE workspace_id = $1 AND predicted_at = $2
     GROUP BY 1 ORDER BY 1`,
    [workspaceId, utc(predictedAt)],
  );
  return rows;
}
