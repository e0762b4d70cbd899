import { storeProvider } from "@/lib/connectors/registry";
import { getConnection } from "@/lib/connections/service";
import { openJson } from "@/lib/crypto/secrets";
import type { JobHandler } from "@/lib/jobs/define";
import { PermanentJobError, rootCause } from "@/lib/jobs/errors";
import { refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { retireOrders, upsertOrderBundles, upsertProductBundles } from "../ingest";
import type { WebhookJobPayload } from "./job-payloads";
import { deliveryBody, markReceiptFailed, markReceiptProcessed, receiptKey } from "./receipts";
import { logger } from "@/lib/log";

const log = logger("store-webhook");

/** Applies one recorded delivery through the engine's upserts; safe to run twice. */
async function processStoreWebhook(job: WebhookJobPayload, body: string): Promise<string> {
  const scope = { workspaceId: job.workspaceId, connectionId: job.connectionId };
  const connection = await getConnection(scope);
  const hooks = (await storeProvider(connection.provider))?.webhooks;
  if (!hooks) throw new PermanentJobError(`${connection.provider} sends no webhooks Signalboard processes.`);
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    throw new PermanentJobError("The recorded webhook body is not JSON.", { cause: error });
  }
  const view = { ...scope, externalAccountId: connection.externalAccountId, credentials: openJson<unknown>(connection.credentials) };
  const facts = await hooks.facts(view, job.topic, payload);
  const orders = await upsertOrderBundles(scope, facts.orders);
  const products = await upsertProductBundles(scope, facts.products);
  const retired = await retireOrders(scope, facts.retiredOrderIds);
  return `${job.topic}: ${orders.rows + products.rows + retired.rows} rows written`;
}

export const processStoreWebhookHandler: JobHandler<WebhookJobPayload> = {
  async run(job, context) {
    return context.step("process", async () => {
      const key = receiptKey(job);
      const body = await deliveryBody(key);
      // Processed already: a recovered copy of a job that another process finished.
      if (body === null) return { webhookId: job.webhookId, skipped: true };
      try {
        const summary = await processStoreWebhook(job, body);
        await markReceiptProcessed(key);
        await refreshDirtyRollupsQuietly(job.workspaceId);
        log.info("processed", { topic: job.topic, webhookId: job.webhookId, workspaceId: job.workspaceId, summary });
        return { webhookId: job.webhookId };
      } catch (error) {
        await markReceiptFailed(key, error).catch(() => {});
        // A payload that cannot be stored fails the same way every time.
        if (error instanceof Error && error.name.endsWith("PayloadError")) throw new PermanentJobError(error.message, { cause: error });
        throw error;
      }
    });
  },
  onFailure: (job, error) => markReceiptFailed(receiptKey(job), rootCause(error)).catch(() => {}),
};
