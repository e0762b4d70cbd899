import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { EmbeddedContext } from "./guard";

// An order opened from the Shopify admin (the order page's link into the app): the admin names it
// by its numeric id or its GraphQL id (gid://shopify/Order/{id}). Only the shop's own store
// connection, in the token's workspace, is searched.

const ORDER_ID = /^(?:gid:\/\/shopify\/Order\/)?([1-9][0-9]{0,18})$/;

export type EmbeddedOrder = {
  id: string;
  name: string;
  created_at: string;
  cancelled_at: string | null;
  currency: string;
  total_price: string;
  current_total_price: string;
  financial_status: string | null;
  fulfillment_status: string | null;
  source: { utm_source: string | null; utm_medium: string | null; utm_campaign: string | null; referring_site: string | null; source_name: string | null };
  counts_as_sale: boolean;
};

export function parseOrderId(raw: string | null | undefined): bigint {
  const match = ORDER_ID.exec((raw ?? "").trim());
  if (!match) throw AppError.field("id", "id must be a Shopify order id, a number or gid://shopify/Order/{number}.");
  return BigInt(match[1]!);
}

export async function embeddedOrder(context: EmbeddedContext, rawId: string | null | undefined): Promise<EmbeddedOrder> {
  const externalId = parseOrderId(rawId);
  const order = await db.order.findUnique({
    where: { workspaceId_connectionId_externalId: { workspaceId: context.workspace.id, connectionId: context.connectionId, externalId } },
  });
  if (!order) throw notFound("Signalboard has not synced this order yet.");
  return {
    id: order.externalId.toString(),
    name: order.name,
    created_at: order.createdAt.toISOString(),
    cancelled_at: order.cancelledAt?.toISOString() ?? null,
    currency: order.currency,
    total_price: order.totalPrice.toString(),
    current_total_price: order.currentTotalPrice.toString(),
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus,
    source: { utm_source: order.utmSource, utm_medium: order.utmMedium, utm_campaign: order.utmCampaign, referring_site: order.referringSite, source_name: order.sourceName },
    counts_as_sale: order.countsAsSale,
  };
}
