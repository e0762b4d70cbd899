import { runTagRules } from "./run";

// Rules run after the people they read were recomputed: after a customer refresh (the rollups'
// sales days) and after a predicted-LTV fit (P(active)). A failure is logged, never thrown: the
// recompute itself committed, and the next one runs the rules again over everyone.
export async function runTagRulesAfterRecompute(workspaceId: string, now = new Date()): Promise<void> {
  try {
    await runTagRules(workspaceId, "all", now);
  } catch (error) {
    console.error(`tags: rules of workspace ${workspaceId} failed after a recompute`, error instanceof Error ? error.message : error);
  }
}
