// The decay every score uses: an event's weight halves every half-life, its age counted in whole
// local days of the workspace (an event today has age 0). Pure, shared by the SQL's tests and
// the readers that carry a stored score forward to today.

/** The factor an event `ageDays` local days old keeps. */
export function decayFactor(ageDays: number, halfLifeDays: number): number {
  return Math.pow(0.5, ageDays / halfLifeDays);
}

/**
 * Events older than this many local days are not read: each keeps less than a millionth of its
 * weight (2^-20), far below what a level or a rule could notice.
 */
export function horizonDays(halfLifeDays: number): number {
  return Math.max(14, Math.ceil(20 * halfLifeDays));
}

/** Whole days from one ISO date (YYYY-MM-DD) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
