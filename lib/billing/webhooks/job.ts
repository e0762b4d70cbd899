import { defineJob } from "@/lib/jobs/define";
import { ZStripeEventJob } from "./job-payloads";

// The work behind a verified Stripe event, after the webhook has recorded it and answered.

/** An event still unprocessed this long after it arrived was queued in a process that is gone. */
export const LOST_EVENT_MS = 60_000;

export const processStripeEventJob = defineJob({
  id: "process-stripe-event",
  event: "stripe/event.received",
  schema: ZStripeEventJob,
  // One customer's events one at a time: each re-reads the subscription and applies it whole.
  concurrencyKey: "customerKey",
  retries: 5,
  priority: 10,
  dedupeKey: (job) => job.eventId,
  recover: async () => (await import("./receipts")).unprocessedStripeEvents(new Date(Date.now() - LOST_EVENT_MS)),
  handler: async () => (await import("./job-handler")).processStripeEventHandler,
});
