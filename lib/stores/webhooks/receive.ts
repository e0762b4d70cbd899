import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { SHOPIFY_NOT_CONFIGURED, shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { readRawBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { processWebhookJob } from "./job";
import { markReceiptFailed, recordDelivery } from "./receipts";
import { AFTER_UNINSTALL_TOPICS, isShopifyWebhookTopic, verifyWebhookHmac, webhookHeaders } from "@/lib/connectors/shopify/webhooks/verify";
import { logger } from "@/lib/log";

const log = logger("shopify-webhook");

// POST /api/webhooks/shopify: verify, allow-list, record the delivery (its body included) once per
// connection, queue its processing and answer at once: Shopify gives up after 5 s and retries, and
// a burst of deliveries must not wait for one another's processing.

export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export const json = (status: number, body: unknown) => NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
export const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/** The raw body, or the answer to a body over the limit (413). */
export async function readWebhookBody(request: Request): Promise<Buffer | Response> {
  try {
    return await readRawBody(request, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof AppError) return error(e.status, e.code, e.message);
    throw e;
  }
}

export async function receiveShopifyWebhook(request: Request): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return error(503, "not_configured", SHOPIFY_NOT_CONFIGURED);

  const raw = await readWebhookBody(request);
  if (raw instanceof Response) return raw;
  if (!verifyWebhookHmac(raw, request.headers.get("x-shopify-hmac-sha256"), config.apiSecret)) {
    return error(401, "unauthorized", "The webhook signature (X-Shopify-Hmac-Sha256) is missing or does not match the body.");
  }

  const { topic, shopDomain, webhookId: headerId } = webhookHeaders(request.headers);
  if (!isShopifyWebhookTopic(topic)) {
    log.info("topic ignored", { topic: topic.slice(0, 100), shop: shopDomain ?? null });
    return json(200, { ignored: true });
  }
  if (!shopDomain) return error(400, "bad_request", "X-Shopify-Shop-Domain is missing.");

  // Only checked here: parsing that keeps large ids exact is slower, and waits for processing.
  const text = raw.toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    return error(400, "bad_request", "The webhook body is not valid JSON.");
  }
  // Shopify always sends an id; should one ever be missing, the body's digest still dedupes replays.
  const webhookId = headerId ?? `sha256:${crypto.createHash("sha256").update(raw).digest("hex")}`;

  // A shop may be connected to several workspaces. Privacy topics also reach disconnected
  // connections (shop/redact arrives 48 h after the uninstall that disconnected them), and so
  // does the cancellation of the app's subscription that an uninstall brings.
  const connections = await recordDelivery({ shopDomain, includeDisconnected: AFTER_UNINSTALL_TOPICS.includes(topic), webhookId, topic, rawBody: text });

  let queued = 0;
  for (const connection of connections.filter((c) => c.queued)) {
    const key = { workspaceId: connection.workspaceId, connectionId: connection.connectionId, webhookId };
    try {
      // In process this only queues; the body travels in the receipt, not in the job.
      await enqueue(processWebhookJob, { ...key, topic });
    } catch (e) {
      // Not handed over: mark it failed so Shopify's retry of this delivery takes it up again.
      await markReceiptFailed(key, e).catch(() => {});
      throw e;
    }
    queued++;
  }
  const duplicates = connections.length - queued;
  if (connections.length === 0) log.info("no connection for the shop", { topic, shop: shopDomain });
  return json(200, { received: true, queued, duplicates });
}
