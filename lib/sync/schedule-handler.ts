import type { JobHandler } from "@/lib/jobs/define";
import type { ScheduledJob, SyncJob } from "./job-payloads";
import { syncConnectionJob } from "./jobs";
import { openRun } from "./runs";
import { dueSyncs } from "./scheduler";

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
