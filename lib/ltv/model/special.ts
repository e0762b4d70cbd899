// Special functions the lifetime-value models need: log-gamma (every likelihood is a ratio of gamma
// functions, which overflow long before the data gets large) and the Gaussian hypergeometric 2F1
// (the BG/NBD conditional expectation).

// Lanczos approximation with g = 7 and nine coefficients: relative error below 1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise: callers work in the positive half-line only). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  // The series is accurate on [0.5, ∞); below it, the reflection formula moves the argument there.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln(e^u + e^v) without overflow or underflow. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

const SERIES_EPSILON = 1e-16;
const SERIES_MAX_TERMS = 10_000_000;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its power series
 * Σ (a)_n (b)_n / ((c)_n n!) z^n. Terms may grow before they shrink (their ratio tends to z), so the
 * sum stops only once the ratio has fallen below one and a bound on the whole remaining tail no longer
 * moves the sum; the number of terms grows like 1 / (1 - z), which stays affordable for the arguments
 * the model produces.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 needs 0 <= z < 1, got z = ${z}.`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`2F1 is undefined for c = ${c}.`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < SERIES_MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * z;
    sum += term;
    // A zero term ends a terminating series (a or b a non-positive integer).
    if (term === 0) return sum;
    // Past the peak the remaining terms shrink at least as fast as a geometric series of ratio q
    // (the ratios tend to z from one side or the other), so term·q/(1-q) bounds what is left.
    const q = Math.max(Math.abs(ratio * z), z);
    if (q < 1 && (Math.abs(term) * q) / (1 - q) <= SERIES_EPSILON * Math.abs(sum)) return sum;
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${SERIES_MAX_TERMS} terms.`);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: shifted up past 10 by ψ(x) = ψ(x+1) - 1/x, then its asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // ln x - 1/(2x) - Σ B_2k / (2k x^2k), to x^-12: below 1e-15 relative at x >= 10.
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 * inv - series;
}
