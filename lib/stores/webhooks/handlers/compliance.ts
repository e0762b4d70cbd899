import { restId } from "@/lib/connectors/shopify/rest-transform";
import { db } from "@/lib/db/client";
import { redactStoreCustomer } from "@/lib/stores/compliance/customer-redact";
import { answerDataRequest, EXPORT_DAYS } from "@/lib/stores/compliance/data-request";
import { eraseShopData } from "@/lib/stores/compliance/shop-erase";
import type { WebhookHandler, WebhookScope } from "./types";

// The mandatory privacy webhooks. Each one leaves a ComplianceRequest saying what was asked and
// what was done, so an admin can prove (or, for a data request, give) the answer.
//
// What Signalboard holds about a shopper: the Customer row (email sealed, its keyed hash, first
// order date, order count, tags) and their orders (amounts, line items, refunds, landing and
// referring pages with UTM parameters). Orders carry no name, email or address. From tracking:
// the visitors linked to them (lib/identity) with their events, sessions and identity links.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

function customerOf(payload: unknown): { customerId: bigint | null; orderIds: bigint[]; email: string | null } {
  const body = obj(payload);
  const customer = obj(body.customer);
  const orders = [body.orders_to_redact, body.orders_requested].find(Array.isArray) ?? [];
  return {
    customerId: restId(customer.id, customer.admin_graphql_api_id),
    orderIds: orders.map((id) => restId(id)).filter((id): id is bigint => id !== null),
    email: typeof customer.email === "string" && customer.email.includes("@") ? customer.email : null,
  };
}

async function record(scope: WebhookScope, customerExternalId: bigint | null, action: string, completed: boolean) {
  await db.complianceRequest.create({
    data: {
      workspaceId: scope.workspaceId,
      connectionId: scope.connectionId,
      topic: scope.topic,
      customerExternalId,
      action,
      completedAt: completed ? new Date() : null,
    },
  });
}

/** customers/redact: the shopper is redacted (lib/stores/compliance/customer-redact.ts) and the request recorded. */
export const handleCustomersRedact: WebhookHandler = async (scope, payload) => {
  const { customerId, orderIds, email } = customerOf(payload);
  const action = await redactStoreCustomer(scope, customerId, orderIds, email);
  await record(scope, customerId, action, true);
  return action;
};

/**
 * shop/redact (sent 48 h after uninstall): the store's data is erased (lib/stores/compliance:
 * its customers' tracking data, every commerce row of the connection, and what was derived from
 * them recomputed without them). The connection row stays, disconnected, with the
 * ComplianceRequest as the record. A connection that was reconnected since is left alone and the
 * request is left open for an admin to review.
 */
export const handleShopRedact: WebhookHandler = async (scope) => {
  const connection = await db.connection.findUnique({
    where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
    select: { status: true },
  });
  if (connection && connection.status !== "disconnected") {
    const action = `skipped: the shop is connected again (status ${connection.status}); review whether its data must still be erased`;
    await record(scope, null, action, false);
    return action;
  }
  const erased = await eraseShopData(scope);
  const action =
    `erased: ${erased.orders} orders, ${erased.lineItems} line items, ${erased.refunds} refunds, ${erased.refundLines} refund line items, ` +
    `${erased.customers} customers, ${erased.products} products, ${erased.variants} variants, ${erased.receipts} delivery receipts; ` +
    `tracking data deleted: ${erased.tracking.visitors} visitors, ${erased.tracking.events} events, ${erased.tracking.sessions} sessions`;
  await record(scope, null, action, true);
  return action;
};

/**
 * customers/data_request: the customer's export is made and the workspace's owners are emailed a
 * link to it (lib/stores/compliance/data-request.ts); the request is recorded as answered.
 */
export const handleCustomersDataRequest: WebhookHandler = async (scope, payload) => {
  const { customerId, orderIds } = customerOf(payload);
  const answer = await answerDataRequest(scope, customerId, orderIds);
  const who = customerId ? `customer ${customerId}` : "this customer";
  const action = `exported for ${who} (export ${answer.exportId}): ${answer.summary}; ${answer.owners} owners emailed a link, kept ${EXPORT_DAYS} days`;
  await record(scope, customerId, action, true);
  return action;
};
