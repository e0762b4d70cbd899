import type { ShopifyWebhookJob } from "@/lib/connectors/shopify/webhooks/process";
import { inngest } from "./client";
import { shopifyWebhookReceived, syncRequested } from "./events";

export async function sendSyncRequested(data: { workspaceId: string; connectionId: string; runId: string }): Promise<void> {
  await inngest.send(syncRequested.create(data));
}

export async function sendWebhookReceived(job: ShopifyWebhookJob): Promise<void> {
  // The event id is the webhook id, so a redelivery Inngest has already seen is dropped there too.
  await inngest.send(
    shopifyWebhookReceived.create({ ...job, payload: job.payload as Record<string, unknown> }, { id: `${job.connectionId}:${job.webhookId}` }),
  );
}
