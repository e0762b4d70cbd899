import { defineJob } from "@/lib/jobs/define";
import { ZScheduledAttributionJob } from "./job-payloads";

// The schedules that ask for attribution work (lib/attribution/README.md "Freshness"). Their
// handlers queue the jobs of ./jobs.ts, so they live apart from those definitions.

// Every minute: workspaces with queued orders or recent orders never attributed (a synced order,
// a webhook's) get an attribute-orders run.
export const sweepUnattributedOrdersJob = defineJob({
  id: "sweep-unattributed-orders",
  schema: ZScheduledAttributionJob,
  schedule: { cron: "* * * * *", everyMs: 60_000 },
  retries: 1,
  handler: async () => (await import("./schedule-handlers")).sweepUnattributedOrdersHandler,
});

// Hourly: the last 14 days of every workspace with recent attribution; at 03:00 UTC the data-driven
// models are fitted again and 90 days recomputed.
export const scheduleAttributionJob = defineJob({
  id: "schedule-attribution-recompute",
  schema: ZScheduledAttributionJob,
  schedule: { cron: "TZ=UTC 7 * * * *", everyMs: 60 * 60_000 },
  retries: 1,
  handler: async () => (await import("./schedule-handlers")).scheduleAttributionHandler,
});
