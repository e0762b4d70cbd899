// Purchase histories drawn from the models themselves, with a seeded generator: the ground truth for
// testing that a fit recovers its parameters and that the backtest's predictions match outcomes, and
// the bench's half a million customers.
import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";
import { divide, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import type { Purchase } from "./summary";
import { dayNumber } from "./summary";
import type { CustomerSummary } from "./types";

/** A seeded uniform generator on [0, 1) (mulberry32: 32 bits of state, fast, good enough for simulation). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, rate) draw (Marsaglia & Tsang; shapes below 1 boosted by U^(1/shape)). */
export function gammaDraw(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

function betaDraw(random: () => number, a: number, b: number): number {
  const x = gammaDraw(random, a, 1);
  return x / (x + gammaDraw(random, b, 1));
}

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** BG/NBD parameters with alpha per day. */
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** First purchases fall uniformly on the days from `acquiredFrom` to `acquiredTo`. */
  acquiredFrom: string;
  acquiredTo: string;
  /** Purchases are simulated up to and including this day. */
  until: string;
}

export interface SimulatedCustomer {
  id: string;
  purchases: Purchase[];
}

const DAY_MS = 86_400_000;

const centsToDecimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

interface Draw {
  /** Purchase moments in days since 1970-01-01, first purchase first. */
  times: number[];
  cents: number[];
}

/**
 * Each customer: a purchase rate λ ~ Gamma(r, α) and dropout probability ~ Beta(a, b); the first
 * purchase at a uniform moment of a uniform acquisition day, then exponential gaps, dropping out
 * after each repeat purchase with that probability; every purchase worth Gamma(p, ν) with
 * ν ~ Gamma(q, γ), in whole cents.
 */
function* draws(options: SimulationOptions): Generator<Draw> {
  const random = seededRandom(options.seed);
  const from = dayNumber(options.acquiredFrom, "acquiredFrom");
  const to = dayNumber(options.acquiredTo, "acquiredTo");
  const end = dayNumber(options.until, "until") + 1;
  const { r, alpha, a, b } = options.bgnbd;
  const spend = options.gammaGamma;
  for (let n = 0; n < options.customers; n++) {
    const rate = gammaDraw(random, r, alpha);
    const dropout = betaDraw(random, a, b);
    const scale = gammaDraw(random, spend.q, spend.gamma);
    const value = () => Math.max(1, Math.round(gammaDraw(random, spend.p, scale) * 100));
    let time = from + Math.floor(random() * (to - from + 1)) + random();
    const draw: Draw = { times: [time], cents: [value()] };
    for (;;) {
      time += -Math.log(1 - random()) / rate;
      if (time >= end) break;
      draw.times.push(time);
      draw.cents.push(value());
      if (random() < dropout) break;
    }
    yield draw;
  }
}

/** Simulated purchase histories, dated by day (so purchases on one day will count as one). */
export function simulateCustomers(options: SimulationOptions): SimulatedCustomer[] {
  const dayNames = new Map<number, string>();
  const dayName = (time: number) => {
    const day = Math.floor(time);
    let name = dayNames.get(day);
    if (name === undefined) dayNames.set(day, (name = new Date(day * DAY_MS).toISOString().slice(0, 10)));
    return name;
  };
  const customers: SimulatedCustomer[] = [];
  for (const draw of draws(options)) {
    const purchases = draw.times.map((time, i) => ({ day: dayName(time), amount: centsToDecimal(draw.cents[i]!) }));
    customers.push({ id: `c${customers.length}`, purchases });
  }
  return customers;
}

/**
 * Summaries of simulated customers at the end of `until`, times in days rounded to whole days but
 * every purchase kept: the model's own world, seen with a daily clock. (Histories dated by day
 * merge a frequent buyer's same-day purchases, which the model does not do, and so recover its
 * parameters a few percent off.)
 */
export function simulateSummaries(options: SimulationOptions): CustomerSummary[] {
  const end = dayNumber(options.until, "until") + 1;
  const summaries: CustomerSummary[] = [];
  for (const { times, cents } of draws(options)) {
    const first = times[0]!;
    const repeats = times.length - 1;
    let repeatCents = 0;
    for (let i = 1; i < cents.length; i++) repeatCents += cents[i]!;
    summaries.push({
      repeats,
      recency: Math.round(times[repeats]! - first),
      age: Math.round(end - first),
      meanRepeatValue: repeats > 0 ? formatDecimal(divide(parseDecimal(repeatCents), parseDecimal(100 * repeats))!, 2) : null,
    });
  }
  return summaries;
}
