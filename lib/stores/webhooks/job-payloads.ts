import { z } from "zod";

// The process-shopify-webhook job's payload: it names the receipt; the body is read from it, so an
// event stays small whatever the delivery.

export const ZWebhookJob = z.object({
  workspaceId: z.string().min(1),
  connectionId: z.string().min(1),
  webhookId: z.string().min(1),
  topic: z.string().min(1),
});

export type WebhookJobPayload = z.infer<typeof ZWebhookJob>;
