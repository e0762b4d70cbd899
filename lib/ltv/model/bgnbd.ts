// The BG/NBD model of purchase counts and dropout (Fader, Hardie & Lee 2005, "Counting your customers
// the easy way: an alternative to the Pareto/NBD model"). While active, a customer buys at a Poisson
// rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).
import { minimize, type SmoothObjective } from "./optimize";
import { digamma, hyp2f1, logAddExp, logGamma } from "./special";
import type { PurchaseSummary } from "./types";

export interface BgNbdParams {
  r: number;
  /** A rate in the model's time unit: it scales with the unit, r, a and b do not. */
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Sum of the customers' log-likelihoods at the fitted parameters. */
  logLikelihood: number;
  converged: boolean;
  /** Parameters the fit pushed against the search box: the data cannot pin them down. */
  atBound: (keyof BgNbdParams)[];
  iterations: number;
}

/**
 * One customer's log-likelihood, in the closed form of the paper's equation (6), which needs no
 * hypergeometric function: ln A1 + ln A2 + ln(A3 + δ(x>0) A4) with each term kept in log space.
 */
export function bgnbdLogLikelihood(params: BgNbdParams, customer: PurchaseSummary): number {
  const { r, alpha, a, b } = params;
  const { repeats: x, recency, age } = customer;
  const shared =
    logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const stillActive = -(r + x) * Math.log(alpha + age);
  if (x === 0) return shared + stillActive;
  const droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + recency);
  return shared + logAddExp(stillActive, droppedOut);
}

const PARAM_NAMES = ["r", "alpha", "a", "b"] as const;
// Search box for every parameter (alpha in units of the longest age, which makes the box the same
// whatever the time unit): wide enough for any plausible store, and a fit that ends on its wall has
// data too thin to tell the parameter apart from 0 or infinity.
export const PARAM_MIN = 1e-4;
export const PARAM_MAX = 1e4;
const LOG_MIN = Math.log(PARAM_MIN);
const LOG_MAX = Math.log(PARAM_MAX);
// Within 1% of a wall counts as on it.
const WALL = Math.log(1.01);

/** The customers collapsed to distinct (x, t_x, T) triples with counts, indexed for fast sums. */
interface Triples {
  count: Float64Array;
  /** Index into repeatValues, recencyValues and ageValues. */
  repeatIndex: Int32Array;
  recencyIndex: Int32Array;
  ageIndex: Int32Array;
  repeatValues: number[];
  recencyValues: Float64Array;
  ageValues: Float64Array;
  customers: number;
}

function indexOf(map: Map<number, number>, value: number): number {
  let index = map.get(value);
  if (index === undefined) {
    index = map.size;
    map.set(value, index);
  }
  return index;
}

function collapse(customers: readonly PurchaseSummary[], timeScale: number): Triples {
  const repeats = new Map<number, number>();
  const recencies = new Map<number, number>();
  const ages = new Map<number, number>();
  const slots = new Map<string, number>();
  const count: number[] = [];
  const repeatIndex: number[] = [];
  const recencyIndex: number[] = [];
  const ageIndex: number[] = [];
  for (const c of customers) {
    const ri = indexOf(repeats, c.repeats);
    const ti = indexOf(recencies, c.recency);
    const ai = indexOf(ages, c.age);
    const key = `${ri}:${ti}:${ai}`;
    const slot = slots.get(key);
    if (slot !== undefined) {
      count[slot]!++;
      continue;
    }
    slots.set(key, count.length);
    count.push(1);
    repeatIndex.push(ri);
    recencyIndex.push(ti);
    ageIndex.push(ai);
  }
  return {
    count: Float64Array.from(count),
    repeatIndex: Int32Array.from(repeatIndex),
    recencyIndex: Int32Array.from(recencyIndex),
    ageIndex: Int32Array.from(ageIndex),
    repeatValues: [...repeats.keys()],
    recencyValues: Float64Array.from([...recencies.keys()], (v) => v / timeScale),
    ageValues: Float64Array.from([...ages.keys()], (v) => v / timeScale),
    customers: customers.length,
  };
}

/**
 * Mean negative log-likelihood of all customers at (ln r, ln α, ln a, ln b), in scaled time, with
 * its gradient. Gamma-function terms depend on x alone, logarithms of α + T and α + t_x on one time
 * each: both are computed once per distinct value, leaving one exp and one log1p per triple.
 */
