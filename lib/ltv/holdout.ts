import { add, formatDecimal, parseDecimal, ZERO, type Dec } from "@/lib/metrics/definitions/decimal";
import { fitLtvModel, type FittedLtvModel } from "@/lib/ltv/model";
import { addDays } from "@/lib/time/zone";
import { predictorFor } from "./predictor";
import { earliestFirstDay, summarizeCustomers, UNIT_DAYS, type SummarizedCustomer } from "./summaries";

// The backtest on the workspace's own history. The rule: the holdout is the last 90 days up to the
// calibration end; the model is fitted on the history up to the day before them (the cut-off), which
// must hold at least 180 days of orders (the earliest first order 180 or more days before the
// cut-off). Then each customer known at the cut-off is predicted over the holdout and set beside
// what they did: order days and the order events' net sales (as the model counts them).
// Customers first seen in the holdout are not predicted, so they are not counted on either side.

export const HOLDOUT_DAYS = 90;
export const MIN_HISTORY_DAYS = 180;

export type BacktestRow = { customers: number; predicted_orders: number; actual_orders: number; predicted_revenue: string; actual_revenue: string };
export type DecileRow = BacktestRow & { decile: number };
export type CohortRow = BacktestRow & { cohort: string };

export type BacktestResult =
  | {
      status: "done";
      cut_off: string;
      holdout_from: string;
      holdout_to: string;
      holdout_days: number;
      customers: number;
      repeat_customers: number;
      overall: BacktestRow;
      /** Decile 1 holds the tenth of customers with the highest predicted revenue. */
      deciles: DecileRow[];
      /** Month cohorts (first day of the month of the first order). */
      cohorts: CohortRow[];
      /** Mean absolute percentage error of month cohorts' totals, over cohorts with actual > 0 (fractions). */
      mape: { orders: number | null; revenue: number | null };
      /** The same error over the deciles: how well predicted value ranks and sizes customers. */
      decile_calibration: { orders: number | null; revenue: number | null };
    }
  | { status: "skipped" | "not_enough_data"; reason: string; cut_off: string; holdout_from: string; holdout_to: string; holdout_days: number };

type Outcome = { key: string; cohort: string; predictedOrders: number; predictedRevenue: Dec; actualOrders: number; actualRevenue: Dec };

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Mean |predicted - actual| / actual over the pairs whose actual is above zero; null when none is. */
export function meanAbsolutePercentageError(pairs: readonly (readonly [predicted: number, actual: number])[]): number | null {
  const scored = pairs.filter(([, actual]) => actual > 0);
  if (scored.length === 0) return null;
  return round(scored.reduce((sum, [predicted, actual]) => sum + Math.abs(predicted - actual) / actual, 0) / scored.length, 4);
}

function row(outcomes: readonly Outcome[]): BacktestRow {
  let predictedOrders = 0;
  let actualOrders = 0;
  let predictedRevenue = ZERO;
  let actualRevenue = ZERO;
  for (const o of outcomes) {
    predictedOrders += o.predictedOrders;
    actualOrders += o.actualOrders;
    predictedRevenue = add(predictedRevenue, o.predictedRevenue);
    actualRevenue = add(actualRevenue, o.actualRevenue);
  }
  return {
    customers: outcomes.length,
    predicted_orders: round(predictedOrders, 2),
    actual_orders: actualOrders,
    predicted_revenue: formatDecimal(predictedRevenue, 2),
    actual_revenue: formatDecimal(actualRevenue, 2),
  };
}

const errorOf = (rows: readonly BacktestRow[]) => ({
  orders: meanAbsolutePercentageError(rows.map((r) => [r.predicted_orders, r.actual_orders])),
  revenue: meanAbsolutePercentageError(rows.map((r) => [Number(r.predicted_revenue), Number(r.actual_revenue)])),
});

/** Predicted beside actual for customers summarised at the cut-off, with their holdout outcomes. */
export function compareHoldout(model: FittedLtvModel, customers: readonly SummarizedCustomer[], holdoutDays: number) {
  const predictor = predictorFor(model);
  const outcomes: Outcome[] = customers.map((c) => {
    const predictedOrders = predictor.expectedOrders(c.summary, holdoutDays);
    return {
      key: c.key,
      cohort: `${c.firstDay.slice(0, 7)}-01`,
      predictedOrders,
      predictedRevenue: parseDecimal(predictor.expectedRevenue(c.summary, predictedOrders)),
      actualOrders: c.holdoutOrders,
      actualRevenue: parseDecimal(c.holdoutNet),
    };
  });
  // Highest predicted value first; ties by key, so the table does not depend on row order.
  const ranked = [...outcomes].sort((u, v) => (u.predictedRevenue === v.predictedRevenue ? (u.key < v.key ? -1 : 1) : u.predictedRevenue > v.predictedRevenue ? -1 : 1));
  const deciles = Array.from({ length: 10 }, (_, i) => ({
    decile: i + 1,
    ...row(ranked.slice(Math.floor((i * ranked.length) / 10), Math.floor(((i + 1) * ranked.length) / 10))),
  }));
  const byCohort = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const members = byCohort.get(o.cohort);
    if (members) members.push(o);
    else byCohort.set(o.cohort, [o]);
  }
  const cohorts = [...byCohort.keys()].sort().map((cohort) => ({ cohort, ...row(byCohort.get(cohort)!) }));
  return { overall: row(outcomes), deciles, cohorts, mape: errorOf(cohorts), decile_calibration: errorOf(deciles) };
}

/** The backtest for a model calibrated up to `calibrationEnd`, by the rule above. */
export async function backtestWorkspace(workspaceId: string, calibrationEnd: string): Promise<BacktestResult> {
  const cutOff = addDays(calibrationEnd, -HOLDOUT_DAYS);
  const window = { cut_off: cutOff, holdout_from: addDays(cutOff, 1), holdout_to: calibrationEnd, holdout_days: HOLDOUT_DAYS };
  const first = await earliestFirstDay(workspaceId);
  const history = first === null ? 0 : daysBetween(first, cutOff);
  if (history < MIN_HISTORY_DAYS) {
    return {
      status: "skipped",
      reason:
        `The backtest needs ${MIN_HISTORY_DAYS + HOLDOUT_DAYS} days of orders: ${MIN_HISTORY_DAYS} to fit on and the last ${HOLDOUT_DAYS} to check against; ` +
        (first === null ? "there are none yet." : `the first order was ${daysBetween(first, calibrationEnd)} days ago.`),
      ...window,
    };
  }
  const customers = await summarizeCustomers(workspaceId, cutOff, calibrationEnd);
  const fit = fitLtvModel(
    customers.map((c) => c.summary),
    { unitDays: UNIT_DAYS },
  );
  if (fit.kind !== "fitted") return { status: "not_enough_data", reason: `Fitted on the history before ${window.holdout_from}: ${fit.message}`, ...window };
  return { status: "done", ...window, customers: fit.customers, repeat_customers: fit.repeatCustomers, ...compareHoldout(fit, customers, HOLDOUT_DAYS) };
}
