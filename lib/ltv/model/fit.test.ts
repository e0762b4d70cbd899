import { describe, expect, it } from "vitest";
import { fitLtvModel, MINIMUM_CUSTOMERS, MINIMUM_REPEAT_CUSTOMERS } from "./fit";
import { simulateSummaries, type SimulationOptions } from "./simulate";
import type { CustomerSummary } from "./types";

const STORE: SimulationOptions = {
  customers: 3_000,
  seed: 21,
  bgnbd: { r: 0.5, alpha: 20, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, gamma: 15 },
  acquiredFrom: "2025-01-01",
  acquiredTo: "2025-12-31",
  until: "2025-12-31",
};
const once = (age: number): CustomerSummary => ({ repeats: 0, recency: 0, age, meanRepeatValue: null });
const again = (repeats: number, recency: number, age: number, meanRepeatValue: string): CustomerSummary => ({ repeats, recency, age, meanRepeatValue });

describe("fitLtvModel", () => {
  it("fits both models on enough data, with finite parameters and the counts", () => {
    const fit = fitLtvModel(simulateSummaries(STORE), { unitDays: 1 });
    expect(fit.kind).toBe("fitted");
    if (fit.kind !== "fitted") return;
    expect(fit.customers).toBe(3_000);
    expect(fit.repeatCustomers).toBeGreaterThan(MINIMUM_REPEAT_CUSTOMERS);
    for (const value of [...Object.values(fit.bgnbd), ...Object.values(fit.gammaGamma), fit.logLikelihood.bgnbd, fit.logLikelihood.gammaGamma]) {
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it(`says not enough data below ${MINIMUM_CUSTOMERS} customers`, () => {
    const fit = fitLtvModel(simulateSummaries({ ...STORE, customers: MINIMUM_CUSTOMERS - 1 }), { unitDays: 1 });
    expect(fit).toMatchObject({ kind: "not_enough_data", reason: "too_few_customers", customers: 99, minimumCustomers: 100 });
    expect(fit.kind === "not_enough_data" && fit.message).toMatch(/at least 100 customers; there are 99/);
  });

  it(`says not enough data below ${MINIMUM_REPEAT_CUSTOMERS} repeat customers, not counting repeats worth nothing`, () => {
    const customers = [
      ...Array.from({ length: 200 }, (_, i) => once(10 + (i % 50))),
      ...Array.from({ length: MINIMUM_REPEAT_CUSTOMERS - 1 }, (_, i) => again(1 + (i % 3), 5 + (i % 5), 60, "25.00")),
      // Refunded to nothing: Gamma-Gamma has no positive spend to model.
      again(2, 8, 40, "0.00"),
      again(1, 3, 40, "-5.00"),
    ];
    expect(fitLtvModel(customers, { unitDays: 1 })).toMatchObject({
      kind: "not_enough_data",
      reason: "too_few_repeat_customers",
      customers: 231,
      repeatCustomers: 29,
      minimumRepeatCustomers: 30,
    });
  });

  it("says not enough data when the history cannot pin a parameter down", () => {
    // Every repeat customer bought right up to the end, so nobody seems ever to drop out.
    const customers = Array.from({ length: 300 }, (_, i) => again(5 + (i % 10), 100, 100, `${20 + (i % 7)}.00`));
    expect(fitLtvModel(customers, { unitDays: 1 })).toMatchObject({
      kind: "not_enough_data",
      reason: "parameter_at_bound",
      model: "bgnbd",
      parameters: expect.arrayContaining(["a"]),
    });
  });

  it("says not enough data, never NaN, when every repeat order is worth the same", () => {
    // No variation in spend at all: Gamma-Gamma's p and q run off towards infinity.
    const customers = simulateSummaries(STORE).map((c) => ({ ...c, meanRepeatValue: c.repeats > 0 ? "25.00" : null }));
    const fit = fitLtvModel(customers, { unitDays: 1 });
    expect(fit).toMatchObject({ kind: "not_enough_data", model: "gamma_gamma" });
    expect(["did_not_converge", "parameter_at_bound"]).toContain(fit.kind === "not_enough_data" && fit.reason);
  });

  it("says not enough data when spend varies so much that its average is unbounded", () => {
    // Customers' spend levels from a Gamma-Gamma with q < 1, whose mean is infinite.
    const fit = fitLtvModel(simulateSummaries({ ...STORE, customers: 20_000, gammaGamma: { p: 6, q: 0.6, gamma: 15 } }), { unitDays: 1 });
    expect(fit).toMatchObject({ kind: "not_enough_data", reason: "mean_spend_unbounded", model: "gamma_gamma" });
  });

  it("refuses summaries no purchase history could produce, naming the field", () => {
    expect(() => fitLtvModel([again(1, 5, 3, "1.00")], { unitDays: 1 })).toThrow(/recency/);
    expect(() => fitLtvModel([again(1.5, 2, 3, "1.00")], { unitDays: 1 })).toThrow(/repeats/);
    expect(() => fitLtvModel([once(-1)], { unitDays: 1 })).toThrow(/age/);
    expect(() => fitLtvModel([], { unitDays: 0 })).toThrow(/unitDays/);
  });
});
