import type { ShopifyWebhookTopic } from "@/lib/connectors/shopify/webhooks/verify";

/** What a handler gets: the tenant scope of one connection and the delivery's identity. */
export type WebhookScope = { workspaceId: string; connectionId: string; webhookId: string; topic: ShopifyWebhookTopic };

/** A handler returns a one-line summary of what it did, for logs. */
export type WebhookHandler = (scope: WebhookScope, payload: unknown) => Promise<string>;
