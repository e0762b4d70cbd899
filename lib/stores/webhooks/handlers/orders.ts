import { orderBundleFromRest } from "@/lib/connectors/shopify/rest-transform";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import type { WebhookHandler } from "./types";

/** orders/create, orders/updated, orders/cancelled: the body is the whole order, so upsert it. */
export const handleOrderWebhook: WebhookHandler = async (scope, payload) => {
  const bundle = orderBundleFromRest(payload);
  // The engine keeps the newer copy when an older delivery arrives late.
  const { rows } = await upsertOrderBundles({ workspaceId: scope.workspaceId, connectionId: scope.connectionId }, [bundle]);
  return `order ${bundle.order.externalId}: ${rows} rows written`;
};
