import crypto from "node:crypto";
import { storeProvider } from "@/lib/connectors/registry";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { markReceiptFailed, recordConnectionDelivery } from "./receipts";
import { error, json, readWebhookBody } from "./receive";
import { processStoreWebhookJob } from "./store-job";
import { logger } from "@/lib/log";

const log = logger("store-webhook");

// POST /api/webhooks/{store}?workspace=…&connection=…: deliveries to the webhooks a connection
// created in its store (WooCommerce), each signed with that connection's own secret. Verify,
// record once per delivery id (the body sealed), queue the processing and answer at once.

const UNSIGNED = "The webhook signature is missing or does not match the body.";

export async function receiveStoreWebhook(request: Request, provider: string): Promise<Response> {
  const hooks = (await storeProvider(provider))?.webhooks;
  if (!hooks) return error(404, "not_found", "This store does not send webhooks here.");
  const raw = await readWebhookBody(request);
  if (raw instanceof Response) return raw;
  const text = raw.toString("utf8");
  if (hooks.ping(text, request.headers)) return json(200, { ping: true });

  const params = new URL(request.url).searchParams;
  const workspaceId = params.get("workspace") ?? "";
  const connectionId = params.get("connection") ?? "";
  // An unknown connection is answered like a bad signature: the URL reveals nothing.
  const connection = workspaceId && connectionId
    ? await db.connection.findFirst({ where: { workspaceId, id: connectionId, provider }, select: { status: true, credentials: true } })
    : null;
  const secret = connection && connection.status !== "disconnected" ? hooks.secret(openJson<unknown>(connection.credentials)) : null;
  if (!secret || !hooks.verify(raw, request.headers, secret)) return error(401, "unauthorized", UNSIGNED);

  const { topic, deliveryId } = hooks.delivery(request.headers);
  if (!hooks.topics.includes(topic)) {
    log.info("topic ignored", { provider, topic: topic.slice(0, 100), connectionId });
    return json(200, { ignored: true });
  }
  try {
    JSON.parse(text);
  } catch {
    return error(400, "bad_request", "The webhook body is not valid JSON.");
  }
  // Should a delivery id ever be missing, the body's digest still dedupes replays.
  const webhookId = deliveryId ?? `sha256:${crypto.createHash("sha256").update(raw).digest("hex")}`;
  const key = { workspaceId, connectionId, webhookId };
  const queued = await recordConnectionDelivery(key, topic, text);
  if (queued) {
    try {
      await enqueue(processStoreWebhookJob, { ...key, topic });
    } catch (e) {
      // Not handed over: mark it failed so the store's retry of this delivery takes it up again.
      await markReceiptFailed(key, e).catch(() => {});
      throw e;
    }
  }
  return json(200, { received: true, queued: queued ? 1 : 0, duplicates: queued ? 0 : 1 });
}
