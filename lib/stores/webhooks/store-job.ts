import { defineJob } from "@/lib/jobs/define";
import { ZWebhookJob } from "./job-payloads";
import { LOST_DELIVERY_MS } from "./job";

// The work behind a verified delivery to a store's own webhooks (WooCommerce), after the route
// has recorded it and answered.

export const processStoreWebhookJob = defineJob({
  id: "process-store-webhook",
  event: "store/webhook.received",
  schema: ZWebhookJob,
  // One connection's deliveries in order of arrival, so an update never overtakes its create.
  concurrencyKey: "connectionId",
  retries: 5,
  priority: 10,
  dedupeKey: (job) => `${job.connectionId}:${job.webhookId}`,
  recover: async () => (await import("./receipts")).unprocessedDeliveries(new Date(Date.now() - LOST_DELIVERY_MS), 1000, "other"),
  handler: async () => (await import("./store-job-handler")).processStoreWebhookHandler,
});
