import crypto from "node:crypto";
import type { PoolClient } from "pg";
import { ownCustomerKeySql } from "@/lib/customers/identity";
import type { SyncScope } from "@/lib/sync/scope";
import { settleCustomerKeys } from "./customer-keys";
import { mergeRoots } from "./merges";
import { comparePersonKeys } from "./person-key";
import { resolveAround } from "./resolve";
import { UnionFind } from "./union-find";

// Merging customers across sources as they are ingested. The same email is one customer by
// construction (its keyed hash is the customer key, whichever store, CRM or import brought it);
// customers that share a phone (the keyed hash of its E.164 form, lib/phone) but not a key are
// merged into one person here, with the run that brought them recorded. Only the customers a
// page wrote and those sharing their phones are read (by the phone-hash index), so each ingest
// does work in proportion to what it brought, never a scan of the workspace. A merge that was
// undone keeps its row and is not made again; a redacted customer has no phone hash left.

// $1 workspace, $2 connection, $3 the ingested customers' ids.
const SHARING_SQL = `
WITH phones AS (
  SELECT DISTINCT phone_hash FROM customers
  WHERE workspace_id = $1 AND connection_id = $2 AND external_id = ANY($3::bigint[]) AND phone_hash IS NOT NULL AND redacted_at IS NULL
)
SELECT cu.phone_hash, ${ownCustomerKeySql("cu.connection_id", "cu.external_id", "cu")} AS own_key
FROM phones p
JOIN customers cu ON cu.workspace_id = $1 AND cu.phone_hash = p.phone_hash AND cu.redacted_at IS NULL
ORDER BY 1, 2`;

const INSERT_SQL = `
INSERT INTO identity_merges (workspace_id, id, person_key, merged_key, reason, evidence, run_id, created_at)
VALUES ($1, $2, $3, $4, 'phone_hash', $5, $6, now() AT TIME ZONE 'UTC')
ON CONFLICT (workspace_id, person_key, merged_key) DO NOTHING`;

/** Groups of own keys that share a phone, each with one phone hash that proves it. */
function componentsOf(rows: readonly { phone_hash: string; own_key: string }[]): { keys: string[]; phoneOf: Map<string, string> }[] {
  const sets = new UnionFind(comparePersonKeys);
  const phoneOf = new Map<string, string>();
  const firstByPhone = new Map<string, string>();
  for (const row of rows) {
    const first = firstByPhone.get(row.phone_hash);
    if (first) sets.union(first, row.own_key);
    else firstByPhone.set(row.phone_hash, row.own_key);
    if (!phoneOf.has(row.own_key)) phoneOf.set(row.own_key, row.phone_hash);
  }
  const byRoot = new Map<string, string[]>();
  for (const key of phoneOf.keys()) byRoot.set(sets.find(key), [...(byRoot.get(sets.find(key)) ?? []), key]);
  return [...byRoot.values()].filter((keys) => keys.length > 1).map((keys) => ({ keys: keys.sort(comparePersonKeys), phoneOf }));
}

/**
 * Merges the customers of `scope` just written (`externalIds`) with every customer sharing a
 * phone with them; `runId` names the sync run or import that brought them. Returns how many
 * merges were made. Runs in the ingest's transaction.
 */
export async function mergeIngestedCustomers(client: PoolClient, scope: SyncScope, externalIds: readonly string[], runId: string | null): Promise<number> {
  if (externalIds.length === 0) return 0;
  const { workspaceId } = scope;
  const { rows } = await client.query<{ phone_hash: string; own_key: string }>(SHARING_SQL, [workspaceId, scope.connectionId, [...externalIds]]);
  const components = componentsOf(rows);
  if (components.length === 0) return 0;
  // Resolving visitors takes the same lock: merges of one workspace are made one at a time.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('identity'), hashtext($1))", [workspaceId]);
  const touched = components.flatMap((c) => c.keys);
  const roots = await mergeRoots(client, workspaceId, touched);
  let made = 0;
  for (const { keys, phoneOf } of components) {
    const survivor = keys[0]!;
    for (const key of keys.slice(1)) {
      if (roots.find(key) === roots.find(survivor)) continue;
      const inserted = await client.query(INSERT_SQL, [workspaceId, crypto.randomUUID(), survivor, key, `phone:${phoneOf.get(key)}`, runId]);
      if ((inserted.rowCount ?? 0) > 0) {
        roots.union(survivor, key);
        made++;
      }
    }
  }
  if (made === 0) return 0;
  await settleCustomerKeys(client, workspaceId, touched);
  // Visitors of either customer now resolve to the survivor: one journey.
  await resolveAround(client, workspaceId, [], [], touched);
  return made;
}
