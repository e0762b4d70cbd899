import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { parseShopifyJson } from "@/lib/connectors/shopify/rest-transform";
import { SHOPIFY_NOT_CONFIGURED, shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { readRawBody } from "@/lib/api/respond";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { processWebhookJob } from "./job";
import { markReceiptFailed, recordReceipt } from "./receipts";
import { COMPLIANCE_TOPICS, isShopifyWebhookTopic, verifyWebhookHmac, webhookHeaders } from "@/lib/connectors/shopify/webhooks/verify";

// POST /api/webhooks/shopify: verify, allow-list, record a receipt per connection, hand the work
// to the queue and answer at once (Shopify gives up after a few seconds and retries).

export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

const json = (status: number, body: unknown) => NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export async function receiveShopifyWebhook(request: Request): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return error(503, "not_configured", SHOPIFY_NOT_CONFIGURED);

  let raw: Buffer;
  try {
    raw = await readRawBody(request, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof AppError) return error(e.status, e.code, e.message);
    throw e;
  }
  if (!verifyWebhookHmac(raw, request.headers.get("x-shopify-hmac-sha256"), config.apiSecret)) {
    return error(401, "unauthorized", "The webhook signature (X-Shopify-Hmac-Sha256) is missing or does not match the body.");
  }

  const { topic, shopDomain, webhookId: headerId } = webhookHeaders(request.headers);
  if (!isShopifyWebhookTopic(topic)) {
    console.info(`[shopify-webhook] ignored topic "${topic.slice(0, 100)}" from ${shopDomain ?? "an unknown shop"}`);
    return json(200, { ignored: true });
  }
  if (!shopDomain) return error(400, "bad_request", "X-Shopify-Shop-Domain is missing.");

  let payload: unknown;
  try {
    payload = parseShopifyJson(raw.toString("utf8"));
  } catch {
    return error(400, "bad_request", "The webhook body is not valid JSON.");
  }
  // Shopify always sends an id; should one ever be missing, the body's digest still dedupes replays.
  const webhookId = headerId ?? `sha256:${crypto.createHash("sha256").update(raw).digest("hex")}`;

  // A shop may be connected to several workspaces. Privacy topics also reach disconnected
  // connections: shop/redact arrives 48 h after the uninstall that disconnected them.
  const connections = await db.connection.findMany({
    where: {
      provider: "shopify",
      externalAccountId: shopDomain,
      ...(COMPLIANCE_TOPICS.includes(topic) ? {} : { status: { not: "disconnected" as const } }),
    },
    select: { workspaceId: true, id: true },
  });

  let queued = 0;
  let duplicates = 0;
  for (const connection of connections) {
    const key = { workspaceId: connection.workspaceId, connectionId: connection.id, webhookId };
    const outcome = await recordReceipt(key, topic);
    if (outcome === "duplicate") {
      duplicates++;
      continue;
    }
    try {
      await enqueue(processWebhookJob, { ...key, topic, payload: payload as Record<string, unknown> });
    } catch (e) {
      // Not handed over: mark it failed so Shopify's retry of this delivery takes it up again.
      await markReceiptFailed(key, e).catch(() => {});
      throw e;
    }
    queued++;
  }
  if (connections.length === 0) console.info(`[shopify-webhook] ${topic} for ${shopDomain}: no connection`);
  return json(200, { received: true, queued, duplicates });
}
