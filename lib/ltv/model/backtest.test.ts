import { describe, expect, it } from "vitest";
import { add, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { backtest, meanAbsolutePercentageError, type Backtest } from "./backtest";
import { simulateCustomers, type SimulationOptions } from "./simulate";

const STORE: SimulationOptions = {
  customers: 20_000,
  seed: 7,
  bgnbd: { r: 1, alpha: 100, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  acquiredFrom: "2024-01-01",
  acquiredTo: "2025-06-30",
  until: "2025-12-31",
};
const WINDOW = { calibrationEnd: "2025-06-30", holdoutEnd: "2025-12-31" };
const relativeError = (predicted: number, actual: number) => Math.abs(predicted - actual) / actual;

describe("backtest on customers drawn from the model itself", () => {
  const histories = simulateCustomers(STORE);
  const result = backtest(histories, WINDOW) as Backtest;

  it("fits on the history before the cut-off and predicts the 184-day holdout", () => {
    expect(result.kind).toBe("backtest");
    expect(result.holdoutDays).toBe(184);
    expect(result.overall.customers).toBe(20_000);
  });

  // With 20,000 customers (about 16,000 holdout orders) the holdout totals carry a sampling error
  // of 1-2%, a decile's 5%; the tolerances are about twice that, and hold over other seeds too.
  // A mistake in units, horizon or cut-off moves these by far more.
  it("predicts the holdout's orders and revenue within 4%, and cohort totals within 8% on average", () => {
    expect(relativeError(result.overall.predictedOrders, result.overall.actualOrders)).toBeLessThan(0.04);
    expect(relativeError(Number(result.overall.predictedRevenue), Number(result.overall.actualRevenue))).toBeLessThan(0.04);
    expect(result.mape.orders).toBeLessThan(0.08);
    expect(result.mape.revenue).toBeLessThan(0.08);
  });

  it("counts the actual revenue exactly: every holdout purchase, once", () => {
    const holdout = histories.flatMap((h) => h.purchases).filter((p) => p.day > WINDOW.calibrationEnd && p.day <= WINDOW.holdoutEnd);
    expect(result.overall.actualRevenue).toBe(formatDecimal(add(...holdout.map((p) => parseDecimal(p.amount))), 2));
    const decileSum = add(...result.deciles.map((d) => parseDecimal(d.actualRevenue)));
    const cohortSum = add(...result.cohorts.map((c) => parseDecimal(c.actualRevenue)));
    expect(formatDecimal(decileSum, 2)).toBe(result.overall.actualRevenue);
    expect(formatDecimal(cohortSum, 2)).toBe(result.overall.actualRevenue);
  });

  it("ranks customers into ten equal deciles whose predictions track what they did", () => {
    expect(result.deciles.map((d) => d.customers)).toEqual(Array(10).fill(2_000));
    const predicted = result.deciles.map((d) => Number(d.predictedRevenue));
    predicted.reduce((previous, next) => (expect(next).toBeLessThanOrEqual(previous), next));
    for (const d of result.deciles) {
      expect(relativeError(Number(d.predictedRevenue), Number(d.actualRevenue))).toBeLessThan(0.12);
      expect(relativeError(d.predictedOrders, d.actualOrders)).toBeLessThan(0.12);
    }
    expect(Number(result.deciles[0]!.actualRevenue)).toBeGreaterThan(5 * Number(result.deciles[9]!.actualRevenue));
  });

  it("groups cohorts by the month of the first purchase, and leaves customers first seen in the holdout out", () => {
    expect(result.cohorts.map((c) => c.cohort)).toEqual(
      Array.from({ length: 18 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`),
    );
    const late = [...histories, { id: "late", purchases: [{ day: "2025-08-01", amount: "50.00" }] }];
    expect((backtest(late, WINDOW) as Backtest).overall.customers).toBe(20_000);
  });

  it("never lets the holdout into the fit", () => {
    const doubled = histories.map((h) => ({
      id: h.id,
      purchases: [...h.purchases, ...h.purchases.filter((p) => p.day > WINDOW.calibrationEnd)],
    }));
    expect((backtest(doubled, WINDOW) as Backtest).model).toEqual(result.model);
  });
});

describe("backtest with too little data", () => {
  it("reports not enough data with the counts, before predicting anything", () => {
    const few = simulateCustomers({ ...STORE, customers: 60 });
    const result = backtest(few, WINDOW);
    expect(result).toMatchObject({
      kind: "not_enough_data",
      reason: "too_few_customers",
      customers: 60,
      minimumCustomers: 100,
      calibrationEnd: "2025-06-30",
      holdoutEnd: "2025-12-31",
    });
  });

  it("reports not enough data when nobody bought again before the cut-off", () => {
    const once = Array.from({ length: 500 }, (_, i) => ({
      id: `c${i}`,
      purchases: [
        { day: "2025-03-01", amount: "20.00" },
        { day: "2025-09-01", amount: "20.00" },
      ],
    }));
    expect(backtest(once, WINDOW)).toMatchObject({ kind: "not_enough_data", reason: "too_few_repeat_customers", repeatCustomers: 0 });
  });

  it("refuses a holdout that ends before it starts, naming the field", () => {
    expect(() => backtest([], { calibrationEnd: "2025-06-30", holdoutEnd: "2025-06-30" })).toThrow(/holdoutEnd/);
    expect(() => backtest([], { calibrationEnd: "2025-06-31", holdoutEnd: "2025-07-30" })).toThrow(/calibrationEnd/);
  });
});

describe("meanAbsolutePercentageError", () => {
  it("averages over the groups with actual values above zero", () => {
    expect(
      meanAbsolutePercentageError([
        [110, 100],
        [45, 50],
        [3, 0],
      ]),
    ).toBeCloseTo((0.1 + 0.1) / 2, 12);
    expect(meanAbsolutePercentageError([[5, 0]])).toBeNull();
  });
});
