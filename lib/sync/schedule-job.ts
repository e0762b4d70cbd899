import { defineJob } from "@/lib/jobs/define";
import { ZScheduledJob } from "./job-payloads";

// Every couple of minutes: open the runs of due connections and fan them out as sync jobs.
export const scheduleSyncsJob = defineJob({
  id: "schedule-syncs",
  schema: ZScheduledJob,
  schedule: { cron: "*/2 * * * *", everyMs: 60_000 },
  retries: 2,
  handler: async () => (await import("./schedule-handler")).scheduleSyncsHandler,
});
