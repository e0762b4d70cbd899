import { defineJob } from "@/lib/jobs/define";
import { ZWebhookJob } from "./job-payloads";

// The work behind a verified Shopify webhook, after the route has recorded it and answered.

/** A delivery still unprocessed this long after it arrived was queued in a process that is gone. */
export const LOST_DELIVERY_MS = 60_000;

export const processWebhookJob = defineJob({
  id: "process-shopify-webhook",
  event: "shopify/webhook.received",
  schema: ZWebhookJob,
  // Webhooks of one connection in order of arrival, so an update never overtakes its create.
  concurrencyKey: "connectionId",
  retries: 5,
  // Deliveries come first: a merchant is looking at the order they just placed.
  priority: 10,
  // A redelivery of the same event is the same job.
  dedupeKey: (job) => `${job.connectionId}:${job.webhookId}`,
  // The in-process queue lives in memory; the receipts are what survives a restart.
  recover: async () => (await import("./receipts")).unprocessedDeliveries(new Date(Date.now() - LOST_DELIVERY_MS)),
  handler: async () => (await import("./job-handler")).processWebhookHandler,
});
