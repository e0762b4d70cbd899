import { ShopifyPayloadError } from "@/lib/connectors/shopify/rest-transform";
import { PermanentJobError } from "@/lib/jobs/errors";
import { refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { handleAppSubscriptionsUpdate } from "./handlers/app-subscriptions";
import { handleAppUninstalled } from "./handlers/app-uninstalled";
import { handleCustomersDataRequest, handleCustomersRedact, handleShopRedact } from "./handlers/compliance";
import { handleOrderWebhook } from "./handlers/orders";
import { handleProductUpdated } from "./handlers/products";
import { handleRefundCreated } from "./handlers/refunds";
import type { WebhookHandler } from "./handlers/types";
import { markReceiptFailed, markReceiptProcessed } from "./receipts";
import { isShopifyWebhookTopic, type ShopifyWebhookTopic } from "@/lib/connectors/shopify/webhooks/verify";
import { logger } from "@/lib/log";

const log = logger("shopify-webhook");

/** One verified delivery for one connection: what the queue carries (JSON-serialisable). */
export type ShopifyWebhookJob = {
  workspaceId: string;
  connectionId: string;
  webhookId: string;
  topic: string;
  /** The parsed body; ids beyond 2^53 are strings (parseShopifyJson). */
  payload: unknown;
};

function handlerFor(topic: ShopifyWebhookTopic): WebhookHandler {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return handleOrderWebhook;
    case "refunds/create":
      return handleRefundCreated;
    case "products/update":
      return handleProductUpdated;
    case "app/uninstalled":
      return handleAppUninstalled;
    case "app_subscriptions/update":
      return handleAppSubscriptionsUpdate;
    case "customers/redact":
      return handleCustomersRedact;
    case "shop/redact":
      return handleShopRedact;
    case "customers/data_request":
      return handleCustomersDataRequest;
    default: {
      const unreachable: never = topic;
      throw new Error(`No handler for ${String(unreachable)}`);
    }
  }
}

/**
 * Applies one delivery. Marks the receipt processed on success; on failure stores the error on the
 * receipt and rethrows, so the runner (Inngest, or the in-process queue) can retry it, unless the
 * payload itself cannot be stored (a missing id, a quantity past its column's range).
 * Runs the same with or without Inngest; safe to run twice (every write is idempotent).
 */
export async function processShopifyWebhook(job: ShopifyWebhookJob): Promise<{ summary: string }> {
  const key = { workspaceId: job.workspaceId, connectionId: job.connectionId, webhookId: job.webhookId };
  try {
    if (!isShopifyWebhookTopic(job.topic)) throw new Error(`Unsupported Shopify webhook topic "${job.topic}".`);
    const summary = await handlerFor(job.topic)({ ...key, topic: job.topic }, job.payload);
    await markReceiptProcessed(key);
    await refreshDirtyRollupsQuietly(job.workspaceId);
    log.info("processed", { topic: job.topic, webhookId: job.webhookId, workspaceId: job.workspaceId, summary });
    return { summary };
  } catch (error) {
    await markReceiptFailed(key, error).catch((recordError) => {
      log.error("could not record the failure", { webhookId: job.webhookId, err: recordError });
    });
    // The same body fails the same way every time: retrying would only hold up the connection's lane.
    if (error instanceof ShopifyPayloadError) throw new PermanentJobError(error.message, { cause: error });
    throw error;
  }
}
