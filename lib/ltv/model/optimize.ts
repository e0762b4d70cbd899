// Minimisation for the models' maximum-likelihood fits: quasi-Newton (BFGS) with analytic gradients,
// kept inside a box by projection. A gradient costs little more than a value here, and BFGS needs
// tens of evaluations where a derivative-free simplex needs hundreds, which matters once a store has
// hundreds of thousands of distinct customer histories.

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

export type SmoothObjective = (point: readonly number[]) => ValueAndGradient;

export interface MinimizeOptions {
  /** Inclusive box every point stays in. */
  lower: readonly number[];
  upper: readonly number[];
  /** Converged when no coordinate free to move has a slope steeper than this. */
  gradientTolerance?: number;
  maxIterations?: number;
}

export interface MinimizeResult {
  point: number[];
  value: number;
  /** The projected gradient met the tolerance, or no step could improve on the point measurably. */
  converged: boolean;
  iterations: number;
  evaluations: number;
}

const DEFAULTS = { gradientTolerance: 1e-8, maxIterations: 1_000 };
// Sufficient decrease for the backtracking line search (Armijo's condition), and its halvings.
const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;
// A decrease this small (relative to the value) is lost in the rounding of sums over hundreds of
// thousands of customers.
const FLAT = 1e-12;

const dot = (u: readonly number[], v: readonly number[]) => u.reduce((sum, ui, i) => sum + ui * v[i]!, 0);
const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

export function minimize(objective: SmoothObjective, start: readonly number[], options: MinimizeOptions): MinimizeResult {
  const { lower, upper, gradientTolerance, maxIterations } = { ...DEFAULTS, ...options };
  const n = start.length;
  const clamp = (p: readonly number[]) => p.map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)));
  let evaluations = 0;
  const evaluate = (p: number[]) => {
    evaluations++;
    return objective(p);
  };

  let point = clamp(start);
  let { value, gradient } = evaluate(point);
  const result = (converged: boolean, iterations: number): MinimizeResult => ({ point, value, converged, iterations, evaluations });
  if (!Number.isFinite(value)) return result(false, 0);

  let inverseHessian = identity(n);
  let fresh = true;
  let stalled = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // A coordinate on a wall whose slope points out of the box is held there.
    const held = gradient.map((g, i) => (point[i]! <= lower[i]! && g > 0) || (point[i]! >= upper[i]! && g < 0));
    const projected = gradient.map((g, i) => (held[i] ? 0 : g));
    if (projected.every((g) => Math.abs(g) <= gradientTolerance)) return result(true, iteration);

    let direction = inverseHessian.map((row) => -dot(row, projected)).map((d, i) => (held[i] ? 0 : d));
    if (dot(direction, projected) >= 0) {
      inverseHessian = identity(n);
      fresh = true;
      direction = projected.map((g) => -g);
    }

    let step = 1;
    let next: { point: number[]; value: number; gradient: number[] } | null = null;
    for (let halving = 0; halving < MAX_HALVINGS; halving++, step /= 2) {
      const candidate = clamp(point.map((p, i) => p + step * direction[i]!));
      const move = candidate.map((c, i) => c - point[i]!);
      if (move.every((m) => m === 0)) break;
      const trial = evaluate(candidate);
      if (Number.isFinite(trial.value) && trial.value <= value + ARMIJO * dot(gradient, move)) {
        next = { point: candidate, ...trial };
        break;
      }
    }
    if (!next) {
      // No step lowers the value: when the step itself promised less than the value's rounding,
      // this is the minimum to working precision.
      if (-dot(projected, direction) <= FLAT * 100 * Math.max(1, Math.abs(value))) return result(true, iteration);
      // A remembered curvature can point badly after the box bent the path; forget it once.
      if (fresh) return result(false, iteration);
      inverseHessian = identity(n);
      fresh = true;
      continue;
    }

    const s = next.point.map((p, i) => p - point[i]!);
    const y = next.gradient.map((g, i) => g - gradient[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) {
        // Scale the first guess at the inverse Hessian to the curvature just seen.
        const scale = sy / dot(y, y);
        inverseHessian = inverseHessian.map((row) => row.map((h) => h * scale));
        fresh = false;
      }
      inverseHessian = bfgsUpdate(inverseHessian, s, y, 1 / sy);
    }
    // Near the minimum, rounding in the sums lets steps "succeed" by amounts below the value's
    // precision forever: two such steps in a row mean there is nothing left to gain.
    stalled = value - next.value <= FLAT * Math.max(1, Math.abs(value)) ? stalled + 1 : 0;
    point = next.point;
    value = next.value;
    gradient = next.gradient;
    if (stalled >= 2) return result(true, iteration + 1);
  }
  return result(false, maxIterations);
}

/** H' = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ. */
function bfgsUpdate(h: number[][], s: number[], y: number[], rho: number): number[][] {
  const n = s.length;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => h[i]![j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!),
  );
}
