// The lift of a pop-up against its holdout: the difference of two conversion proportions with a
// Wald (normal approximation) interval, as PRODUCT.md states. Pure, so tests compute it by hand.

export type TArmCounts = { visitors: number; conversions: number };
export type TLift = {
  shown_rate: number | null;
  holdout_rate: number | null;
  /** shown_rate - holdout_rate, a difference of fractions. */
  difference: number | null;
  /** The 95 % interval of the difference; null when either arm is empty. */
  low: number | null;
  high: number | null;
  /** difference / holdout_rate; null when the holdout converted no one. */
  relative: number | null;
};

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959964;

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function liftAgainstHoldout(shown: TArmCounts, holdout: TArmCounts, z = Z_95): TLift {
  const rate = (arm: TArmCounts) => (arm.visitors > 0 ? arm.conversions / arm.visitors : null);
  const p1 = rate(shown), p0 = rate(holdout);
  if (p1 === null || p0 === null) {
    return { shown_rate: p1 === null ? null : round(p1), holdout_rate: p0 === null ? null : round(p0), difference: null, low: null, high: null, relative: null };
  }
  const difference = p1 - p0;
  const se = Math.sqrt((p1 * (1 - p1)) / shown.visitors + (p0 * (1 - p0)) / holdout.visitors);
  return {
    shown_rate: round(p1),
    holdout_rate: round(p0),
    difference: round(difference),
    low: round(difference - z * se),
    high: round(difference + z * se),
    relative: p0 > 0 ? round(difference / p0) : null,
  };
}
