// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
// iso-value curves for customer base analysis"). Each transaction's value is Gamma(p, ν) around a
// customer's own mean; ν ~ Gamma(q, γ) across customers; spend is independent of purchase counts.
import { minimize, type SmoothObjective } from "./optimize";
import { digamma, logGamma } from "./special";

export interface GammaGammaParams {
  p: number;
  q: number;
  /** A scale in money: it moves with the currency's unit, p and q do not. */
  gamma: number;
}

/** A repeat customer: x repeat transactions with mean value meanValue (> 0), in floats for the maths. */
export interface SpendSummary {
  repeats: number;
  meanValue: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  atBound: (keyof GammaGammaParams)[];
  iterations: number;
}

/** The log density of a customer's mean transaction value given x transactions. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customer: SpendSummary): number {
  const { p, q, gamma } = params;
  const { repeats: x, meanValue: m } = customer;
  return (
    logGamma(p * x + q) - logGamma(p * x) - logGamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + x * m)
  );
}

const PARAM_NAMES = ["p", "q", "gamma"] as const;
// The same box as the BG/NBD's, with γ in units of the mean spend.
const LOG_MIN = Math.log(1e-4);
const LOG_MAX = Math.log(1e4);
// Within 1% of a wall counts as on it.
const WALL = Math.log(1.01);

/** Customers grouped by x: every term but ln(γ + x·m) sums per group once, outside the search. */
interface Groups {
  repeats: number[];
  size: number[];
  sumLogMean: number[];
  /** x·m per customer, scaled, grouped by x. */
  spend: Float64Array[];
  customers: number;
}

function group(customers: readonly SpendSummary[], moneyScale: number): Groups {
  const byRepeats = new Map<number, { sumLogMean: number; spend: number[] }>();
  for (const c of customers) {
    const m = c.meanValue / moneyScale;
    const g = byRepeats.get(c.repeats) ?? { sumLogMean: 0, spend: [] };
    g.sumLogMean += Math.log(m);
    g.spend.push(c.repeats * m);
    byRepeats.set(c.repeats, g);
  }
  const entries = [...byRepeats];
  return {
    repeats: entries.map(([x]) => x),
    size: entries.map(([, g]) => g.spend.length),
    sumLogMean: entries.map(([, g]) => g.sumLogMean),
    spend: entries.map(([, g]) => Float64Array.from(g.spend)),
    customers: customers.length,
  };
}

/** Mean negative log-likelihood at (ln p, ln q, ln γ), in scaled money, with its gradient. */
function objective(data: Groups): SmoothObjective {
  return (logParams) => {
    const [p, q, gamma] = logParams.map(Math.exp) as [number, number, number];
    const logGammaQ = logGamma(q);
    const psiQ = digamma(q);
    const logScale = Math.log(gamma);
    let total = 0;
    let gP = 0;
    let gQ = 0;
    let gGamma = 0;
    data.repeats.forEach((x, k) => {
      const px = p * x;
      const n = data.size[k]!;
      const spend = data.spend[k]!;
      let logs = 0;
      let inverses = 0;
      for (let i = 0; i < spend.length; i++) {
        const v = gamma + spend[i]!;
        logs += Math.log(v);
        inverses += 1 / v;
      }
      const psiPXQ = digamma(px + q);
      total += n * (logGamma(px + q) - logGamma(px) - logGammaQ + q * logScale + px * Math.log(x)) + (px - 1) * data.sumLogMean[k]! - (px + q) * logs;
      gP += x * (n * (psiPXQ - digamma(px) + Math.log(x)) + data.sumLogMean[k]! - logs);
      gQ += n * (psiPXQ - psiQ + logScale) - logs;
      gGamma += (n * q) / gamma - (px + q) * inverses;
    });
    const scale = -1 / data.customers;
    return { value: -total / data.customers, gradient: [p * gP * scale, q * gQ * scale, gamma * gGamma * scale] };
  };
}

/** The fit's objective over these customers with money divided by moneyScale (exported for its tests). */
export function gammaGammaObjective(customers: readonly SpendSummary[], moneyScale = 1): SmoothObjective {
  return objective(group(customers, moneyScale));
}

/** Maximum-likelihood fit on repeat customers (x > 0, mean value > 0), money divided by the mean spend. */
export function fitGammaGamma(customers: readonly SpendSummary[]): GammaGammaFit {
  let moneyScale = 0;
  for (const c of customers) moneyScale += c.meanValue / customers.length;
  if (!(moneyScale > 0)) moneyScale = 1;
  const data = group(customers, moneyScale);
  const box = { lower: PARAM_NAMES.map(() => LOG_MIN), upper: PARAM_NAMES.map(() => LOG_MAX) };
  const result = minimize(objective(data), [0, 0, 0], box);
  const [p, q, gamma] = result.point.map(Math.exp) as [number, number, number];
  return {
    params: { p, q, gamma: gamma * moneyScale },
    // Scaling each customer's mean divides its density's argument: ln(scale) per customer restores it.
    logLikelihood: -result.value * data.customers - data.customers * Math.log(moneyScale),
    converged: result.converged,
    atBound: PARAM_NAMES.filter((_, i) => result.point[i]! - LOG_MIN < WALL || LOG_MAX - result.point[i]! < WALL),
    iterations: result.iterations,
  };
}

/**
 * E[M | x, m̄]: the expected value of the customer's future transactions, a weighted mean of the
 * population mean pγ/(q-1) and their own mean (the paper's equation (5)); without repeats, the
 * population mean. Finite only for q > 1, which fit.ts requires.
 */
export function expectedAverageValue(params: GammaGammaParams, repeats: number, meanValue: number): number {
  const { p, q, gamma } = params;
  return (p * (gamma + repeats * meanValue)) / (p * repeats + q - 1);
}
