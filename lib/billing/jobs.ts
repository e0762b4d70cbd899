import { defineJob } from "@/lib/jobs/define";
import { ZBillingScheduleJob } from "./job-payloads";

// Billing's scheduled work. A webhook's job sends a failed payment's email at once; this catches
// what it could not (a mail server down) and read-only, which begins on the clock, not on an event.
export const sendPastDueNoticesJob = defineJob({
  id: "send-past-due-notices",
  schema: ZBillingScheduleJob,
  schedule: { cron: "TZ=UTC */15 * * * *", everyMs: 15 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sendPastDueNoticesHandler,
});
