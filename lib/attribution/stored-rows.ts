import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyDocument } from "@/lib/stores/copy-rows";

// A batch's rows in order_attributions and attribution_order_credits as they stand before a
// recompute, and the writes that bring them to what it found. Most orders of an hourly or nightly
// recompute come out as they were: their rows are compared in the application and left in place,
// so only the orders whose match or credits changed are rewritten (a rewrite is a delete, an
// insert and index entries, several times the cost of the comparison).

/** The method of an order that does not count (a test order, or no included line): never attributed. */
export const NOT_COUNTED = "not_counted";

/** An order's row in order_attributions, its values as text the way the recompute produces them. */
export type TOrderRow = {
  connectionId: string; orderId: string; method: string; personKey: string | null; anonymousId: string | null;
  at: string; day: string; revenueMinor: string; newCustomer: boolean; touches: number;
};

/** An order's stored row and credits (the credits column's text, as written: JSON.stringify of credit-store.ts's encoding). */
export type TStoredRow = { row: TOrderRow & { currency: string }; creditsText: string | null };

export const orderKey = (row: { connectionId: string; orderId: string }) => `${row.connectionId}:${row.orderId}`;

/** The stored rows of the targets of one batch (attribution_targets.batch), by orderKey. */
export async function storedRows(client: PoolClient, workspaceId: string, batch: number): Promise<Map<string, TStoredRow>> {
  const { rows } = await client.query<TOrderRow & { currency: string; creditsText: string | null }>(
    `SELECT t.connection_id AS "connectionId", t.order_id::text AS "orderId", a.method, a.person_key AS "personKey", a.anonymous_id AS "anonymousId",
            to_char(a.order_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, to_char(a.order_day, 'YYYY-MM-DD') AS day, a.revenue_minor::text AS "revenueMinor",
            a.currency::text AS currency, a.new_customer AS "newCustomer", a.touches, c.credits::text AS "creditsText"
     FROM attribution_targets t
     JOIN order_attributions a ON a.workspace_id = $1 AND a.connection_id = t.connection_id AND a.order_id = t.order_id
     LEFT JOIN attribution_order_credits c ON c.workspace_id = $1 AND c.connection_id = t.connection_id AND c.order_id = t.order_id
     WHERE t.batch = $2`,
    [workspaceId, batch],
  );
  return new Map(rows.map(({ creditsText, ...row }) => [orderKey(row), { row, creditsText }]));
}

export const sameOrderRow = (a: TOrderRow & { currency: string }, b: TOrderRow, currency: string): boolean =>
  a.method === b.method && a.personKey === b.personKey && a.anonymousId === b.anonymousId && a.at === b.at && a.day === b.day
  && a.revenueMinor === b.revenueMinor && a.currency === currency && a.newCustomer === b.newCustomer && a.touches === b.touches;

/** Writes the order rows that are new or changed (matched_at is when the row last changed). */
export async function upsertOrderRows(client: PoolClient, workspaceId: string, currency: string, rows: readonly TOrderRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof TOrderRow>(name: K) => rows.map((r) => r[name]);
  await client.query(
    `INSERT INTO order_attributions AS x (workspace_id, connection_id, order_id, method, person_key, anonymous_id, order_at, order_day, revenue_minor, currency, new_customer, touches, matched_at)
     SELECT $1, a.c, a.o, a.m, a.p, a.v, a.at, a.d, a.r, $2, a.n, a.t, now() AT TIME ZONE 'UTC'
     FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamp[], $9::date[], $10::bigint[], $11::boolean[], $12::int[])
       AS a(c, o, m, p, v, at, d, r, n, t)
     ON CONFLICT (workspace_id, connection_id, order_id) DO UPDATE SET
       method = EXCLUDED.method, person_key = EXCLUDED.person_key, anonymous_id = EXCLUDED.anonymous_id, order_at = EXCLUDED.order_at,
       order_day = EXCLUDED.order_day, revenue_minor = EXCLUDED.revenue_minor, currency = EXCLUDED.currency, new_customer = EXCLUDED.new_customer,
       touches = EXCLUDED.touches, matched_at = EXCLUDED.matched_at`,
    [
      workspaceId, currency, column("connectionId"), column("orderId"), column("method"), column("personKey"), column("anonymousId"),
      rows.map((r) => r.at.replace("Z", "")), column("day"), column("revenueMinor"), column("newCustomer"), column("touches"),
    ],
  );
}

