import { defineJob } from "@/lib/jobs/define";
import { ZOwnedHourlyJob } from "./job-payloads";

// Owned attribution's hourly checks: undecided clicks at least 30 minutes old are judged human
// or not, and orders placed 20 to 740 minutes ago without an owned attribution (or with lost
// rows) are attributed again.

export const judgeOwnedClicksJob = defineJob({
  id: "judge-owned-clicks",
  schema: ZOwnedHourlyJob,
  schedule: { cron: "5 * * * *", everyMs: 60 * 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).judgeOwnedClicksHandler,
});

export const recomputeOwnedAttributionJob = defineJob({
  id: "recompute-owned-attribution",
  schema: ZOwnedHourlyJob,
  schedule: { cron: "15 * * * *", everyMs: 60 * 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).recomputeOwnedAttributionHandler,
});
