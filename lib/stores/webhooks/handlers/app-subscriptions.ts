import { applyAppSubscriptionsDelivery } from "@/lib/billing/shopify-sync";
import type { WebhookHandler } from "./types";

/** app_subscriptions/update: billing's to apply (lib/billing/shopify-sync.ts); stores only route it. */
export const handleAppSubscriptionsUpdate: WebhookHandler = (scope, payload) => applyAppSubscriptionsDelivery(scope, payload);
