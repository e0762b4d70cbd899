// The order facts exception detection reads, normalised the same way for every store: a fraud
// risk level from whatever assessments the store lists.

export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * The most severe level among a store's assessments (any case), or null when none gives one:
 * "none" and "pending" assessments say nothing yet, and unknown words are ignored.
 */
export function highestRiskLevel(levels: readonly unknown[]): RiskLevel | null {
  let highest = -1;
  for (const level of levels) {
    if (typeof level !== "string") continue;
    highest = Math.max(highest, RISK_LEVELS.indexOf(level.toLowerCase() as RiskLevel));
  }
  return highest < 0 ? null : RISK_LEVELS[highest]!;
}
