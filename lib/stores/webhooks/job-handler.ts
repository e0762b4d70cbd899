import type { JobHandler } from "@/lib/jobs/define";
import { parseShopifyJson } from "@/lib/connectors/shopify/rest-transform";
import { rootCause } from "@/lib/jobs/errors";
import type { WebhookJobPayload } from "./job-payloads";
import { processShopifyWebhook } from "./process";
import { deliveryBody, markReceiptFailed } from "./receipts";

export const processWebhookHandler: JobHandler<WebhookJobPayload> = {
  async run(job, context) {
    return context.step("process", async () => {
      const body = await deliveryBody(job);
      // Processed already: a recovered copy of a job that another process finished.
      if (body === null) return { webhookId: job.webhookId, skipped: true };
      await processShopifyWebhook({ ...job, payload: parseShopifyJson(body) });
      return { webhookId: job.webhookId };
    });
  },
  // processShopifyWebhook stores its own errors; this covers failures before it could.
  onFailure: (job, error) => markReceiptFailed(job, rootCause(error)).catch(() => {}),
};
