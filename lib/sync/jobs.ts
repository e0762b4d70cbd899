import { defineJob } from "@/lib/jobs/define";
import { ZSyncJob } from "./job-payloads";

// One sync run of one connection, as a job.

export const syncConnectionJob = defineJob({
  id: "sync-connection",
  event: "sync/connection.sync.requested",
  schema: ZSyncJob,
  // Never two runs of one connection at once.
  concurrencyKey: "connectionId",
  // Shopify's rate limits are per shop; keep one connection's calls from starving others.
  throttle: { limit: 30, periodSeconds: 60 },
  retries: 4,
  // A request that waited this long is overtaken by the schedule's next one.
  expireAfterMs: 6 * 60 * 60 * 1000,
  dedupeKey: (job) => job.runId,
  recover: async () => (await import("./runs")).unfinishedRunJobs(),
  handler: async () => (await import("./job-handlers")).syncConnectionHandler,
});
