import type { PoolClient } from "pg";
import { z } from "zod";
import { forgetErasedJourneys } from "@/lib/attribution/erase";
import { customerKeyOf } from "@/lib/customers/customer-id";
import { ownCustomerKeySql } from "@/lib/customers/identity";
import { inTransaction } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { eraseFunnelTimes } from "@/lib/funnels/summary";
import { markDirtyDays, refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { settleCustomerKeys } from "./customer-keys";
import { resolveAround } from "./resolve";
import { eraseTagsOf } from "@/lib/tags/erase";

// Deleting a customer's tracking data (customers/redact, and the API's DELETE of a customer's
// tracking data): every visitor that is the customer or was seen with one of their identifiers
// (their email's hash, a store customer id of theirs, one of their orders), and with each
// visitor its events in every monthly partition, its sessions, its links, the ties its events
// proved and the merges the customer took part in. A visitor shared with someone else goes too:
// erasure errs on the side of deleting. Message ids stay in tracked_event_ids (an id says
// nothing about anyone), so a sender's late retry of a deleted event is not stored again.
// The days of the deleted sessions are marked dirty for the traffic rollups in the same
// transaction, so sessions_daily stops counting them at the next refresh (the API's erasure
// refreshes at once; a webhook's processing refreshes after every handler). Attribution forgets
// the visitors' touchpoints and re-attributes the orders they matched (lib/attribution/erase.ts).

export type TErasureTarget = {
  /** Customer keys ("e:<hash>", "c:<connection>:<id>"). */
  personKeys: string[];
  /** Store customer ids (any connection) and store order ids, as text. */
  customerIds: string[];
  orderIds: string[];
};

const count = z.number().int();
export const ZTrackingErasureSchema = z.object({
  deleted: z.object({ visitors: count, events: count, sessions: count, links: count, merges: count }),
});
export type TErasureCounts = z.infer<typeof ZTrackingErasureSchema>["deleted"];

const VISITORS_OF_SQL = `
SELECT anonymous_id FROM visitors WHERE workspace_id = $1 AND person_key = ANY($2::text[])
UNION SELECT anonymous_id FROM identity_links WHERE workspace_id = $1 AND person_key = ANY($2::text[])
UNION SELECT l.anonymous_id FROM unnest($3::text[], $4::text[]) AS f(kind, value)
  JOIN identity_links l ON l.workspace_id = $1 AND l.kind = f.kind AND l.value = f.value`;

/** The store customers a customer key stands for, and every id that names them. */
async function storeIdsOf(client: PoolClient, workspaceId: string, personKeys: readonly string[]) {
  const { rows } = await client.query<{ connection_id: string; customer_id: string; key: string }>(
    `SELECT cu.connection_id, cu.external_id::text AS customer_id, ${ownCustomerKeySql("cu.connection_id", "cu.external_id", "cu")} AS key
     FROM customers cu
     WHERE cu.workspace_id = $1 AND (('e:' || cu.email_hash) = ANY($2::text[]) OR ('c:' || cu.connection_id || ':' || cu.external_id) = ANY($2::text[]) OR cu.merged_into = ANY($2::text[]))`,
    [workspaceId, personKeys],
  );
  return rows;
}

/** Text identifiers ("kind", "value") of a target, for the link lookups. */
function identifiersOf(target: TErasureTarget): { kinds: string[]; values: string[] } {
  const pairs: [string, string][] = [
    ...target.personKeys.filter((k) => k.startsWith("e:")).map((k): [string, string] => ["email", k.slice(2)]),
    ...target.customerIds.map((id): [string, string] => ["customer", id]),
    ...target.orderIds.map((id): [string, string] => ["order", id]),
  ];
  return { kinds: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

// Events still in the inbox (accepted, not yet drained) have no links yet, so they are matched on
// what the drain would link them by: the visitor, or an identifier of the customer in the event.
// A missing field makes the match null, not false: negated, it is read as false.
const WAITING_MATCH = `(e->>'anonymous_id' = ANY($2::text[])
  OR e->'properties'->>'email_hash' = ANY($3::text[]) OR e->'properties'->'traits'->>'email_hash' = ANY($3::text[])
  OR e->'properties'->>'customer_id' = ANY($4::text[]) OR e->'properties'->>'customer_id' = ANY($5::text[])
  OR (e->>'event' = 'checkout_completed' AND (e->'properties'->>'order_id' = ANY($6::text[]) OR e->'properties'->>'order_id' = ANY($7::text[]))))`;

const gids = (kind: string, ids: readonly string[]) => ids.map((id) => `gid://shopify/${kind}/${id}`);

/**
 * Takes the customer's waiting events out of the inbox: every event of theirs, and every event of a
 * visitor one of them names (erasure errs on the side of deleting, as below). The inbox rows are
 * locked first, so a drain moving one of them commits before (and its events are then found in
 * tracked_events) or after (and finds them gone). Answers the visitors, with those found here.
 */
async function eraseWaitingEvents(client: PoolClient, workspaceId: string, visitors: readonly string[], target: TErasureTarget): Promise<string[]> {
  const emails = target.personKeys.filter((k) => k.startsWith("e:")).map((k) => k.slice(2));
  const params = [workspaceId, visitors, emails, target.customerIds, gids("Customer", target.customerIds), target.orderIds, gids("Order", target.orderIds)];
  const { rows } = await client.query<{ anonymous_id: string | null }>(
    `SELECT DISTINCT e->>'anonymous_id' AS anonymous_id
     FROM (SELECT events FROM tracking_inbox WHERE workspace_id = $1 ORDER BY id FOR UPDATE) b, jsonb_array_elements(b.events) e
     WHERE ${WAITING_MATCH}`,
    params,
  );
  const all = [...new Set([...visitors, ...rows.flatMap((r) => (r.anonymous_id ? [r.anonymous_id] : []))])];
  if (rows.length === 0) return all;
  params[1] = all;
  await client.query(
    `UPDATE tracking_inbox SET events = COALESCE((SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(events) WITH ORDINALITY AS x(e, n) WHERE NOT COALESCE(${WAITING_MATCH}, false)), '[]'::jsonb)
     WHERE workspace_id = $1 AND EXISTS (SELECT 1 FROM jsonb_array_elements(events) e WHERE ${WAITING_MATCH})`,
    params,
  );
  await client.query("DELETE FROM tracking_inbox WHERE workspace_id = $1 AND events = '[]'::jsonb", [workspaceId]);
  return all;
}

export async function eraseTrackingIn(client: PoolClient, workspaceId: string, target: TErasureTarget): Promise<TErasureCounts> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('identity'), hashtext($1))", [workspaceId]);
  const { kinds, values } = identifiersOf(target);
  const { rows } = await client.query<{ anonymous_id: string }>(VISITORS_OF_SQL, [workspaceId, target.personKeys, kinds, values]);
  const visitors = await eraseWaitingEvents(client, workspaceId, rows.map((r) => r.anonymous_id), target);
  const merges = await client.query<{ person_key: string; merged_key: string }>(
    "DELETE FROM identity_merges WHERE workspace_id = $1 AND (person_key = ANY($2::text[]) OR merged_key = ANY($2::text[])) RETURNING person_key, merged_key",
    [workspaceId, target.personKeys],
  );
  const counts: TErasureCounts = { visitors: 0, events: 0, sessions: 0, links: 0, merges: merges.rowCount ?? 0 };
  if (visitors.length > 0) {
    // The parent table reaches every monthly partition and the default one.
    counts.events = (await client.query("DELETE FROM tracked_events WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, visitors])).rowCount ?? 0;
    await eraseFunnelTimes(client, workspaceId, visitors);
    await client.query("DELETE FROM popup_assignments WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, visitors]);
    const sessions = await client.query<{ day: string }>(
      "DELETE FROM tracked_sessions WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) RETURNING to_char(day, 'YYYY-MM-DD') AS day",
      [workspaceId, visitors],
    );
    counts.sessions = sessions.rowCount ?? 0;
    // A session's day is its local day in the workspace's zone, as the rollup keys it.
    await markDirtyDays(client, workspaceId, "traffic", sessions.rows.map((r) => r.day));
    const links = await client.query<{ kind: string; value: string }>(
      "DELETE FROM identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) RETURNING kind, value",
      [workspaceId, visitors],
    );
    counts.links = links.rowCount ?? 0;
    await client.query(
      `DELETE FROM identity_ties t USING unnest($3::text[], $4::text[]) AS f(kind, value)
       WHERE t.workspace_id = $1 AND ((t.kind_a = f.kind AND t.value_a = f.value) OR (t.kind_b = f.kind AND t.value_b = f.value) OR t.anonymous_id = ANY($2::text[]))`,
      [workspaceId, visitors, [...kinds, ...links.rows.map((l) => l.kind)], [...values, ...links.rows.map((l) => l.value)]],
    );
    counts.visitors = (await client.query("DELETE FROM visitors WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, visitors])).rowCount ?? 0;
  }
  await forgetErasedJourneys(client, workspaceId, visitors, target.personKeys);
  await eraseTagsOf(client, workspaceId, target.personKeys);
  // Persons that were merged with the customer stand alone again, and so does the customer.
  const others = merges.rows.flatMap((m) => [m.person_key, m.merged_key]).filter((k) => !target.personKeys.includes(k));
  if (merges.rows.length > 0) await settleCustomerKeys(client, workspaceId, [...target.personKeys, ...others]);
  if (others.length > 0) await resolveAround(client, workspaceId, [], [], others);
  return counts;
}

/** A store customer's tracking data (customers/redact), found before the redaction removes their email hash. */
export async function eraseStoreCustomerTracking(workspaceId: string, connectionId: string, customerId: bigint | null, orderIds: readonly bigint[]): Promise<TErasureCounts> {
  return inTransaction(async (client) => {
    const personKeys = customerId === null ? [] : [`c:${connectionId}:${customerId}`];
    if (customerId !== null) {
      const { rows } = await client.query<{ key: string }>(
        `SELECT ${ownCustomerKeySql("cu.connection_id", "cu.external_id", "cu")} AS key FROM customers cu WHERE cu.workspace_id = $1 AND cu.connection_id = $2 AND cu.external_id = $3`,
        [workspaceId, connectionId, customerId.toString()],
      );
      personKeys.push(...rows.map((r) => r.key));
    }
    return eraseTrackingIn(client, workspaceId, {
      personKeys: [...new Set(personKeys)],
      customerIds: customerId === null ? [] : [customerId.toString()],
      orderIds: orderIds.map(String),
    });
  });
}

/**
 * A customer's tracking data by customer key (the API). Null when the workspace knows nothing of
 * that customer: no store customer, no profile, no visitor or link.
 */
export async function eraseCustomerTracking(workspaceId: string, personKey: string): Promise<TErasureCounts | null> {
  const counts = await inTransaction(async (client) => {
    const stores = await storeIdsOf(client, workspaceId, [personKey]);
    const known = await client.query(
      `SELECT 1 FROM customer_profiles WHERE workspace_id = $1 AND customer_key = $2
       UNION ALL SELECT 1 FROM visitors WHERE workspace_id = $1 AND person_key = $2
       UNION ALL SELECT 1 FROM identity_links WHERE workspace_id = $1 AND person_key = $2
       LIMIT 1`,
      [workspaceId, personKey],
    );
    if (stores.length === 0 && known.rowCount === 0) return null;
    const orders = await client.query<{ id: string }>(
      "SELECT o.external_id::text AS id FROM unnest($2::text[], $3::bigint[]) AS s(c, id) JOIN orders o ON o.workspace_id = $1 AND o.connection_id = s.c AND o.customer_id = s.id",
      [workspaceId, stores.map((s) => s.connection_id), stores.map((s) => s.customer_id)],
    );
    return eraseTrackingIn(client, workspaceId, {
      personKeys: [...new Set([personKey, ...stores.map((s) => s.key), ...stores.map((s) => `c:${s.connection_id}:${s.customer_id}`)])],
      customerIds: stores.map((s) => s.customer_id),
      orderIds: orders.rows.map((r) => r.id),
    });
  });
  if (counts && counts.sessions > 0) await refreshDirtyRollupsQuietly(workspaceId);
  return counts;
}

/** The API's erasure: a customer id (the customers API's) of this workspace, else not found. */
export async function eraseCustomerTrackingById(workspaceId: string, customerId: string): Promise<{ deleted: TErasureCounts }> {
  const key = customerKeyOf(customerId);
  const counts = key ? await eraseCustomerTracking(workspaceId, key) : null;
  if (!counts) throw notFound("No such customer.");
  return { deleted: counts };
}