function objective(data: Triples): SmoothObjective {
  const kinds = data.repeatValues.length;
  const shared = new Float64Array(kinds);
  const dropout = new Float64Array(kinds);
  const logAge = new Float64Array(data.ageValues.length);
  const inverseAge = new Float64Array(data.ageValues.length);
  const logRecency = new Float64Array(data.recencyValues.length);
  const inverseRecency = new Float64Array(data.recencyValues.length);
  // Per distinct x: customers, and the weight of the "dropped out after the last purchase" branch.
  const customersOf = new Float64Array(kinds);
  for (let i = 0; i < data.count.length; i++) customersOf[data.repeatIndex[i]!]! += data.count[i]!;
  const droppedWeight = new Float64Array(kinds);

  return (logParams) => {
    const [r, alpha, a, b] = logParams.map(Math.exp) as [number, number, number, number];
    const logAlpha = Math.log(alpha);
    const base = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b);
    data.repeatValues.forEach((x, k) => {
      shared[k] = base + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      dropout[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    });
    for (let i = 0; i < logAge.length; i++) {
      logAge[i] = Math.log(alpha + data.ageValues[i]!);
      inverseAge[i] = 1 / (alpha + data.ageValues[i]!);
    }
    for (let i = 0; i < logRecency.length; i++) {
      logRecency[i] = Math.log(alpha + data.recencyValues[i]!);
      inverseRecency[i] = 1 / (alpha + data.recencyValues[i]!);
    }
    droppedWeight.fill(0);
    let total = 0;
    let dLogTimes = 0; // Σ n (w3 ln(α+T) + w4 ln(α+t_x)), for r
    let dAlpha = 0; // Σ n (r+x) (w3/(α+T) + w4/(α+t_x))
    for (let i = 0; i < data.count.length; i++) {
      const k = data.repeatIndex[i]!;
      const n = data.count[i]!;
      const rx = r + data.repeatValues[k]!;
      const ai = data.ageIndex[i]!;
      const ti = data.recencyIndex[i]!;
      const stillActive = -rx * logAge[ai]!;
      if (dropout[k] === -Infinity) {
        total += n * (shared[k]! + stillActive);
        dLogTimes += n * logAge[ai]!;
        dAlpha += n * rx * inverseAge[ai]!;
        continue;
      }
      const droppedOut = dropout[k]! - rx * logRecency[ti]!;
      // logAddExp and the branch weights from one exponential.
      const gap = droppedOut - stillActive;
      const e = Math.exp(-Math.abs(gap));
      const larger = gap > 0 ? droppedOut : stillActive;
      const w4 = gap > 0 ? 1 / (1 + e) : e / (1 + e);
      const w3 = 1 - w4;
      total += n * (shared[k]! + larger + Math.log1p(e));
      dLogTimes += n * (w3 * logAge[ai]! + w4 * logRecency[ti]!);
      dAlpha += n * rx * (w3 * inverseAge[ai]! + w4 * inverseRecency[ti]!);
      droppedWeight[k]! += n * w4;
    }

    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    let gR = -dLogTimes;
    let gAlpha = -dAlpha;
    let gA = 0;
    let gB = 0;
    data.repeatValues.forEach((x, k) => {
      const n = customersOf[k]!;
      const psiABX = digamma(a + b + x);
      gR += n * (digamma(r + x) - psiR + logAlpha);
      gAlpha += (n * r) / alpha;
      gA += n * (psiAB - psiABX) + (x > 0 ? droppedWeight[k]! / a : 0);
      gB += n * (psiAB + digamma(b + x) - psiB - psiABX) - (x > 0 ? droppedWeight[k]! / (b + x - 1) : 0);
    });
    // d/d(ln θ) = θ d/dθ; negated and averaged like the value.
    const scale = -1 / data.customers;
    return { value: -total / data.customers, gradient: [r * gR * scale, alpha * gAlpha * scale, a * gA * scale, b * gB * scale] };
  };
}

/** The fit's objective over these customers with times divided by timeScale (exported for its tests). */
export function bgnbdObjective(customers: readonly PurchaseSummary[], timeScale = 1): SmoothObjective {
  return objective(collapse(customers, timeScale));
}

