import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { LONGEST_WINDOW_DAYS } from "./credits";
import { attributeOrders, type TAttributeResult, type TOrderKey } from "./recompute";

// Orders to attribute again because something about their journeys changed: a drain brought
// sessions or identifiers for some visitors, so every recent order those visitors (or the
// persons they are) may have placed is queued. New orders need no queueing: the sweep finds
// recent orders that have no attribution yet.

/** Orders placed within this many days are attributed when they appear unattributed. */
export const NEW_ORDER_DAYS = 7;

// Parameters: $1 workspace, $2 visitors (text[]), $3 earliest order instant worth attributing.
const QUEUE_FOR_VISITORS_SQL = `
WITH persons AS (
  SELECT DISTINCT v.person_key FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = ANY($2::text[]) AND v.person_key IS NOT NULL
),
store_customers AS (
  SELECT split_part(substr(p.person_key, 3), ':', 1) AS connection_id, split_part(substr(p.person_key, 3), ':', 2)::bigint AS customer_id
  FROM persons p WHERE p.person_key LIKE 'c:%'
  UNION
  SELECT cu.connection_id, cu.external_id FROM persons p
  JOIN customers cu ON cu.workspace_id = $1 AND cu.email_hash = substr(p.person_key, 3) WHERE p.person_key LIKE 'e:%'
  UNION
  SELECT c.id, l.value::bigint FROM identity_links l
  JOIN connections c ON c.workspace_id = $1
  WHERE l.workspace_id = $1 AND l.anonymous_id = ANY($2::text[]) AND l.kind = 'customer'
),
candidates AS (
  SELECT o.connection_id, o.external_id FROM store_customers s
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = s.connection_id AND o.customer_id = s.customer_id
  WHERE COALESCE(o.processed_at, o.created_at) >= $3::timestamp
  UNION
  SELECT o.connection_id, o.external_id FROM identity_links l
  JOIN connections c ON c.workspace_id = $1
  JOIN orders o ON o.workspace_id = $1 AND o.connection_id = c.id AND o.external_id = l.value::bigint
  WHERE l.workspace_id = $1 AND l.anonymous_id = ANY($2::text[]) AND l.kind = 'order' AND COALESCE(o.processed_at, o.created_at) >= $3::timestamp
  UNION
  SELECT a.connection_id, a.order_id FROM order_attributions a
  WHERE a.workspace_id = $1 AND a.order_at >= $3::timestamp
    AND (a.anonymous_id = ANY($2::text[]) OR a.person_key IN (SELECT person_key FROM persons))
)
INSERT INTO attribution_pending (workspace_id, connection_id, order_id)
SELECT $1, connection_id, external_id FROM candidates ORDER BY 2, 3
ON CONFLICT DO NOTHING`;

const daysAgo = (days: number, now = new Date()) => new Date(now.getTime() - days * 86_400_000).toISOString().replace("Z", "");

/** Queues the recent orders whose journeys `anonymousIds` may be part of; returns how many were queued. */
export async function queueOrdersOfVisitors(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<number> {
  if (anonymousIds.length === 0) return 0;
  const result = await client.query(QUEUE_FOR_VISITORS_SQL, [workspaceId, [...anonymousIds], daysAgo(LONGEST_WINDOW_DAYS)]);
  return result.rowCount ?? 0;
}

/** Queues the recent orders of store customers (connection, id) whose person changed (a merge made or undone). */
export async function queueOrdersOfCustomers(client: PoolClient, workspaceId: string, connectionIds: readonly string[], customerIds: readonly string[]): Promise<number> {
  if (connectionIds.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO attribution_pending (workspace_id, connection_id, order_id)
     SELECT $1, o.connection_id, o.external_id
     FROM unnest($2::text[], $3::bigint[]) AS c(connection_id, customer_id)
     JOIN orders o ON o.workspace_id = $1 AND o.connection_id = c.connection_id AND o.customer_id = c.customer_id
     WHERE COALESCE(o.processed_at, o.created_at) >= $4::timestamp
     ORDER BY 2, 3
     ON CONFLICT DO NOTHING`,
    [workspaceId, [...connectionIds], [...customerIds], daysAgo(LONGEST_WINDOW_DAYS)],
  );
  return result.rowCount ?? 0;
}

/** Queued orders, and recent orders never attributed. */
export async function ordersToAttribute(workspaceId: string, now = new Date()): Promise<TOrderKey[]> {
  const { rows } = await getPool().query<{ connection_id: string; order_id: string }>(
    `SELECT connection_id, order_id::text FROM attribution_pending WHERE workspace_id = $1
     UNION
     SELECT o.connection_id, o.external_id::text FROM orders o
     WHERE o.workspace_id = $1 AND NOT o.test AND o.counts_as_sale
       AND (o.processed_at >= $2::timestamp OR (o.processed_at IS NULL AND o.created_at >= $2::timestamp))
       AND NOT EXISTS (SELECT 1 FROM order_attributions a WHERE a.workspace_id = $1 AND a.connection_id = o.connection_id AND a.order_id = o.external_id)
     ORDER BY 1, 2`,
    [workspaceId, daysAgo(NEW_ORDER_DAYS, now)],
  );
  return rows.map((r) => ({ connectionId: r.connection_id, orderId: BigInt(r.order_id) }));
}

export async function attributeWaitingOrders(workspaceId: string, now = new Date()): Promise<TAttributeResult> {
  return attributeOrders(workspaceId, await ordersToAttribute(workspaceId, now));
}

/** Workspaces with orders waiting (queued, or recent and never attributed). */
export async function workspacesWithWaitingOrders(now = new Date(), only?: string): Promise<string[]> {
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT w.id FROM workspaces w
     WHERE ($2::text IS NULL OR w.id = $2) AND (EXISTS (SELECT 1 FROM attribution_pending p WHERE p.workspace_id = w.id)
        OR EXISTS (
          SELECT 1 FROM orders o
          WHERE o.workspace_id = w.id AND NOT o.test AND o.counts_as_sale AND o.processed_at >= $1::timestamp
            AND NOT EXISTS (SELECT 1 FROM order_attributions a WHERE a.workspace_id = w.id AND a.connection_id = o.connection_id AND a.order_id = o.external_id)))
     ORDER BY w.id`,
    [daysAgo(NEW_ORDER_DAYS, now), only ?? null],
  );
  return rows.map((r) => r.id);
}
