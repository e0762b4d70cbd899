// WooCommerce webhooks: the topics Signalboard subscribes to, their creation through the API, and
// reading a delivery's headers. A delivery is signed with the webhook's own secret:
// X-WC-Webhook-Signature = base64(HMAC-SHA256(raw body, secret)).

import type { WooClient } from "./client";
import type { WooWebhook } from "./shapes";

export const WOO_WEBHOOK_TOPICS = ["order.created", "order.updated", "order.deleted", "product.updated"] as const;
export type WooWebhookTopic = (typeof WOO_WEBHOOK_TOPICS)[number];

export function isWooWebhookTopic(topic: unknown): topic is WooWebhookTopic {
  return typeof topic === "string" && (WOO_WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

export type WooDeliveryHeaders = { topic: string; deliveryId: string | null; signature: string | null; source: string | null };

export function deliveryHeaders(headers: Headers): WooDeliveryHeaders {
  return {
    topic: (headers.get("x-wc-webhook-topic") ?? "").trim().toLowerCase(),
    deliveryId: headers.get("x-wc-webhook-delivery-id")?.trim().slice(0, 200) || null,
    signature: headers.get("x-wc-webhook-signature"),
    source: headers.get("x-wc-webhook-source"),
  };
}

/**
 * WooCommerce checks a new webhook's URL with a ping, `webhook_id=N` as a form body with no topic
 * or signature; it must get a 2xx or it refuses to create the webhook.
 */
export function isPing(rawBody: string, headers: WooDeliveryHeaders): boolean {
  return headers.topic === "" && /^webhook_id=\d+$/.test(rawBody.trim());
}

/** Creates the webhooks (REST API v3 payloads) pointing at deliveryUrl, all signed with one secret. */
export async function createWebhooks(client: WooClient, deliveryUrl: string, secret: string): Promise<WooWebhook[]> {
  const created: WooWebhook[] = [];
  for (const topic of WOO_WEBHOOK_TOPICS) {
    created.push(await client.post<WooWebhook>("webhooks", { name: `Signalboard ${topic}`, topic, delivery_url: deliveryUrl, secret, status: "active" }));
  }
  return created;
}
