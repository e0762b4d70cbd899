import { defineJob } from "@/lib/jobs/define";
import { ZScheduleActivityJob } from "./job-payloads";

// Every 15 minutes: an incremental pass for workspaces with persons still waiting (a batch that
// drained while a pass ran), and the nightly full pass of each workspace once its local day turned.
export const scheduleActivityJob = defineJob({
  id: "schedule-activity-recompute",
  schema: ZScheduleActivityJob,
  schedule: { cron: "TZ=UTC */15 * * * *", everyMs: 15 * 60 * 1000 },
  retries: 1,
  handler: async () => (await import("./schedule-handler")).scheduleActivityHandler,
});
