import { processShopifyWebhook } from "@/lib/connectors/shopify/webhooks/process";
import { inngest } from "./client";
import { shopifyWebhookReceived } from "./events";

// The work behind a Shopify webhook, after the route has verified it and answered.
export const processWebhook = inngest.createFunction(
  {
    id: "process-shopify-webhook",
    triggers: [shopifyWebhookReceived],
    // Webhooks of one connection in order of arrival, so an update never overtakes its create.
    concurrency: { key: "event.data.connectionId", limit: 1 },
    retries: 5,
  },
  async ({ event, step }) => {
    await step.run("process", () => processShopifyWebhook(event.data));
    return { webhookId: event.data.webhookId };
  },
);
