// One alert per incident. An incident opens the first time a rule fires for a subject, stays open
// while it keeps firing, and resolves the first time the rule is judged quiet again. Its members
// hear about it when it opens, again only when it has worsened, and once when it resolves: a rule
// evaluated every hour never repeats itself while nothing changes.

/**
 * Worsened: the deviation (lib/alerts/evaluators.ts: the fraction past a threshold, the fraction
 * of change, or the z-score) has grown by half again since the last message, e.g. a 30% drop that
 * becomes a 45% drop, or a z-score of 3 that becomes 4.5.
 */
export const WORSENING_FACTOR = 1.5;

export type OpenIncident = { deviation: number; sentDeviation: number | null };

export type IncidentStep =
  | { action: "none" }
  /** Nothing to tell (still firing, not worse; or not judged): only the figures are refreshed. */
  | { action: "update"; notify: false }
  | { action: "open"; notify: boolean }
  | { action: "worsen"; notify: true }
  /** An incident opened while the rule was silenced: its first message goes out once it may. */
  | { action: "announce"; notify: true }
  | { action: "resolve"; notify: boolean };

export function nextStep(open: OpenIncident | null, state: "firing" | "quiet" | "insufficient", deviation: number, mayNotify: boolean): IncidentStep {
  // Without a verdict nothing changes: an incident is neither opened nor resolved on missing data.
  if (state === "insufficient") return open ? { action: "update", notify: false } : { action: "none" };
  if (state === "quiet") return open ? { action: "resolve", notify: mayNotify && open.sentDeviation !== null } : { action: "none" };
  if (!open) return { action: "open", notify: mayNotify };
  if (!mayNotify) return { action: "update", notify: false };
  if (open.sentDeviation === null) return { action: "announce", notify: true };
  if (deviation >= open.sentDeviation * WORSENING_FACTOR && deviation > open.sentDeviation) return { action: "worsen", notify: true };
  return { action: "update", notify: false };
}

/** Muted rules never notify; snoozed ones not until the snooze ends. */
export const mayNotify = (rule: { muted: boolean; snoozedUntil: Date | null }, now: Date) =>
  !rule.muted && (rule.snoozedUntil === null || rule.snoozedUntil <= now);
