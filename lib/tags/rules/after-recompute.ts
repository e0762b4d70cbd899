import { runTagRules, type TRunScope } from "./run";
import { logger } from "@/lib/log";

const log = logger("tags");

// Rules run after the people they read were recomputed: after each activity recompute for the
// persons it changed (lib/activity/after-recompute.ts lists this), after a customer refresh (the
// rollups' sales days) and after a predicted-LTV fit (P(active)) for everyone. A failure is
// logged, never thrown: the recompute itself committed, and the next one runs the rules again.
export async function runTagRulesAfterRecompute(workspaceId: string, now = new Date(), changed: TRunScope = "all"): Promise<void> {
  try {
    await runTagRules(workspaceId, changed, now);
  } catch (error) {
    log.error("rules failed after a recompute", { workspaceId, err: error });
  }
}
