import { jobBackend } from "@/lib/jobs/backend";
import type { JobHandler } from "@/lib/jobs/define";
import { failRun, workRun } from "./runner";
import { openRun, updateRun } from "./runs";
import { dueSyncs } from "./scheduler";
import { syncConnectionJob, type ScheduledJob, type SyncJob } from "./jobs";

// Durable steps must stay short under Inngest; in process a slice may run to the end of a page run.
const INNGEST_BUDGET = { pages: 10, batches: 20 };

export const syncConnectionHandler: JobHandler<SyncJob> = {
  async run(job, context) {
    const scope = { workspaceId: job.workspaceId, connectionId: job.connectionId };
    await workRun(scope, job.runId, context, { budget: jobBackend() === "inngest" ? INNGEST_BUDGET : {} });
    return { runId: job.runId };
  },
  onFailure: (job, error) => failRun({ workspaceId: job.workspaceId, connectionId: job.connectionId }, job.runId, error),
  async onStale(job, queuedAt) {
    await updateRun(job, job.runId, {
      status: "cancelled",
      finishedAt: new Date(),
      error: `Dropped: it waited since ${queuedAt.toISOString()} to start; the next scheduled sync covers it.`,
      errorCode: "stale",
    });
  },
};

export const scheduleSyncsHandler: JobHandler<ScheduledJob> = {
  async run(job, context) {
    const due = await context.step("find-due", async () => {
      const syncs = await dueSyncs(job.now ? new Date(job.now) : new Date(), job.workspaceId ? { workspaceId: job.workspaceId } : undefined);
      const runs: SyncJob[] = [];
      for (const sync of syncs) {
        const run = await openRun(sync, sync.kind, sync.range ?? {});
        // A reused run already has a job working on it (or is picked up again by recovery).
        if (!run.reused) runs.push({ workspaceId: sync.workspaceId, connectionId: sync.connectionId, runId: run.runId });
      }
      return runs;
    });
    if (due.length) await context.enqueue("fan-out", syncConnectionJob, due);
    return { scheduled: due.length };
  },
};
