import { restId } from "@/lib/connectors/shopify/rest-transform";
import { db } from "@/lib/db/client";
import { keyedHash } from "@/lib/crypto/secrets";
import { getPool, inTransaction } from "@/lib/db/pool";
import { eraseActivityOf } from "@/lib/activity/erase";
import { eraseStoreCustomerTracking } from "@/lib/identity/erase";
import { markDirtyOrderDays } from "@/lib/metrics/rollups/refresh";
import { redactOwnedRecipient } from "@/lib/owned/erase";
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

/** The keyed hashes of the customer's emails: the one the payload names and the one their record held. */
async function emailHashesOf(scope: WebhookScope, customerId: bigint | null, email: string | null): Promise<string[]> {
  const held = customerId
    ? await db.customer.findUnique({
        where: { workspaceId_connectionId_externalId: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, externalId: customerId } },
        select: { emailHash: true },
      })
    : null;
  return [...new Set([...(email ? [keyedHash(email)] : []), ...(held?.emailHash ? [held.emailHash] : [])])];
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

/**
 * customers/redact: the shopper's email (sealed), its hash and their tags are removed and the
 * customer is marked redacted, which later syncs respect. The landing and referring pages of their orders are
 * cleared too (they can carry tracking tokens); amounts and UTM stay, they identify no one.
 * Their tracked visitors, events and sessions are deleted first, while the email hash that
 * finds them is still there.
 */
export const handleCustomersRedact: WebhookHandler = async (scope, payload) => {
  const { customerId, orderIds, email } = customerOf(payload);
  // Owned-channel sends find the person by the email hash, so they go before the hash does.
  const emailHashes = await emailHashesOf(scope, customerId, email);
  const owned = await inTransaction((client) =>
    redactOwnedRecipient(client, scope.workspaceId, { emailHashes, customerIds: customerId ? [customerId.toString()] : [] }),
  );
  const tracking = await eraseStoreCustomerTracking(scope.workspaceId, scope.connectionId, customerId, orderIds);
  // Activity scores are keyed by the person: the email hash's key and the store id's.
  const personKeys = [...emailHashes.map((hash) => `e:${hash}`), ...(customerId ? [`c:${scope.connectionId}:${customerId}`] : [])];
  await inTransaction((client) => eraseActivityOf(client, scope.workspaceId, personKeys));
  const where = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
  const orderFilter = customerId ? [{ customerId }, { externalId: { in: orderIds } }] : [{ externalId: { in: orderIds } }];
  // Their profile, events and cohort contributions are keyed by the email hash: the days of their
  // orders are rebuilt (after this handler) under the key that is left, the store id.
  const held = await db.order.findMany({ where: { ...where, OR: orderFilter }, select: { externalId: true } });
  await markDirtyOrderDays(getPool(), where, held.map((o) => o.externalId.toString()));
  const result = await db.$transaction(async (tx) => {
    if (customerId) await tx.customerDataExport.deleteMany({ where: { ...where, customerExternalId: customerId } });
    const customers = customerId
      ? await tx.customer.updateMany({
          where: { ...where, externalId: customerId },
          // Tags are free text a merchant may have put a name in.
          data: { emailEncrypted: null, emailHash: null, phoneEncrypted: null, phoneHash: null, mergedInto: null, tags: [], redactedAt: new Date() },
        })
      : { count: 0 };
    const orders = await tx.order.updateMany({ where: { ...where, OR: orderFilter }, data: { landingSite: null, referringSite: null } });
    return { customers: customers.count, orders: orders.count };
  });
  const who = customerId ? `customer ${customerId}` : "a customer without an id";
  const erased =
    `; tracking data deleted: ${tracking.visitors} visitors, ${tracking.events} events, ${tracking.sessions} sessions` +
    (owned.sends > 0 ? `; recipient removed from ${owned.sends} owned-channel sends` : "");
  const action =
    (result.customers > 0
      ? `redacted: email, email hash and tags removed from ${who}; landing and referring pages cleared on ${result.orders} orders`
      : `redacted: no customer record held for ${who}; landing and referring pages cleared on ${result.orders} orders`) + erased;
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
