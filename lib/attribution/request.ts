import { getPool } from "@/lib/db/pool";
import { enqueue } from "@/lib/jobs/enqueue";
import { attributeOrdersJob, recomputeAttributionJob } from "./jobs";
import { logger } from "@/lib/log";

const log = logger("attribution");

// Asking for attribution work through the job seam.

export const RECENT_DAYS = 14;
export const FULL_DAYS = 90;

const minute = (at: Date) => at.toISOString().slice(0, 16);

/** Queued and new orders, within seconds (asks within ten seconds are one run). */
export async function requestOrderAttribution(workspaceId: string, at = new Date()): Promise<void> {
  await enqueue(attributeOrdersJob, { workspaceId, slot: String(Math.floor(at.getTime() / 10_000)) });
}

/** Orders of the last 90 days again (after a settings change; with a new fit first), or of the last 14. */
export async function requestAttributionRecompute(workspaceId: string, reason: "settings" | "fit" | "recent", at = new Date()): Promise<void> {
  await requestRecomputeOfDays(workspaceId, reason === "recent" ? RECENT_DAYS : FULL_DAYS, { fit: reason === "fit", at });
}

/** Orders of the last `days` days again. */
export async function requestRecomputeOfDays(workspaceId: string, days: number, { fit = false, at = new Date() } = {}): Promise<void> {
  await enqueue(recomputeAttributionJob, { workspaceId, days, fit, requestedAt: minute(at) });
}

/**
 * After history arrived in bulk (a backfill): fit the data-driven models and attribute the last
 * 90 days now, rather than at the nightly fit, when the workspace has journeys to fit on. Never
 * fails the work that calls it: the hourly and nightly schedules come regardless.
 */
export async function requestAttributionAfterNewHistory(workspaceId: string, at = new Date()): Promise<boolean> {
  try {
    const { rows } = await getPool().query<{ tracked: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM attribution_touchpoints WHERE workspace_id = $1) AS tracked",
      [workspaceId],
    );
    if (!rows[0]?.tracked) return false;
    await requestAttributionRecompute(workspaceId, "fit", at);
    return true;
  } catch (error) {
    log.error("could not queue a fit", { workspaceId, err: error });
    return false;
  }
}
