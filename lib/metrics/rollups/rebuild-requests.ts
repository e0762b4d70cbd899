import { inngestEnabled } from "@/lib/jobs/backend";
import { lockKeyOf } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { withAdvisoryLock } from "@/lib/jobs/lock";
import { rebuildRollupsJob } from "./jobs";
import { nextPendingRebuild, queueRollupRebuild, requeueRollupRebuild, runRollupRebuild, type RebuildView } from "./rebuild-jobs";

// Asking for a whole-workspace rebuild: the job is recorded (rebuild-jobs.ts), then handed to the
// job seam, which runs it under Inngest or in this process.

/**
 * Queues a rebuild and gets it running: as a durable Inngest function when Inngest is configured,
 * otherwise in this process. Call it after every change that alters what past days mean.
 */
export async function requestRollupRebuild(workspaceId: string, reason: string): Promise<RebuildView | null> {
  const queued = await queueRollupRebuild(workspaceId, reason);
  if (queued) await dispatchRollupRebuild(workspaceId, queued.rebuild.id, { alreadySent: !queued.created });
  return queued?.rebuild ?? null;
}

/** Retries a failed job from where it stopped. */
export async function retryRollupRebuild(workspaceId: string, id: string): Promise<RebuildView> {
  const rebuild = await requeueRollupRebuild(workspaceId, id);
  await dispatchRollupRebuild(workspaceId, id, { alreadySent: false });
  return rebuild;
}

async function dispatchRollupRebuild(workspaceId: string, rebuildId: string, { alreadySent }: { alreadySent: boolean }): Promise<void> {
  // Under Inngest, a job that absorbed this request already has a function on its way.
  if (alreadySent && inngestEnabled()) return;
  await enqueue(rebuildRollupsJob, { workspaceId, rebuildId });
}

/**
 * Works every unfinished job of the workspace in this process, newest first (older ones are
 * superseded by it), under the same lock the job backend takes: "busy" when another process has it.
 */
export async function drainRebuildsLocally(workspaceId: string): Promise<"done" | "busy"> {
  const outcome = await withAdvisoryLock(lockKeyOf(rebuildRollupsJob, { workspaceId, rebuildId: "" }), async () => {
    for (let job = await nextPendingRebuild(workspaceId); job; job = await nextPendingRebuild(workspaceId)) {
      await runRollupRebuild(workspaceId, job.id);
    }
    return "done" as const;
  });
  return outcome ?? "busy";
}