/**
 * Maximum-likelihood fit over the distinct (x, t_x, T) triples, searching the logarithms of the
 * parameters (so they stay positive) with time divided by the longest age (so α is of order one
 * whatever the unit). Callers check there is enough data first (see fit.ts).
 */
export function fitBgNbd(customers: readonly PurchaseSummary[]): BgNbdFit {
  let timeScale = 0;
  for (const c of customers) timeScale = Math.max(timeScale, c.age);
  if (timeScale === 0) timeScale = 1;
  const data = collapse(customers, timeScale);
  const box = { lower: PARAM_NAMES.map(() => LOG_MIN), upper: PARAM_NAMES.map(() => LOG_MAX) };
  const result = minimize(objective(data), [0, 0, 0, 0], box);
  const [r, alpha, a, b] = result.point.map(Math.exp) as [number, number, number, number];
  return {
    params: { r, alpha: alpha * timeScale, a, b },
    logLikelihood: -result.value * data.customers - logJacobian(data, timeScale),
    converged: result.converged,
    atBound: PARAM_NAMES.filter((_, i) => result.point[i]! - LOG_MIN < WALL || LOG_MAX - result.point[i]! < WALL),
    iterations: result.iterations,
  };
}

// Dividing every time by the scale multiplies each customer's likelihood by scale^x (the density of
// x purchase times); this puts it back so the reported log-likelihood is in the caller's unit.
function logJacobian(data: Triples, timeScale: number): number {
  let repeats = 0;
  for (let i = 0; i < data.count.length; i++) repeats += data.count[i]! * data.repeatValues[data.repeatIndex[i]!]!;
  return repeats * Math.log(timeScale);
}

/** P(alive | x, t_x, T): the probability the customer has not dropped out by the end of observation. */
export function probabilityAlive(params: BgNbdParams, customer: PurchaseSummary): number {
  const { r, alpha, a, b } = params;
  const { repeats: x, recency, age } = customer;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + age) - Math.log(alpha + recency));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, t_x, T]: expected transactions in the next t units (the paper's equation (10)). The
 * paper's form multiplies ((α+T)/(α+T+t))^(r+x), which underflows, by 2F1(r+x, b+x; a+b+x-1; z),
 * which overflows and converges slowly for a frequent buyer; Euler's transformation turns the
 * product into (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose terms shrink quickly.
 */
export function expectedTransactions(params: BgNbdParams, customer: PurchaseSummary, t: number): number {
  if (t <= 0) return 0;
  return probabilityAlive(params, customer) * expectedWhileActive(params, customer.repeats, customer.age, t);
}

// Where the formula divides 0 by 0 (a = 1) or 2F1 has a pole that the factor (a+b+x-1) cancels
// (a+b+x-1 a non-positive integer), the value is the mean of two neighbours either side of a.
const NUDGE = 1e-4;

function singularAt(a: number, b: number, x: number): boolean {
  const c = a + b + x - 1;
  return Math.abs(a - 1) < NUDGE || (c < NUDGE && Math.abs(c - Math.round(c)) < NUDGE);
}

function expectedWhileActive(params: BgNbdParams, x: number, age: number, t: number): number {
  const { a, b } = params;
  if (singularAt(a, b, x)) {
    for (let step = 2 * NUDGE; ; step *= 2) {
      const [lower, upper] = [a - step, a + step];
      if (lower > 0 && !singularAt(lower, b, x) && !singularAt(upper, b, x)) {
        return (expectedWhileActiveRegular({ ...params, a: lower }, x, age, t) + expectedWhileActiveRegular({ ...params, a: upper }, x, age, t)) / 2;
      }
      if (lower <= 0) {
        // Too close to 0 to step down: extrapolate from two points above instead.
        const near = expectedWhileActiveRegular({ ...params, a: a + step }, x, age, t);
        const far = expectedWhileActiveRegular({ ...params, a: a + 2 * step }, x, age, t);
        return 2 * near - far;
      }
    }
  }
  return expectedWhileActiveRegular(params, x, age, t);
}

function expectedWhileActiveRegular(params: BgNbdParams, x: number, age: number, t: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + age + t);
  const c = a + b + x - 1;
  const tail = Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  return (c / (a - 1)) * (1 - tail);
}
