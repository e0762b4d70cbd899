// A tracked click is a person only if the same visitor did something on the site around it:
// link scanners and mail-security bots follow links but never load pages. The window is the
// original product's rule, both edges inclusive, to the millisecond.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Activity from 2:00 before a click to 5:00 after it (inclusive) makes the click human. */
export const HUMAN_WINDOW = { beforeMs: 2 * MINUTE_MS, afterMs: 5 * MINUTE_MS } as const;
/** The hourly check decides only clicks at least this old; younger ones may still see their visit arrive. */
export const HOURLY_MIN_AGE_MS = 30 * MINUTE_MS;
/** A conversion re-checks its customer's clicks from this long before it. */
export const CONVERSION_LOOKBACK_MS = 72 * HOUR_MS;

export type TClickToJudge = { id: string; visitorId: string | null; clickedAt: Date };
export type TActivity = { visitorId: string; at: Date };
/** true: human; false: no activity in a window that has closed; null: window still open, decide later. */
export type TClickVerdict = boolean | null;

/** Whether any of `activity` (times in ms) falls inside the click's window. */
export function hasActivityInWindow(clickedAtMs: number, activityMs: readonly number[]): boolean {
  const from = clickedAtMs - HUMAN_WINDOW.beforeMs;
  const to = clickedAtMs + HUMAN_WINDOW.afterMs;
  return activityMs.some((t) => t >= from && t <= to);
}

/**
 * Judges clicks against their visitors' page views and events. A click with no visitor (the
 * redirect never set one) cannot be shown human. A click without activity whose window has not
 * yet closed at `now` stays undecided: the visit may still be on its way.
 */
export function judgeClicks(clicks: readonly TClickToJudge[], activity: readonly TActivity[], now: Date): Map<string, TClickVerdict> {
  const byVisitor = new Map<string, number[]>();
  for (const a of activity) {
    const list = byVisitor.get(a.visitorId) ?? [];
    list.push(a.at.getTime());
    byVisitor.set(a.visitorId, list);
  }
  const verdicts = new Map<string, TClickVerdict>();
  for (const click of clicks) {
    const at = click.clickedAt.getTime();
    const times = click.visitorId === null ? [] : (byVisitor.get(click.visitorId) ?? []);
    if (hasActivityInWindow(at, times)) verdicts.set(click.id, true);
    else verdicts.set(click.id, now.getTime() > at + HUMAN_WINDOW.afterMs ? false : null);
  }
  return verdicts;
}

/** The hourly job's share: undecided clicks at least 30 minutes old at `now`. */
export function dueForHourlyCheck<T extends { clickedAt: Date; human: boolean | null }>(clicks: readonly T[], now: Date): T[] {
  const latest = now.getTime() - HOURLY_MIN_AGE_MS;
  return clicks.filter((c) => c.human === null && c.clickedAt.getTime() <= latest);
}

/** A conversion's share: its customer's clicks in the 72 hours before it (whatever their verdict so far). */
export function dueForConversionCheck<T extends { clickedAt: Date }>(clicks: readonly T[], convertedAt: Date): T[] {
  const to = convertedAt.getTime();
  const from = to - CONVERSION_LOOKBACK_MS;
  return clicks.filter((c) => c.clickedAt.getTime() >= from && c.clickedAt.getTime() <= to);
}

/** The span of activity that can decide clicks at these times (for one bounded read). */
export function activitySpan(clickTimesMs: readonly number[]): { from: Date; to: Date } | null {
  if (clickTimesMs.length === 0) return null;
  // reduce, not Math.min(...): a batch of clicks may exceed the argument limit.
  const min = clickTimesMs.reduce((a, b) => (b < a ? b : a));
  const max = clickTimesMs.reduce((a, b) => (b > a ? b : a));
  return { from: new Date(min - HUMAN_WINDOW.beforeMs), to: new Date(max + HUMAN_WINDOW.afterMs) };
}
