import { refundFromRest } from "@/lib/connectors/shopify/rest-transform";
import { upsertRefunds } from "@/lib/stores/ingest";
import type { WebhookHandler } from "./types";

/** refunds/create: the refund with its line items, keyed by Shopify's ids. */
export const handleRefundCreated: WebhookHandler = async (scope, payload) => {
  const item = refundFromRest(payload);
  const { rows } = await upsertRefunds({ workspaceId: scope.workspaceId, connectionId: scope.connectionId }, [item]);
  return `refund ${item.refund.externalId} of order ${item.refund.orderId}: ${rows} rows written`;
};
