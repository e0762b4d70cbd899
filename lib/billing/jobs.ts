import { defineJob } from "@/lib/jobs/define";
import { ZBillingScheduleJob } from "./job-payloads";

// Billing's scheduled work.

// A webhook's job sends a failed payment's email at once; this catches what it could not (a mail
// server down) and read-only, which begins on the clock, not on an event.
export const sendPastDueNoticesJob = defineJob({
  id: "send-past-due-notices",
  schema: ZBillingScheduleJob,
  schedule: { cron: "TZ=UTC */15 * * * *", everyMs: 15 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sendPastDueNoticesHandler,
});

// Metered usage to Stripe, hourly: the increment since the last report, a failed send repeated.
export const reportMeteredUsageJob = defineJob({
  id: "report-metered-usage",
  schema: ZBillingScheduleJob,
  schedule: { cron: "TZ=UTC 0 * * * *", everyMs: 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).reportMeteredUsageHandler,
});

// A plan that ends by the clock (a canceled period, an own trial, a comp) has no event to act on:
// hourly, connections beyond the plan's limits are paused, and those it has room for resumed.
export const enforceConnectionLimitsJob = defineJob({
  id: "enforce-plan-connection-limits",
  schema: ZBillingScheduleJob,
  schedule: { cron: "TZ=UTC 15 * * * *", everyMs: 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).enforceConnectionLimitsHandler,
});

// Daily, half an hour after a report so its events have settled in the meters.
export const reconcileMeteredUsageJob = defineJob({
  id: "reconcile-metered-usage",
  schema: ZBillingScheduleJob,
  schedule: { cron: "TZ=UTC 30 4 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).reconcileMeteredUsageHandler,
});
