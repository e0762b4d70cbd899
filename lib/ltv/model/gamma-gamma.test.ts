import { describe, expect, it } from "vitest";
import { spendOf } from "./fit";
import { expectedAverageValue, fitGammaGamma, gammaGammaLogLikelihood, gammaGammaObjective, type SpendSummary } from "./gamma-gamma";
import { simulateSummaries } from "./simulate";

const customers: SpendSummary[] = simulateSummaries({
  customers: 5_000,
  seed: 5,
  bgnbd: { r: 0.5, alpha: 20, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, gamma: 15 },
  acquiredFrom: "2025-01-01",
  acquiredTo: "2025-12-31",
  until: "2025-12-31",
})
  .map(spendOf)
  .filter((s): s is SpendSummary => s !== null);

describe("Gamma-Gamma", () => {
  it("reports the sum of the per-customer log-likelihoods, in the caller's money", () => {
    const fit = fitGammaGamma(customers);
    expect(fit.converged).toBe(true);
    expect(fit.atBound).toEqual([]);
    const direct = customers.reduce((sum, c) => sum + gammaGammaLogLikelihood(fit.params, c), 0);
    expect(fit.logLikelihood).toBeCloseTo(direct, 6);
  });

  it("searches with the exact gradient of its objective", () => {
    const objective = gammaGammaObjective(customers, 35);
    for (const point of [
      [0, 0, 0],
      [1.8, 1.4, -0.8],
      [-1, 3, 2],
    ]) {
      const { gradient } = objective(point);
      point.forEach((_, i) => {
        const h = 1e-6;
        const up = objective(point.map((v, j) => (j === i ? v + h : v))).value;
        const down = objective(point.map((v, j) => (j === i ? v - h : v))).value;
        expect(gradient[i]).toBeCloseTo((up - down) / (2 * h), 6);
      });
    }
  });

  it("gives the same p and q in any currency unit, gamma scaled by it", () => {
    const dollars = fitGammaGamma(customers);
    const cents = fitGammaGamma(customers.map((c) => ({ ...c, meanValue: c.meanValue * 100 })));
    expect(cents.params.p / dollars.params.p).toBeCloseTo(1, 4);
    expect(cents.params.q / dollars.params.q).toBeCloseTo(1, 4);
    expect(cents.params.gamma / 100 / dollars.params.gamma).toBeCloseTo(1, 4);
  });

  it("expects a weighted mean of the population's mean and the customer's own, leaning to theirs as they buy more", () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (params.p * params.gamma) / (params.q - 1);
    expect(expectedAverageValue(params, 0, 0)).toBeCloseTo(population, 12);
    for (const [x, m] of [
      [1, 10],
      [4, 80],
      [30, 45],
    ] as const) {
      const weight = (params.q - 1) / (params.p * x + params.q - 1);
      expect(expectedAverageValue(params, x, m)).toBeCloseTo(weight * population + (1 - weight) * m, 10);
    }
    expect(Math.abs(expectedAverageValue(params, 10_000, 45) - 45)).toBeLessThan(0.01);
  });
});
