import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// The sync room's jobs: one run of one connection, and the schedule that asks for them.

export const ZSyncJob = z.object({ workspaceId: z.string().min(1), connectionId: z.string().min(1), runId: z.string().min(1) });
export type SyncJob = z.infer<typeof ZSyncJob>;

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

/** Scheduled jobs may be narrowed to one workspace (the in-process scheduler's tests). */
export const ZScheduledJob = z.object({ workspaceId: z.string().min(1).optional(), now: z.string().datetime().optional() });
export type ScheduledJob = z.infer<typeof ZScheduledJob>;

export const scheduleSyncsJob = defineJob({
  id: "schedule-syncs",
  schema: ZScheduledJob,
  schedule: { cron: "*/2 * * * *", everyMs: 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).scheduleSyncsHandler,
});
