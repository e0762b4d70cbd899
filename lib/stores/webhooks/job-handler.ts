import type { JobHandler } from "@/lib/jobs/define";
import { rootCause } from "@/lib/jobs/errors";
import { processShopifyWebhook, type ShopifyWebhookJob } from "./process";
import { markReceiptFailed } from "./receipts";

export const processWebhookHandler: JobHandler<ShopifyWebhookJob> = {
  async run(job, context) {
    await context.step("process", () => processShopifyWebhook(job));
    return { webhookId: job.webhookId };
  },
  // processShopifyWebhook stores its own errors; this covers failures before it could.
  onFailure: (job, error) => markReceiptFailed(job, rootCause(error)).catch(() => {}),
};
