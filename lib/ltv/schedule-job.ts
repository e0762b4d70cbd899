import { defineJob } from "@/lib/jobs/define";
import { ZScheduledLtvJob } from "./job-payloads";

// Nightly, after the day's syncs and the daily restatement have settled: a fit for every
// workspace that has customers.
export const scheduleLtvFitsJob = defineJob({
  id: "schedule-ltv-fits",
  schema: ZScheduledLtvJob,
  schedule: { cron: "TZ=UTC 0 3 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./schedule-handler")).scheduleLtvFitsHandler,
});
