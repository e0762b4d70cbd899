import { describe, expect, it } from "vitest";
import { expectedTransactions, probabilityAlive } from "./bgnbd";
import type { FittedLtvModel } from "./fit";
import { expectedAverageValue } from "./gamma-gamma";
import { moneyString, predictCustomer } from "./predict";

// CDNOW's published parameters, with weeks as the unit.
const MODEL: FittedLtvModel = {
  kind: "fitted",
  unitDays: 7,
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  logLikelihood: { bgnbd: -9582.4, gammaGamma: -4000 },
  customers: 2357,
  repeatCustomers: 946,
};

describe("predictCustomer", () => {
  const customer = { repeats: 2, recency: 30.43, age: 38.86, meanRepeatValue: "40.00" };

  it("predicts orders over 90, 180 and 365 days in the model's weeks, and revenue as decimal strings", () => {
    const prediction = predictCustomer(MODEL, customer);
    expect(prediction.probabilityActive).toBeCloseTo(probabilityAlive(MODEL.bgnbd, customer), 15);
    const orderValue = expectedAverageValue(MODEL.gammaGamma, 2, 40);
    expect(prediction.expectedOrderValue).toBe(moneyString(orderValue));
    expect(prediction.horizons.map((h) => h.days)).toEqual([90, 180, 365]);
    for (const h of prediction.horizons) {
      expect(h.expectedOrders).toBeCloseTo(expectedTransactions(MODEL.bgnbd, customer, h.days / 7), 12);
      expect(h.expectedRevenue).toMatch(/^\d+\.\d{2,4}$/);
      expect(Number(h.expectedRevenue)).toBeCloseTo(h.expectedOrders * orderValue, 3);
    }
    const revenue = prediction.horizons.map((h) => Number(h.expectedRevenue));
    expect(revenue[0]).toBeLessThan(revenue[1]!);
    expect(revenue[1]).toBeLessThan(revenue[2]!);
  });

  it("gives a customer without repeat spend the population's mean order value", () => {
    const population = moneyString((6.25 * 15.44) / (3.74 - 1));
    expect(predictCustomer(MODEL, { repeats: 0, recency: 0, age: 10, meanRepeatValue: null }).expectedOrderValue).toBe(population);
    expect(predictCustomer(MODEL, { repeats: 1, recency: 2, age: 10, meanRepeatValue: "0.00" }).expectedOrderValue).toBe(population);
  });

  it("takes any horizons, and refuses ones that are not a positive number of days", () => {
    expect(predictCustomer(MODEL, customer, [30]).horizons).toHaveLength(1);
    expect(() => predictCustomer(MODEL, customer, [0])).toThrow(/horizon/);
    expect(() => predictCustomer(MODEL, customer, [Number.NaN])).toThrow(/horizon/);
  });
});

describe("moneyString", () => {
  it("writes a float as an exact decimal rounded to 4 places", () => {
    expect(moneyString(0.1 + 0.2)).toBe("0.30");
    expect(moneyString(12.345678)).toBe("12.3457");
    expect(moneyString(1e9 / 3)).toBe("333333333.3333");
    expect(() => moneyString(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
