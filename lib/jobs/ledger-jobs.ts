import { z } from "zod";
import { defineJob } from "./define";

// Nightly: job runs past JOB_RUN_RETENTION_DAYS go, and runs a stopped process left queued or
// running are closed as failed (so they can be replayed and stop counting as waiting).
export const sweepJobRunsJob = defineJob({
  id: "sweep-job-runs",
  schema: z.object({}),
  schedule: { cron: "TZ=UTC 45 3 * * *", everyMs: 6 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./ledger-sweep")).sweepJobRunsHandler,
});
