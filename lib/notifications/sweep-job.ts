import { defineJob } from "@/lib/jobs/define";
import { ZSweepDeliveriesJob } from "./job-payloads";

// Queues deliveries whose next attempt is due (a Retry-After longer than the delivery job sleeps)
// and releases ones left "sending" by a process that stopped.
export const sweepDeliveriesJob = defineJob({
  id: "sweep-notification-deliveries",
  schema: ZSweepDeliveriesJob,
  schedule: { cron: "* * * * *", everyMs: 60_000 },
  retries: 1,
  handler: async () => (await import("./sweep-handler")).sweepDeliveriesHandler,
});
