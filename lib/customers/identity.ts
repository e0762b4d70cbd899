import type { PoolClient } from "pg";
import { localDay, instantOf } from "@/lib/metrics/rollups/facts-sql";
import { addDays } from "@/lib/time/zone";

type TDayRange = { fromDay: string; toDay: string };

// One person per workspace. A store customer whose email the store knows is keyed by the keyed
// hash of that email, so the same address under two store ids (or two stores, a CRM, an import)
// is one customer; otherwise by the store id itself. That is the customer's own key; a customer
// merged into another person (identity_merges: a shared phone, or the tracking side's evidence)
// carries that person's key in customers.merged_into, and every reader keys them by it.
//
// Which people a refresh of some days must recompute: everyone who ordered or was refunded in
// those days, or has an event in them, closed under "shares a key or an order with": a store
// customer who gained an email since moves from its old id key to the email key, and both
// people change. The closure is kept in two temporary tables, affected_customers and
// affected_keys, for the statements of lib/customers/build.ts.

/** SQL: the own key of store customer (connection_id, customer_id), before merges; `cu` its customers row (may be null). */
export const ownCustomerKeySql = (connection: string, customer: string, cu: string) =>
  `COALESCE('e:' || ${cu}.email_hash, 'c:' || ${connection} || ':' || ${customer}::text)`;

/** SQL: the customer key of store customer (connection_id, customer_id) after merges; `cu` its customers row (may be null). */
export const customerKeySql = (connection: string, customer: string, cu: string) =>
  `COALESCE(${cu}.merged_into, ${ownCustomerKeySql(connection, customer, cu)})`;

// One round trip (no parameters, so several statements may share it).
const CREATE_SQL = `
DROP TABLE IF EXISTS affected_customers, affected_keys;
CREATE TEMP TABLE affected_customers (connection_id text NOT NULL, customer_id bigint NOT NULL, customer_key text NOT NULL, PRIMARY KEY (connection_id, customer_id)) ON COMMIT DROP;
CREATE TEMP TABLE affected_keys (customer_key text PRIMARY KEY) ON COMMIT DROP`;

/** Parameters: $1 workspace, $2 time zone, $3/$4 the ranges' first and last days (date[]), $5/$6 a UTC window holding them all. */
const SEED_CUSTOMERS_SQL = `
INSERT INTO affected_customers (connection_id, customer_id, customer_key)
SELECT DISTINCT s.connection_id, s.customer_id, ${customerKeySql("s.connection_id", "s.customer_id", "cu")}
FROM (
  SELECT o.connection_id, o.customer_id FROM orders o
  WHERE o.workspace_id = $1 AND o.customer_id IS NOT NULL
    AND ((o.processed_at >= $5::timestamp AND o.processed_at < $6::timestamp)
         OR (o.processed_at IS NULL AND o.created_at >= $5::timestamp AND o.created_at < $6::timestamp))
    AND EXISTS (SELECT 1 FROM unnest($3::date[], $4::date[]) AS d(f, t) WHERE ${localDay(instantOf("o"))} BETWEEN d.f AND d.t)
  UNION
  SELECT o.connection_id, o.customer_id FROM refunds r
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = r.connection_id AND o.external_id = r.order_id
  WHERE r.workspace_id = $1 AND o.customer_id IS NOT NULL
    AND ((r.processed_at >= $5::timestamp AND r.processed_at < $6::timestamp)
         OR (r.processed_at IS NULL AND r.created_at >= $5::timestamp AND r.created_at < $6::timestamp))
    AND EXISTS (SELECT 1 FROM unnest($3::date[], $4::date[]) AS d(f, t) WHERE ${localDay(instantOf("r"))} BETWEEN d.f AND d.t)
) s
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = s.connection_id AND cu.external_id = s.customer_id
ON CONFLICT DO NOTHING`;

const SEED_KEYS_SQL = `
INSERT INTO affected_keys (customer_key)
SELECT customer_key FROM affected_customers
UNION SELECT e.customer_key FROM unnest($2::date[], $3::date[]) AS d(f, t)
  JOIN customer_events e ON e.workspace_id = $1 AND e.day BETWEEN d.f AND d.t
ON CONFLICT DO NOTHING`;

