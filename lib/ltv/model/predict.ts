// Per-customer predictions from a fitted model: the chance they are still a customer, and expected
// orders and revenue over horizons counted in days. Revenue leaves as a decimal string; the floats
// stay inside the model.
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { expectedTransactions, probabilityAlive } from "./bgnbd";
import type { FittedLtvModel } from "./fit";
import { spendOf } from "./fit";
import { expectedAverageValue } from "./gamma-gamma";
import { checkSummary, type CustomerSummary } from "./types";

export const DEFAULT_HORIZONS_DAYS = [90, 180, 365] as const;

export interface HorizonPrediction {
  days: number;
  /** Expected orders (purchase days) in the next `days` days. */
  expectedOrders: number;
  /** expectedOrders × the expected value of one of their orders, as a decimal string. */
  expectedRevenue: string;
}

export interface CustomerPrediction {
  /** P(alive): the probability the customer has not lapsed. */
  probabilityActive: number;
  /** The expected value of one future order, as a decimal string. */
  expectedOrderValue: string;
  horizons: HorizonPrediction[];
}

/** A float amount as an exact 4-place decimal string (rounded once, from its shortest decimal form). */
export function moneyString(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Not a finite amount: ${amount}.`);
  return formatDecimal(parseDecimal(amount.toFixed(4)), 2);
}

/** Expected value of one future order in float, shared with the backtest's sums. */
export function expectedOrderValueOf(model: FittedLtvModel, customer: CustomerSummary): number {
  // A customer with no positive repeat spend is, to Gamma-Gamma, one it has not seen buy again.
  const spend = spendOf(customer);
  return expectedAverageValue(model.gammaGamma, spend?.repeats ?? 0, spend?.meanValue ?? 0);
}

/** Expected orders in the next `days` days, for a summary in the model's unit. */
export function expectedOrdersOf(model: FittedLtvModel, customer: CustomerSummary, days: number): number {
  return expectedTransactions(model.bgnbd, customer, days / model.unitDays);
}

export function predictCustomer(
  model: FittedLtvModel,
  customer: CustomerSummary,
  horizonsDays: readonly number[] = DEFAULT_HORIZONS_DAYS,
): CustomerPrediction {
  checkSummary(customer);
  for (const days of horizonsDays) {
    if (!(days > 0 && Number.isFinite(days))) throw new RangeError(`A horizon must be a positive number of days, got ${days}.`);
  }
  const orderValue = expectedOrderValueOf(model, customer);
  return {
    probabilityActive: probabilityAlive(model.bgnbd, customer),
    expectedOrderValue: moneyString(orderValue),
    horizons: horizonsDays.map((days) => {
      const expectedOrders = expectedOrdersOf(model, customer, days);
      return { days, expectedOrders, expectedRevenue: moneyString(expectedOrders * orderValue) };
    }),
  };
}
