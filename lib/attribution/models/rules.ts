import { chronologicalOrder } from "./chronology";
import { DEFAULT_MODEL_SETTINGS } from "./settings";
import type { ModelSettings, RuleModel, Touch } from "./types";

const DAY_MS = 86_400_000;

/**
 * Each touch's share of one order under a rule-based model, in the order the touches were given;
 * the shares sum to 1, and there are none when there are no touches. Touches should come from
 * earliest to latest (ties in the order they happened to be recorded); when they do not, they
 * are ordered that way first, so "first" and "last" always mean in time.
 */
export function ruleCredits(
  model: RuleModel,
  touches: readonly Touch[],
  conversionAt: Date,
  settings: ModelSettings = DEFAULT_MODEL_SETTINGS,
): number[] {
  const n = touches.length;
  if (n === 0) return [];
  const order = chronologicalOrder(touches);
  const at = (position: number) => (order ? order[position]! : position);
  const credits = new Array<number>(n).fill(0);
  switch (model) {
    case "first_touch":
      credits[at(0)] = 1;
      return credits;
    case "last_touch":
      credits[at(n - 1)] = 1;
      return credits;
    case "last_non_direct": {
      for (let position = n - 1; position >= 0; position--) {
        if (!touches[at(position)]!.direct) {
          credits[at(position)] = 1;
          return credits;
        }
      }
      // Only direct visits: nothing else could have earned the order, so the last one does.
      credits[at(n - 1)] = 1;
      return credits;
    }
    case "linear":
      return credits.fill(1 / n);
    case "time_decay":
      return timeDecay(touches, conversionAt, settings.halfLifeDays, credits);
    case "position_based":
      return positionBased(n, at, settings.positionBased, credits);
    default:
      throw new RangeError(`Unknown rule-based model: ${String(model satisfies never)}`);
  }
}

/** Weight 2^(-days before the order / half-life), normalised; a touch after the order counts as at it. */
function timeDecay(touches: readonly Touch[], conversionAt: Date, halfLifeDays: number, credits: number[]): number[] {
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) throw new RangeError("The half-life must be a number of days greater than 0.");
  const conversionMs = conversionAt.getTime();
  const perMs = 1 / (halfLifeDays * DAY_MS);
  let total = 0;
  for (let i = 0; i < touches.length; i++) {
    const beforeMs = Math.max(0, conversionMs - touches[i]!.at.getTime());
    const weight = Math.pow(2, -beforeMs * perMs);
    credits[i] = weight;
    total += weight;
  }
  // Touches years before the order can all underflow to 0: they are then equally (un)timely.
  if (!(total > 0)) return credits.fill(1 / touches.length);
  for (let i = 0; i < credits.length; i++) credits[i]! /= total;
  return credits;
}

/**
 * First and last touches get their shares, the touches between split the rest equally. With
 * two touches there is no middle, so the two shares are scaled to sum to 1 (40/40 becomes 50/50).
 */
function positionBased(
  n: number,
  at: (position: number) => number,
  shares: ModelSettings["positionBased"],
  credits: number[],
): number[] {
  const { first, last } = shares;
  if (!(first >= 0 && last >= 0 && first <= 1 && last <= 1 && first + last <= 1 + 1e-9)) {
    throw new RangeError("Position-based shares must be from 0 to 1 and add up to at most 1.");
  }
  if (n === 1) {
    credits[at(0)] = 1;
    return credits;
  }
  if (n === 2) {
    const ends = first + last;
    credits[at(0)] = ends > 0 ? first / ends : 0.5;
    credits[at(1)] = ends > 0 ? last / ends : 0.5;
    return credits;
  }
  const middle = Math.max(0, 1 - first - last) / (n - 2);
  for (let position = 1; position < n - 1; position++) credits[at(position)] = middle;
  credits[at(0)] = first;
  credits[at(n - 1)] = last;
  return credits;
}
