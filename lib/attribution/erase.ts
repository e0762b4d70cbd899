import type { PoolClient } from "pg";

// Erasing a customer's tracking data reaches attribution too: their visitors' touchpoints go, and
// the orders matched through those visitors or the customer's person keys lose the match at once
// (no erased id lingers in order_attributions) and are queued, so the next attribute-orders run
// (the minute sweep) matches them again without the erased journeys and replaces their credits.

export type TAttributionErasure = { touchpoints: number; orders: number };

export async function forgetErasedJourneys(
  client: PoolClient,
  workspaceId: string,
  visitors: readonly string[],
  personKeys: readonly string[],
): Promise<TAttributionErasure> {
  const touchpoints =
    visitors.length === 0
      ? 0
      : ((await client.query("DELETE FROM attribution_touchpoints WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", [workspaceId, [...visitors]])).rowCount ?? 0);
  const orders = await client.query<{ connection_id: string; order_id: string }>(
    `UPDATE order_attributions SET person_key = NULL, anonymous_id = NULL
     WHERE workspace_id = $1 AND (anonymous_id = ANY($2::text[]) OR person_key = ANY($3::text[]))
     RETURNING connection_id, order_id::text`,
    [workspaceId, [...visitors], [...personKeys]],
  );
  if (orders.rows.length > 0) {
    await client.query(
      `INSERT INTO attribution_pending (workspace_id, connection_id, order_id)
       SELECT $1, c, o FROM unnest($2::text[], $3::bigint[]) AS t(c, o) ON CONFLICT DO NOTHING`,
      [workspaceId, orders.rows.map((r) => r.connection_id), orders.rows.map((r) => r.order_id)],
    );
  }
  return { touchpoints, orders: orders.rows.length };
}
