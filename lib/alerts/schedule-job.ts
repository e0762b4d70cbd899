import { defineJob } from "@/lib/jobs/define";
import { ZScheduleAlertsJob } from "./job-payloads";

// Hourly: a pass for every workspace with alert rules.
export const scheduleAlertsJob = defineJob({
  id: "schedule-alert-evaluations",
  schema: ZScheduleAlertsJob,
  schedule: { cron: "TZ=UTC 5 * * * *", everyMs: 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./schedule-handler")).scheduleAlertsHandler,
});
