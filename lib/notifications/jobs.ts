import { defineJob } from "@/lib/jobs/define";
import { ZDeliverJob } from "./job-payloads";

// One message to one destination. The handler makes up to three attempts itself (backoff with
// jitter, or the destination's Retry-After, slept through the job context), recording each on the
// delivery row, so the in-process backend and Inngest behave alike.
export const deliverNotificationJob = defineJob({
  id: "deliver-notification",
  event: "notifications/delivery.requested",
  schema: ZDeliverJob,
  // One delivery at a time per destination: chat bots rate-limit per bot, and a burst of alerts
  // must not arrive out of order.
  concurrencyKey: "destinationId",
  // The attempts are the handler's own; a crash mid-way is picked up by the sweep below.
  retries: 0,
  dedupeKey: (job) => `${job.deliveryId}:${job.attempt ?? 0}`,
  handler: async () => (await import("./job-handlers")).deliverNotificationHandler,
});
