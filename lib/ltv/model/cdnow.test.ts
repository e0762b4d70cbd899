// The textbook check: the CDNOW sample (tests/fixtures/cdnow, MIT licence, from the lifetimes
// project; data published by Fader and Hardie; see the README there) must give the published
// estimates of Fader, Hardie & Lee (2005) to 1%.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "./bgnbd";
import { fitLtvModel, spendOf } from "./fit";
import { fitGammaGamma, type SpendSummary } from "./gamma-gamma";
import { summarizePurchases, type Purchase } from "./summary";

const FIXTURE = path.join(import.meta.dirname, "../../../tests/fixtures/cdnow/CDNOW_sample.txt");

/** Purchases per customer id, from lines "master-id sample-id yyyymmdd cds dollars". */
function loadCdnow(): Map<string, Purchase[]> {
  const customers = new Map<string, Purchase[]>();
  for (const line of readFileSync(FIXTURE, "utf8").split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [id, , date, , dollars] = fields as [string, string, string, string, string];
    const purchases = customers.get(id) ?? [];
    purchases.push({ day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, amount: dollars });
    customers.set(id, purchases);
  }
  return customers;
}

// Calibration period 1997-01-01..1997-09-30 (39 weeks), in weeks.
const summaries = [...loadCdnow().values()].map((purchases) => summarizePurchases(purchases, "1997-09-30", 7)!);

const withinOnePercent = (actual: number, published: number) => expect(Math.abs(actual - published) / published).toBeLessThan(0.01);

describe("the CDNOW sample", () => {
  it("summarises to 2,357 customers, 946 of whom bought again", () => {
    expect(summaries).toHaveLength(2357);
    expect(summaries.filter((s) => s.repeats > 0)).toHaveLength(946);
    // The first customer on record bought on 1997-01-01 and the calibration ends 272 days later.
    expect(Math.max(...summaries.map((s) => s.age))).toBeCloseTo(272 / 7, 10);
  });

  it("reproduces the published BG/NBD estimates r 0.243, alpha 4.414, a 0.793, b 2.426", () => {
    const fit = fitBgNbd(summaries);
    expect(fit.converged).toBe(true);
    withinOnePercent(fit.params.r, 0.243);
    withinOnePercent(fit.params.alpha, 4.414);
    withinOnePercent(fit.params.a, 0.793);
    withinOnePercent(fit.params.b, 2.426);
    // The paper's log-likelihood at the optimum.
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it("reproduces the published Gamma-Gamma estimates p 6.25, q 3.74, gamma 15.44 from the mean repeat value", () => {
    const spend = summaries.map(spendOf).filter((s): s is SpendSummary => s !== null);
    expect(spend).toHaveLength(946);
    const fit = fitGammaGamma(spend);
    expect(fit.converged).toBe(true);
    withinOnePercent(fit.params.p, 6.25);
    withinOnePercent(fit.params.q, 3.74);
    withinOnePercent(fit.params.gamma, 15.44);
  });

  it("fits as a whole model with enough data", () => {
    const fit = fitLtvModel(summaries, { unitDays: 7 });
    expect(fit).toMatchObject({ kind: "fitted", unitDays: 7, customers: 2357, repeatCustomers: 946 });
    if (fit.kind !== "fitted") return;
    withinOnePercent(fit.bgnbd.alpha, 4.414);
    withinOnePercent(fit.gammaGamma.gamma, 15.44);
  });
});
