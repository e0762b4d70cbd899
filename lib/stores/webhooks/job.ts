import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// The work behind a verified Shopify webhook, after the route has recorded it and answered.

export const ZWebhookJob = z.object({
  workspaceId: z.string().min(1),
  connectionId: z.string().min(1),
  webhookId: z.string().min(1),
  topic: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});

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
  handler: async () => (await import("./job-handler")).processWebhookHandler,
});
