import { enqueue } from "@/lib/jobs/enqueue";
import { recomputeActivityJob } from "./jobs";
import type { RecomputeActivityJob } from "./job-payloads";
import { clearPendingBefore, queueVisitorsPersons } from "./queue";
import { logger } from "@/lib/log";

const log = logger("activity");

// Where recomputes are asked for: after each ingest batch (the `activity` consumer of
// lib/tracking/after-drain.ts), after a settings change and after a customers rebuild; and run
// at once at the end of a store's backfill.

/** A full pass; asks within the same minute are one pass. */
export function fullPassPayload(workspaceId: string, at = new Date()): RecomputeActivityJob {
  return { workspaceId, scope: "all", requestedAt: at.toISOString().slice(0, 16) };
}

/** Everyone's scores again (settings changed, customers rebuilt). Never fails its caller. */
export async function requestFullRecompute(workspaceId: string): Promise<void> {
  try {
    await enqueue(recomputeActivityJob, fullPassPayload(workspaceId));
  } catch (error) {
    log.error("could not queue a recompute", { workspaceId, err: error });
  }
}

/**
 * Everyone's scores now, in the caller: a backfill that just built every customer's profile
 * (a new store's, the demo's on first start) runs this as it ends, so its customers have scores,
 * levels and RFM as soon as they are listed rather than after a pass queued behind other work.
 * A failure queues the pass instead. Never fails its caller.
 */
export async function recomputeEveryoneNow(workspaceId: string): Promise<void> {
  const startedAt = new Date();
  try {
    const { recomputeActivity } = await import("./recompute");
    await recomputeActivity(workspaceId, "all", startedAt);
    await clearPendingBefore(workspaceId, startedAt);
  } catch (error) {
    log.error("could not recompute now; queueing a pass", { workspaceId, err: error });
    await requestFullRecompute(workspaceId);
  }
}

/** The after-drain consumer: the drained visitors' persons queued, one coalesced pass per workspace asked for. */
export async function queueDrainedActivity(drained: readonly { workspaceId: string; anonymousIds: string[] }[]): Promise<void> {
  for (const { workspaceId, anonymousIds } of drained) {
    if ((await queueVisitorsPersons(workspaceId, anonymousIds)) === 0) continue;
    await enqueue(recomputeActivityJob, { workspaceId, scope: "pending" });
  }
}
