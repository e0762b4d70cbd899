import { jobBackend } from "@/lib/jobs/backend";
import type { JobHandler } from "@/lib/jobs/define";
import { failRun, workRun } from "./runner";
import type { SyncJob } from "./job-payloads";
import { updateRun } from "./runs";

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
