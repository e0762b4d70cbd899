import { customerIdOf } from "@/lib/customers/customer-id";
import { getCustomerProfile } from "@/lib/customers/profile";
import type { TCustomerProfile } from "@/lib/customers/schema";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { EmbeddedContext } from "./guard";

// A customer opened from the Shopify admin's customer page (the admin link extension): the admin
// names them by their numeric id or GraphQL id (gid://shopify/Customer/{id}). The person is found
// through the shop's own store connection in the token's workspace, then shown as the customer
// profile (every store id merged into them); viewers see the email masked, as everywhere.

const CUSTOMER_ID = /^(?:gid:\/\/shopify\/Customer\/)?([1-9][0-9]{0,18})$/;

export function parseCustomerId(raw: string | null | undefined): string {
  const match = CUSTOMER_ID.exec((raw ?? "").trim());
  if (!match || BigInt(match[1]!) > 9223372036854775807n) throw AppError.field("id", "id must be a Shopify customer id, a number or gid://shopify/Customer/{number}.");
  return match[1]!;
}

export async function embeddedCustomer(context: EmbeddedContext, rawId: string | null | undefined): Promise<TCustomerProfile> {
  const storeId = `${context.connectionId}:${parseCustomerId(rawId)}`;
  const profile = await db.customerProfile.findFirst({ where: { workspaceId: context.workspace.id, storeIds: { has: storeId } }, select: { customerKey: true } });
  if (!profile) throw notFound("Signalboard has no counted orders from this customer yet.");
  return getCustomerProfile(context.workspace.id, customerIdOf(profile.customerKey), { revealEmail: context.role !== "viewer" });
}
