import { base64Hmac, verifyBase64Hmac } from "../../common/hmac";

// Every Shopify webhook is signed: base64(HMAC-SHA256(raw body, app secret)) in
// X-Shopify-Hmac-Sha256. Verification is never skipped, in development neither.

export const SHOPIFY_WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "products/update",
  "app/uninstalled",
  "app_subscriptions/update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

/** Privacy topics: they concern shops that may have uninstalled the app already. */
export const COMPLIANCE_TOPICS: readonly ShopifyWebhookTopic[] = ["customers/data_request", "customers/redact", "shop/redact"];

/**
 * Topics that still matter after the app/uninstalled that disconnected the store: the privacy
 * topics, and the cancellation of the app's subscription, which may follow the uninstall.
 */
export const AFTER_UNINSTALL_TOPICS: readonly ShopifyWebhookTopic[] = [...COMPLIANCE_TOPICS, "app_subscriptions/update"];

export function isShopifyWebhookTopic(topic: unknown): topic is ShopifyWebhookTopic {
  return typeof topic === "string" && (SHOPIFY_WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

export function computeWebhookHmac(rawBody: Uint8Array | string, secret: string): string {
  return base64Hmac(rawBody, secret);
}

/** Constant-time check of X-Shopify-Hmac-Sha256 against the raw body; false for a missing or malformed header. */
export function verifyWebhookHmac(rawBody: Uint8Array | string, header: string | null | undefined, secret: string): boolean {
  if (!secret) throw new Error("SHOPIFY_API_SECRET is not set: webhooks cannot be verified.");
  return verifyBase64Hmac(rawBody, header, secret);
}

/** The delivery's idempotency key: X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
export function webhookIdFrom(headers: Headers): string | null {
  const id = headers.get("x-shopify-event-id")?.trim() || headers.get("x-shopify-webhook-id")?.trim();
  return id ? id.slice(0, 200) : null;
}

export type VerifiedWebhookHeaders = {
  topic: string;
  shopDomain: string | null;
  webhookId: string | null;
};

export function webhookHeaders(headers: Headers): VerifiedWebhookHeaders {
  return {
    topic: (headers.get("x-shopify-topic") ?? "").trim().toLowerCase(),
    shopDomain: headers.get("x-shopify-shop-domain")?.trim().toLowerCase() || null,
    webhookId: webhookIdFrom(headers),
  };
}
