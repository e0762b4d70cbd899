import { eraseActivityOf } from "@/lib/activity/erase";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool, inTransaction } from "@/lib/db/pool";
import { eraseStoreCustomerTracking } from "@/lib/identity/erase";
import { markDirtyOrderDays } from "@/lib/metrics/rollups/refresh";
import { redactOwnedRecipient } from "@/lib/owned/erase";

// Redacting one customer of one connection: Shopify's customers/redact, and a GDPR erasure asked
// through the API for each connection that holds the person (a store's customer, a CRM's contact).
//
// The shopper's email (sealed), its hash, phone and their tags are removed and the customer is
// marked redacted, which later syncs respect. The landing and referring pages of their orders are
// cleared too (they can carry tracking tokens); amounts and UTM stay, they identify no one. Their
// tracked visitors, events and sessions (and with them their person tags) are deleted first, while
// the email hash that finds them is still there; then their activity scores and owned-channel
// sends. The days of their orders are marked dirty: the caller refreshes the rollups after.

type TScope = { workspaceId: string; connectionId: string };

/** The keyed hashes of the customer's emails: the one the request names and the one their record held. */
async function emailHashesOf(scope: TScope, customerId: bigint | null, email: string | null): Promise<string[]> {
  const held = customerId
    ? await db.customer.findUnique({
        where: { workspaceId_connectionId_externalId: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, externalId: customerId } },
        select: { emailHash: true },
      })
    : null;
  return [...new Set([...(email ? [keyedHash(email)] : []), ...(held?.emailHash ? [held.emailHash] : [])])];
}

/** Redacts the customer and returns what was done, in words for the request's record. */
export async function redactStoreCustomer(scope: TScope, customerId: bigint | null, orderIds: readonly bigint[], email: string | null): Promise<string> {
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
  const orderFilter = customerId ? [{ customerId }, { externalId: { in: [...orderIds] } }] : [{ externalId: { in: [...orderIds] } }];
  // Their profile, events and cohort contributions are keyed by the email hash: the days of their
  // orders are rebuilt (after this) under the key that is left, the store id.
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
  return (
    (result.customers > 0
      ? `redacted: email, email hash and tags removed from ${who}; landing and referring pages cleared on ${result.orders} orders`
      : `redacted: no customer record held for ${who}; landing and referring pages cleared on ${result.orders} orders`) + erased
  );
}
