import { describe, expect, it } from "vitest";
import { bgnbdLogLikelihood, bgnbdObjective, expectedTransactions, fitBgNbd, probabilityAlive, type BgNbdParams } from "./bgnbd";
import { simulateSummaries } from "./simulate";
import type { PurchaseSummary } from "./types";

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const DAILY: BgNbdParams = { r: 0.25, alpha: 30, a: 0.8, b: 2.5 };
const FREQUENT: BgNbdParams = { r: 1.3, alpha: 2, a: 3.5, b: 12 };

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
const customer = (repeats: number, recency: number, age: number): PurchaseSummary => ({ repeats, recency, age });

describe("conditional predictions", () => {
  // Reference values from the paper's equation (10) and P(alive) as printed, evaluated at 50 digits
  // with mpmath (its hyp2f1 on the untransformed arguments).
  it.each([
    [CDNOW, 2, 30.43, 38.86, 39, 1.2260281747671444463, 0.72657857008067291068],
    [CDNOW, 0, 0, 38.86, 52, 0.25207302228245892842, 1],
    [CDNOW, 40, 38, 38.86, 52, 33.469081351254049768, 0.95883075362831066095],
    [CDNOW, 5, 1, 38.86, 10, 0.00017015186804655243831, 0.00014986501487537091202],
    [DAILY, 0, 0, 0, 365, 1.5224695351770465012, 1],
    [DAILY, 3, 100, 400, 365, 0.23652805381909979931, 0.10334539390610965899],
    [FREQUENT, 7, 20, 25, 8, 0.97792441940936892508, 0.48445879887917735297],
  ])("%o x=%d t_x=%d T=%d over %d", (params, x, recency, age, t, expected, alive) => {
    const summary = customer(x, recency, age);
    expect(relativeError(expectedTransactions(params, summary, t), expected)).toBeLessThan(1e-10);
    expect(relativeError(probabilityAlive(params, summary), alive)).toBeLessThan(1e-12);
  });

  it("takes the limit where the formula divides zero by zero (a = 1) or 2F1 has a cancelled pole (a+b+x-1 = 0)", () => {
    // mpmath at a = 1 + 1e-30 and at a + b - 1 = 1e-30, 50 digits.
    const atOne = expectedTransactions({ r: 0.5, alpha: 10, a: 1, b: 3 }, customer(2, 5, 12), 20);
    expect(relativeError(atOne, 1.1094456263662891061)).toBeLessThan(1e-7);
    const atPole = expectedTransactions({ r: 0.5, alpha: 10, a: 0.4, b: 0.6 }, customer(0, 0, 12), 20);
    expect(relativeError(atPole, 0.37138967028961776613)).toBeLessThan(1e-7);
    // The same pole with a too close to 0 to step below it (mpmath at a = 5e-5, a + b - 1 = 1e-30).
    const nearZero = expectedTransactions({ r: 0.5, alpha: 10, a: 5e-5, b: 1 - 5e-5 }, customer(0, 0, 12), 20);
    expect(relativeError(nearZero, 0.45453387296371618865)).toBeLessThan(1e-6);
  });

  it("expects nothing over no time and grows with the horizon", () => {
    const summary = customer(3, 20, 30);
    expect(expectedTransactions(CDNOW, summary, 0)).toBe(0);
    const over = [1, 10, 100, 1000].map((t) => expectedTransactions(CDNOW, summary, t));
    over.reduce((previous, next) => (expect(next).toBeGreaterThan(previous), next));
  });

  it("keeps a long-lapsed frequent buyer finite instead of overflowing", () => {
    const lapsed = customer(300, 10, 5000);
    expect(probabilityAlive(CDNOW, lapsed)).toBe(0);
    expect(expectedTransactions(CDNOW, lapsed, 52)).toBe(0);
    expect(Number.isFinite(bgnbdLogLikelihood(CDNOW, lapsed))).toBe(true);
  });
});

describe("fitBgNbd", () => {
  const customers = simulateSummaries({
    customers: 3_000,
    seed: 11,
    bgnbd: { r: 0.5, alpha: 20, a: 0.8, b: 2.5 },
    gammaGamma: { p: 6, q: 4, gamma: 15 },
    acquiredFrom: "2025-01-01",
    acquiredTo: "2025-12-31",
    until: "2025-12-31",
  });
  const fit = fitBgNbd(customers);
  const total = (p: BgNbdParams) => customers.reduce((sum, c) => sum + bgnbdLogLikelihood(p, c), 0);

  it("reports the sum of the per-customer log-likelihoods, in the caller's time unit", () => {
    expect(fit.converged).toBe(true);
    expect(fit.atBound).toEqual([]);
    expect(fit.logLikelihood).toBeCloseTo(total(fit.params), 6);
  });

  it("gives the same parameters whatever the time unit, alpha scaled by it", () => {
    const inWeeks = fitBgNbd(customers.map((c) => customer(c.repeats, c.recency / 7, c.age / 7)));
    expect(relativeError(inWeeks.params.r, fit.params.r)).toBeLessThan(1e-4);
    expect(relativeError(inWeeks.params.alpha * 7, fit.params.alpha)).toBeLessThan(1e-4);
    expect(relativeError(inWeeks.params.a, fit.params.a)).toBeLessThan(1e-4);
    expect(relativeError(inWeeks.params.b, fit.params.b)).toBeLessThan(1e-4);
  });

  it("is a maximum: moving any parameter 1% either way lowers the likelihood", () => {
    const best = total(fit.params);
    for (const name of ["r", "alpha", "a", "b"] as const) {
      for (const factor of [0.99, 1.01]) expect(total({ ...fit.params, [name]: fit.params[name] * factor })).toBeLessThan(best);
    }
  });

  it("searches with the exact gradient of its objective", () => {
    const objective = bgnbdObjective(customers, 365);
    for (const point of [
      [0, 0, 0, 0],
      [-0.7, -3, 0.4, 1.2],
      [1.5, 2, -2, -1],
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

  it("marks parameters the data drives to the search box's wall", () => {
    // Everyone buys every week until the end: nobody ever drops out, so a heads for 0.
    const loyal = Array.from({ length: 300 }, (_, i) => customer(10 + (i % 20), 10 + (i % 20), 10 + (i % 20)));
    expect(fitBgNbd(loyal).atBound).toContain("a");
  });
});
