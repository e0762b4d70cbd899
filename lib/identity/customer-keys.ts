import type { PoolClient } from "pg";
import { queueOrdersOfCustomers } from "@/lib/attribution/pending";
import { carryManualTags } from "@/lib/tags/follow-merges";
import { mergeClosure } from "./merges";

// The one place merges reach the customer side: each store, CRM and imported customer whose own
// key was merged into another person carries that person's key in customers.merged_into, and the
// customer key every reader computes (lib/customers/identity.ts customerKeySql) prefers it. So
// cohorts, LTV (customer_profiles, customer_events), journeys and attribution all see the merged
// customer without knowing about merges. Run in the transaction that makes or undoes a merge.
//
// A customer whose key changes has every one of its orders' days marked dirty: the customers
// refresh then rebuilds the old and the new person whole (it follows the keys the orders were
// filed under before), and un-merging restores both people exactly as the facts make them. Its
// recent orders are queued for attribution, whose journeys follow the person too.

type TChanged = { connection_id: string; external_id: string };

// $1 workspace, $2 own keys, $3 the key each resolves to now (null: its own).
const SETTLE_SQL = `
WITH targets AS (
  SELECT k.own, NULLIF(k.root, k.own) AS root FROM unnest($2::text[], $3::text[]) AS k(own, root)
),
matched AS (
  SELECT cu.connection_id, cu.external_id, t.root FROM targets t
  JOIN customers cu ON cu.workspace_id = $1 AND cu.email_hash = substr(t.own, 3)
  WHERE t.own LIKE 'e:%'
  UNION ALL
  SELECT cu.connection_id, cu.external_id, t.root FROM targets t
  JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = split_part(substr(t.own, 3), ':', 1)
    AND cu.external_id = split_part(substr(t.own, 3), ':', 2)::bigint AND cu.email_hash IS NULL
  WHERE t.own LIKE 'c:%'
)
UPDATE customers cu SET merged_into = m.root
FROM matched m
WHERE cu.workspace_id = $1 AND cu.connection_id = m.connection_id AND cu.external_id = m.external_id
  AND cu.merged_into IS DISTINCT FROM m.root
RETURNING cu.connection_id, cu.external_id::text AS external_id`;

// Customers that still point at a key no active merge leads to (their merge was undone or erased).
const STRANDED_SQL = `
UPDATE customers cu SET merged_into = NULL
WHERE cu.workspace_id = $1 AND cu.merged_into = ANY($2::text[]) AND NOT (cu.merged_into = ANY($3::text[]))
RETURNING cu.connection_id, cu.external_id::text AS external_id`;

const MARK_ORDER_DAYS_SQL = `
INSERT INTO rollup_dirty_days (workspace_id, family, day)
SELECT DISTINCT $1, 'sales', ((COALESCE(o.processed_at, o.created_at) AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date
FROM unnest($2::text[], $3::bigint[]) AS c(connection_id, customer_id)
JOIN orders o ON o.workspace_id = $1 AND o.connection_id = c.connection_id AND o.customer_id = c.customer_id
JOIN workspaces w ON w.id = $1
ON CONFLICT (workspace_id, family, day) DO UPDATE SET marked_at = now()`;

/**
 * Brings customers.merged_into in line with the active merges around `keys` (own customer keys,
 * any of a merge's two sides). Returns the customers whose key changed.
 */
export async function settleCustomerKeys(client: PoolClient, workspaceId: string, keys: Iterable<string>): Promise<TChanged[]> {
  const { roots, keys: closure } = await mergeClosure(client, workspaceId, keys);
  const owns = [...closure];
  if (owns.length === 0) return [];
  const resolved = owns.map((key) => roots.find(key));
  const settled = await client.query<TChanged>(SETTLE_SQL, [workspaceId, owns, resolved]);
  const liveRoots = [...new Set(resolved)];
  const stranded = await client.query<TChanged>(STRANDED_SQL, [workspaceId, owns, liveRoots]);
  // Tags set by hand go with the person: the survivor keeps those of the keys merged into it.
  await carryManualTags(client, workspaceId, owns.map((key, i) => ({ from: key, to: resolved[i]! })));
  const changed = [...settled.rows, ...stranded.rows];
  if (changed.length === 0) return [];
  const connections = changed.map((c) => c.connection_id);
  const customers = changed.map((c) => c.external_id);
  await client.query(MARK_ORDER_DAYS_SQL, [workspaceId, connections, customers]);
  await queueOrdersOfCustomers(client, workspaceId, connections, customers);
  return changed;
}