/**
 * Replaces the credit rows of the orders in `removed` (credits changed or gone) and writes those
 * in `written` (new or changed), the latter by COPY: a batch's rows hold megabytes of JSON, which
 * a parameter array would quote and escape once more.
 */
export async function replaceCreditRows(
  client: PoolClient,
  workspaceId: string,
  removed: readonly { connectionId: string; orderId: string }[],
  written: readonly { connectionId: string; orderId: string; creditsText: string }[],
): Promise<void> {
  if (removed.length > 0) {
    await client.query(
      `DELETE FROM attribution_order_credits x USING unnest($2::text[], $3::bigint[]) AS k(c, o)
       WHERE x.workspace_id = $1 AND x.connection_id = k.c AND x.order_id = k.o`,
      [workspaceId, removed.map((r) => r.connectionId), removed.map((r) => r.orderId)],
    );
  }
  if (written.length === 0) return;
  const document = copyDocument([workspaceId], written.map((r) => [r.connectionId, r.orderId, r.creditsText]));
  await pipeline(Readable.from([document]), client.query(copyFrom("COPY attribution_order_credits (workspace_id, connection_id, order_id, credits) FROM STDIN")));
}

/**
 * The transaction's orders that did not get a counted row: an order that does not count keeps a
 * `not_counted` row (so the sweep for unattributed orders passes it by), rewritten only when it
 * differs; an order gone from the store loses its row. Parameters: $1 workspace, $2 time zone, $3 currency.
 */
export async function settleUncountedRows(client: PoolClient, workspaceId: string, timeZone: string, currency: string): Promise<void> {
  await client.query(
    `INSERT INTO order_attributions AS x (workspace_id, connection_id, order_id, method, order_at, order_day, revenue_minor, currency, new_customer, touches, matched_at)
     SELECT $1, o.connection_id, o.external_id, $4::text, COALESCE(o.processed_at, o.created_at),
       ((COALESCE(o.processed_at, o.created_at)) AT TIME ZONE 'UTC' AT TIME ZONE $2)::date, 0, $3, false, 0, now() AT TIME ZONE 'UTC'
     FROM attribution_targets t
     JOIN orders o ON o.workspace_id = $1 AND o.connection_id = t.connection_id AND o.external_id = t.order_id
     WHERE NOT EXISTS (SELECT 1 FROM attribution_facts f WHERE f.connection_id = t.connection_id AND f.order_id = t.order_id)
     ON CONFLICT (workspace_id, connection_id, order_id) DO UPDATE SET
       method = EXCLUDED.method, person_key = NULL, anonymous_id = NULL, order_at = EXCLUDED.order_at, order_day = EXCLUDED.order_day,
       revenue_minor = 0, currency = EXCLUDED.currency, new_customer = false, touches = 0, matched_at = EXCLUDED.matched_at
     WHERE (x.method, x.person_key, x.anonymous_id, x.order_at, x.order_day, x.revenue_minor, x.currency, x.new_customer, x.touches)
       IS DISTINCT FROM (EXCLUDED.method, NULL, NULL, EXCLUDED.order_at, EXCLUDED.order_day, 0, EXCLUDED.currency, false, 0)`,
    [workspaceId, timeZone, currency, NOT_COUNTED],
  );
  await client.query(
    `DELETE FROM order_attributions x USING attribution_targets t
     WHERE x.workspace_id = $1 AND x.connection_id = t.connection_id AND x.order_id = t.order_id
       AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.workspace_id = $1 AND o.connection_id = t.connection_id AND o.external_id = t.order_id)`,
    [workspaceId],
  );
}
