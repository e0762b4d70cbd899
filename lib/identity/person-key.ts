import type { PoolClient } from "pg";
import { ownCustomerKeySql } from "@/lib/customers/identity";

// The customer key (lib/customers: "e:<email hash>" or "c:<connection>:<store customer id>")
// each identifier stands for on its own. A store id is looked up in every connection of the
// workspace (a checkout event names no connection); one not synced yet stands for no one until
// it is.

/** Email persons come first (the key customer profiles prefer), then the lowest key: the survivor of a merge. */
export function comparePersonKeys(a: string, b: string): number {
  const rank = (key: string) => (key.startsWith("e:") ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

const CUSTOMER_KEYS_SQL = `
SELECT DISTINCT ON (s.id) s.id::text AS id, ${ownCustomerKeySql("s.connection_id", "s.id", "cu")} AS key
FROM (
  SELECT cu.connection_id, cu.external_id AS id FROM connections c
  JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = c.id AND cu.external_id = ANY($2::bigint[])
  WHERE c.workspace_id = $1
  UNION
  SELECT o.connection_id, o.customer_id FROM connections c
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = c.id AND o.customer_id = ANY($2::bigint[])
  WHERE c.workspace_id = $1
) s
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = s.connection_id AND cu.external_id = s.id
ORDER BY s.id, s.connection_id`;

const ORDER_KEYS_SQL = `
SELECT DISTINCT ON (o.external_id) o.external_id::text AS id,
  CASE WHEN o.customer_id IS NULL THEN NULL ELSE ${ownCustomerKeySql("o.connection_id", "o.customer_id", "cu")} END AS key
FROM connections c
JOIN orders o ON o.workspace_id = $1 AND o.connection_id = c.id AND o.external_id = ANY($2::bigint[])
LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = o.connection_id AND cu.external_id = o.customer_id
WHERE c.workspace_id = $1
ORDER BY o.external_id, o.connection_id`;

/** Identifier text ("email:<hash>", "order:<id>", ...) -> its own customer key, null when it has none. */
export async function ownPersonKeys(client: PoolClient, workspaceId: string, identifiers: Iterable<string>): Promise<Map<string, string | null>> {
  const keys = new Map<string, string | null>();
  const customers: string[] = [];
  const orders: string[] = [];
  for (const text of identifiers) {
    const [kind, value] = [text.slice(0, text.indexOf(":")), text.slice(text.indexOf(":") + 1)];
    keys.set(text, kind === "email" ? `e:${value}` : null);
    if (kind === "customer") customers.push(value);
    if (kind === "order") orders.push(value);
  }
  if (customers.length > 0) {
    const { rows } = await client.query<{ id: string; key: string }>(CUSTOMER_KEYS_SQL, [workspaceId, customers]);
    for (const row of rows) keys.set(`customer:${row.id}`, row.key);
  }
  if (orders.length > 0) {
    const { rows } = await client.query<{ id: string; key: string | null }>(ORDER_KEYS_SQL, [workspaceId, orders]);
    for (const row of rows) keys.set(`order:${row.id}`, row.key);
  }
  return keys;
}
