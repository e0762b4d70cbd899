import { defineJob } from "@/lib/jobs/define";
import { ZDrainInboxJob, ZTrackingScheduleJob } from "./job-payloads";

// Moves the inbox into tracked_events. Asked for after accepted requests (at most once a second
// per process, drain-request.ts) and by the sweep; one runs at a time everywhere (no
// concurrency key: the lock is the job's), and each run drains until the inbox is empty.
export const drainTrackingInboxJob = defineJob({
  id: "drain-tracking-inbox",
  event: "tracking/inbox.drain.requested",
  schema: ZDrainInboxJob,
  retries: 3,
  // A drain that waited this long is superseded by the sweep's next ask; nothing is lost.
  expireAfterMs: 5 * 60 * 1000,
  dedupeKey: (job) => job.second,
  handler: async () => (await import("./job-handlers")).drainInboxHandler,
});

// Partitions of the coming months, per-workspace retention, and dropping months past every
// workspace's retention.
export const maintainTrackingJob = defineJob({
  id: "maintain-tracked-events",
  schema: ZTrackingScheduleJob,
  schedule: { cron: "TZ=UTC 20 2 * * *", everyMs: 6 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).maintainTrackingHandler,
});
