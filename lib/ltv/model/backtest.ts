// How well the model predicts a store's own customers: fit on the history up to a cut-off, predict
// the holdout window after it, and set predictions beside what the same customers then did. Orders
// are purchase days, as the model counts them; revenue is exact on the actual side.
import { add, formatDecimal, ZERO, type Dec } from "@/lib/metrics/definitions/decimal";
import { fitLtvModel, type FittedLtvModel, type NotEnoughData } from "./fit";
import { expectedOrdersOf, expectedOrderValueOf, moneyString } from "./predict";
import { dailyTotals, dayNumber, summarizePurchases, type Purchase } from "./summary";

export interface CustomerHistory {
  id: string;
  purchases: readonly Purchase[];
}

export interface BacktestOptions {
  /** Last day (inclusive) of the history the model is fitted on. */
  calibrationEnd: string;
  /** Last day (inclusive) of the holdout, which starts the day after calibrationEnd. */
  holdoutEnd: string;
  /** Days per model time unit; the predictions do not depend on it, only alpha's scale does. */
  unitDays?: number;
}

/** Predicted beside actual for a group of customers. */
export interface BacktestRow {
  customers: number;
  predictedOrders: number;
  actualOrders: number;
  predictedRevenue: string;
  actualRevenue: string;
}

export interface DecileRow extends BacktestRow {
  /** 1 holds the tenth of customers with the highest predicted revenue. */
  decile: number;
}

export interface CohortRow extends BacktestRow {
  /** The month of the customer's first purchase, YYYY-MM. */
  cohort: string;
}

export interface Backtest {
  kind: "backtest";
  calibrationEnd: string;
  holdoutEnd: string;
  holdoutDays: number;
  model: FittedLtvModel;
  /** Customers with a purchase by calibrationEnd; those first seen in the holdout are not predicted. */
  overall: BacktestRow;
  deciles: DecileRow[];
  cohorts: CohortRow[];
  /**
   * Mean absolute percentage error of cohort totals, |predicted - actual| / actual averaged over the
   * cohorts whose actual total is above zero; null when there is none.
   */
  mape: { orders: number | null; revenue: number | null };
}

export type BacktestResult = Backtest | (NotEnoughData & { calibrationEnd: string; holdoutEnd: string });

interface Outcome {
  cohort: string;
  predictedOrders: number;
  predictedRevenue: number;
  actualOrders: number;
  actualRevenue: Dec;
}

export function backtest(histories: readonly CustomerHistory[], options: BacktestOptions): BacktestResult {
  const { calibrationEnd, holdoutEnd, unitDays = 1 } = options;
  const cut = dayNumber(calibrationEnd, "calibrationEnd");
  const end = dayNumber(holdoutEnd, "holdoutEnd");
  if (end <= cut) throw new RangeError(`holdoutEnd must be after calibrationEnd (${calibrationEnd}), got ${holdoutEnd}.`);
  const holdoutDays = end - cut;

  const known = histories.flatMap((history) => {
    const summary = summarizePurchases(history.purchases, calibrationEnd, unitDays);
    return summary ? [{ history, summary }] : [];
  });
  const fit = fitLtvModel(
    known.map((k) => k.summary),
    { unitDays },
  );
  if (fit.kind !== "fitted") return { ...fit, calibrationEnd, holdoutEnd };

  const outcomes = known.map(({ history, summary }): Outcome & { id: string } => {
    const days = dailyTotals(history.purchases, end);
    const holdout = days.filter((d) => d.day > cut);
    const predictedOrders = expectedOrdersOf(fit, summary, holdoutDays);
    return {
      id: history.id,
      cohort: new Date(days[0]!.day * 86_400_000).toISOString().slice(0, 7),
      predictedOrders,
      predictedRevenue: predictedOrders * expectedOrderValueOf(fit, summary),
      actualOrders: holdout.length,
      actualRevenue: add(...holdout.map((d) => d.total)),
    };
  });

  // Highest predicted value first; ties in id order, so the table does not depend on input order.
  const ranked = [...outcomes].sort((u, v) => v.predictedRevenue - u.predictedRevenue || (u.id < v.id ? -1 : u.id > v.id ? 1 : 0));
  const deciles = Array.from({ length: 10 }, (_, i) => {
    const members = ranked.slice(Math.floor((i * ranked.length) / 10), Math.floor(((i + 1) * ranked.length) / 10));
    return { decile: i + 1, ...row(members) };
  });

  const byCohort = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const members = byCohort.get(o.cohort);
    if (members) members.push(o);
    else byCohort.set(o.cohort, [o]);
  }
  const cohorts = [...byCohort.keys()].sort().map((cohort) => ({ cohort, ...row(byCohort.get(cohort)!) }));
  const cohortTotals = [...byCohort.values()].map(totals);

  return {
    kind: "backtest",
    calibrationEnd,
    holdoutEnd,
    holdoutDays,
    model: fit,
    overall: row(outcomes),
    deciles,
    cohorts,
    mape: {
      orders: meanAbsolutePercentageError(cohortTotals.map((t) => [t.predictedOrders, t.actualOrders])),
      revenue: meanAbsolutePercentageError(cohortTotals.map((t) => [t.predictedRevenue, Number(formatDecimal(t.actualRevenue))])),
    },
  };
}

function totals(outcomes: readonly Outcome[]) {
  let predictedOrders = 0;
  let predictedRevenue = 0;
  let actualOrders = 0;
  let actualRevenue = ZERO;
  for (const o of outcomes) {
    predictedOrders += o.predictedOrders;
    predictedRevenue += o.predictedRevenue;
    actualOrders += o.actualOrders;
    actualRevenue += o.actualRevenue;
  }
  return { predictedOrders, predictedRevenue, actualOrders, actualRevenue };
}

function row(outcomes: readonly Outcome[]): BacktestRow {
  const t = totals(outcomes);
  return {
    customers: outcomes.length,
    predictedOrders: t.predictedOrders,
    actualOrders: t.actualOrders,
    predictedRevenue: moneyString(t.predictedRevenue),
    actualRevenue: formatDecimal(t.actualRevenue, 2),
  };
}

/** Mean of |predicted - actual| / actual over the pairs with actual > 0; null when there is none. */
export function meanAbsolutePercentageError(pairs: readonly (readonly [predicted: number, actual: number])[]): number | null {
  const scored = pairs.filter(([, actual]) => actual > 0);
  if (scored.length === 0) return null;
  return scored.reduce((sum, [predicted, actual]) => sum + Math.abs(predicted - actual) / actual, 0) / scored.length;
}