// Keys the affected customers' orders were filed under before (a key that has since changed).
const GROW_KEYS_SQL = `
INSERT INTO affected_keys (customer_key)
SELECT DISTINCT e.customer_key
FROM affected_customers a
JOIN orders o ON o.workspace_id = $1 AND o.connection_id = a.connection_id AND o.customer_id = a.customer_id
JOIN customer_events e ON e.workspace_id = $1 AND e.connection_id = o.connection_id AND e.order_id = o.external_id
ON CONFLICT DO NOTHING`;

// Store customers behind the affected keys: those who hold the key now (by email hash, by id, or
// merged into it) and those whose orders were filed under it.
const GROW_CUSTOMERS_SQL = `
INSERT INTO affected_customers (connection_id, customer_id, customer_key)
SELECT DISTINCT s.connection_id, s.customer_id, ${customerKeySql("s.connection_id", "s.customer_id", "cu")}
FROM (
  SELECT cu.connection_id, cu.external_id AS customer_id FROM affected_keys k
  JOIN customers cu ON cu.workspace_id = $1 AND cu.email_hash = substr(k.customer_key, 3)
  WHERE k.customer_key LIKE 'e:%'
  UNION
  SELECT split_part(substr(k.customer_key, 3), ':', 1), split_part(substr(k.customer_key, 3), ':', 2)::bigint FROM affected_keys k
  WHERE k.customer_key LIKE 'c:%'
  UNION
  SELECT cu.connection_id, cu.external_id FROM affected_keys k
  JOIN customers cu ON cu.workspace_id = $1 AND cu.merged_into = k.customer_key
  UNION
  SELECT o.connection_id, o.customer_id FROM affected_keys k
  JOIN customer_events e ON e.workspace_id = $1 AND e.customer_key = k.customer_key AND e.refund_id = 0
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = e.connection_id AND o.external_id = e.order_id
  WHERE o.customer_id IS NOT NULL
) s
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = s.connection_id AND cu.external_id = s.customer_id
ON CONFLICT DO NOTHING`;

/** Each round adds keys, then customers; merges deeper than this are left for the next refresh. */
const MAX_ROUNDS = 5;

/**
 * Fills affected_customers and affected_keys for the local days of `ranges`. Returns how many
 * keys are affected.
 */
export async function collectAffected(client: PoolClient, workspaceId: string, timeZone: string, ranges: readonly TDayRange[]): Promise<number> {
  await client.query(CREATE_SQL);
  const froms = ranges.map((r) => r.fromDay);
  const tos = ranges.map((r) => r.toDay);
  // Any zone is within ±14 h of UTC: a day of margin each side holds every local day (the orders index needs a UTC window).
  const windowFrom = `${addDays(froms.reduce((a, b) => (a < b ? a : b)), -1)}T00:00:00`;
  const windowTo = `${addDays(tos.reduce((a, b) => (a > b ? a : b)), 2)}T00:00:00`;
  await client.query(SEED_CUSTOMERS_SQL, [workspaceId, timeZone, froms, tos, windowFrom, windowTo]);
  await client.query(SEED_KEYS_SQL, [workspaceId, froms, tos]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const keys = await client.query(GROW_KEYS_SQL, [workspaceId]);
    const customers = await client.query(GROW_CUSTOMERS_SQL, [workspaceId]);
    // Every customer found adds its key too.
    const more = await client.query("INSERT INTO affected_keys (customer_key) SELECT customer_key FROM affected_customers ON CONFLICT DO NOTHING");
    if ((keys.rowCount ?? 0) === 0 && (customers.rowCount ?? 0) === 0 && (more.rowCount ?? 0) === 0) break;
  }
  // Fresh temporary tables have no statistics; the statements that join them need row counts.
  await client.query("ANALYZE affected_customers, affected_keys");
  const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM affected_keys");
  return Number(rows[0]?.n ?? 0);
}
