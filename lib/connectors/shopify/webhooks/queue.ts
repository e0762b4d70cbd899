import { inngestEnabled } from "@/lib/sync/dispatch";
import { markReceiptFailed } from "./receipts";
import { processShopifyWebhook, type ShopifyWebhookJob } from "./process";

// The hand-off between the webhook route and the work. The route answers Shopify as soon as the
// receipt is recorded; the work runs as a durable Inngest function when an Inngest server is
// configured, otherwise in this process in the background.

const inFlight = new Set<Promise<void>>();

export async function enqueueWebhook(job: ShopifyWebhookJob): Promise<void> {
  if (inngestEnabled()) {
    const { sendWebhookReceived } = await import("@/inngest/send");
    await sendWebhookReceived(job);
    return;
  }
  const run = processShopifyWebhook(job)
    .then(() => undefined)
    .catch(async (error: unknown) => {
      // processShopifyWebhook already stored the error; this covers failures before it could.
      await markReceiptFailed(job, error).catch(() => {});
      console.error(`[shopify-webhook] ${job.topic} ${job.webhookId} (workspace ${job.workspaceId}) failed: ${error instanceof Error ? error.message : String(error)}`);
    })
    .finally(() => {
      inFlight.delete(run);
    });
  inFlight.add(run);
}

/** Waits for every background job started so far (tests, graceful shutdown). */
export async function settleWebhookJobs(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
