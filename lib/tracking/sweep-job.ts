import { defineJob } from "@/lib/jobs/define";
import { ZTrackingScheduleJob } from "./job-payloads";

// Asks for a drain whenever the inbox holds rows: events acknowledged by a process that stopped
// before it drained, or asks that were dropped.
export const sweepTrackingInboxJob = defineJob({
  id: "sweep-tracking-inbox",
  schema: ZTrackingScheduleJob,
  schedule: { cron: "* * * * *", everyMs: 15_000 },
  retries: 1,
  handler: async () => (await import("./sweep-handler")).sweepInboxHandler,
});
