import { db } from "@/lib/db/client";
import type { JobHandler } from "./define";
import { JOB_RUN_RETENTION_DAYS } from "./ledger";

/** How long a run may wait or run before the sweep takes its process for gone. */
export const ABANDONED_AFTER_HOURS = 24;

export async function sweepJobRuns(now = new Date()): Promise<{ deleted: number; abandoned: number }> {
  const hour = 3_600_000;
  const abandoned = await db.$executeRawUnsafe(
    `UPDATE job_runs SET status = 'failed', finished_at = $1, error = 'never finished: the process that held it stopped'
     WHERE status IN ('queued', 'running') AND queued_at < $2`,
    now,
    new Date(now.getTime() - ABANDONED_AFTER_HOURS * hour),
  );
  const deleted = await db.$executeRawUnsafe(`DELETE FROM job_runs WHERE queued_at < $1`, new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 24 * hour));
  return { deleted, abandoned };
}

export const sweepJobRunsHandler: JobHandler<{ now?: string }> = {
  run: async (payload, context) => context.step("sweep", () => sweepJobRuns(payload.now ? new Date(payload.now) : new Date())),
};
