import type { PoolClient } from "pg";
import type { DouplusIssueInput, DouplusOrderRow, DouplusStatRow } from "@/lib/connectors/douyin/transform";
import type { SyncScope } from "@/lib/sync/scope";

// The sync layer's writes: one statement per batch, idempotent by (workspace, connection, order)
// and (…, order, bucket). Each caller runs them inside one transaction with its state update.

const BATCH = 5_000;

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/** Upserts orders; a re-read order gets its newer fields and one more sync version. */
export async function upsertOrders(client: PoolClient, scope: SyncScope, orders: DouplusOrderRow[], syncedAt: Date): Promise<void> {
  for (const chunk of batches(orders)) {
    const json = JSON.stringify(chunk.map((o) => ({
      order_id: o.orderId, item_id: o.itemId, status: o.status, budget_fen: o.budgetFen, title: o.title,
      order_created_at: o.createdAt.toISOString(), raw: o.raw,
    })));
    await client.query(
      `INSERT INTO douplus_orders (workspace_id, connection_id, order_id, item_id, status, budget_fen, title, order_created_at, raw, sync_version, last_synced_at, aggregate_pending)
       SELECT $1, $2, r.order_id, r.item_id, r.status, r.budget_fen, r.title, r.order_created_at, r.raw, 1, $4, true
       FROM json_to_recordset($3::json) AS r(order_id text, item_id text, status text, budget_fen bigint, title text, order_created_at timestamptz, raw jsonb)
       ON CONFLICT (workspace_id, connection_id, order_id) DO UPDATE SET
         item_id = EXCLUDED.item_id, status = EXCLUDED.status, budget_fen = EXCLUDED.budget_fen, title = EXCLUDED.title,
         order_created_at = EXCLUDED.order_created_at, raw = EXCLUDED.raw,
         sync_version = douplus_orders.sync_version + 1, last_synced_at = EXCLUDED.last_synced_at,
         -- The video rows show the latest title and group by video: a change is the aggregation's to apply.
         aggregate_pending = douplus_orders.aggregate_pending OR douplus_orders.title IS DISTINCT FROM EXCLUDED.title
           OR douplus_orders.item_id IS DISTINCT FROM EXCLUDED.item_id`,
      [scope.workspaceId, scope.connectionId, json, syncedAt],
    );
  }
}

/** Same-bucket rows of one pull are summed: a report finer than 5 minutes still fills one bucket. */
export function mergeBuckets(rows: DouplusStatRow[]): DouplusStatRow[] {
  const merged = new Map<string, DouplusStatRow & { weighted: number; weightedPlays: number }>();
  for (const row of rows) {
    const key = `${row.orderId}|${row.bucketAt.getTime()}`;
    const weighted = row.completion5s === null ? 0 : Number(row.completion5s) * row.plays;
    const weightedPlays = row.completion5s === null ? 0 : row.plays;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...row, weighted, weightedPlays });
      continue;
    }
    seen.costFen += row.costFen;
    seen.plays += row.plays;
    seen.likes += row.likes;
    seen.shares += row.shares;
    seen.comments += row.comments;
    seen.follows += row.follows;
    seen.conversions += row.conversions;
    seen.weighted += weighted;
    seen.weightedPlays += weightedPlays;
    seen.completion5s = seen.completion5s === null && row.completion5s === null ? null : seen.weightedPlays > 0 ? (seen.weighted / seen.weightedPlays).toFixed(6) : (seen.completion5s ?? row.completion5s);
    seen.convertCostFen = seen.conversions > 0 ? Math.round(seen.costFen / seen.conversions) : null;
  }
  return [...merged.values()].map((m) => ({
    orderId: m.orderId, itemId: m.itemId, bucketAt: m.bucketAt, costFen: m.costFen, plays: m.plays, likes: m.likes, shares: m.shares,
    comments: m.comments, follows: m.follows, conversions: m.conversions, completion5s: m.completion5s, convertCostFen: m.convertCostFen,
  }));
}

/** Upserts buckets: a re-pulled bucket takes the platform's newer numbers, the row count stays. */
export async function upsertBuckets(client: PoolClient, scope: SyncScope, rows: (DouplusStatRow & { unknownOrder: boolean })[], pulledAt: Date): Promise<void> {
  for (const chunk of batches(rows)) {
    const json = JSON.stringify(chunk.map((r) => ({
      order_id: r.orderId, bucket_at: r.bucketAt.toISOString(), item_id: r.itemId, cost_fen: r.costFen, plays: r.plays, likes: r.likes,
      shares: r.shares, comments: r.comments, follows: r.follows, conversions: r.conversions, completion_5s: r.completion5s,
      convert_cost_fen: r.convertCostFen, unknown_order: r.unknownOrder,
    })));
    await client.query(
      `INSERT INTO douplus_buckets (workspace_id, connection_id, order_id, bucket_at, item_id, cost_fen, plays, likes, shares, comments, follows,
         conversions, completion_5s, convert_cost_fen, unknown_order, pulled_at)
       SELECT $1, $2, r.order_id, r.bucket_at, r.item_id, r.cost_fen, r.plays, r.likes, r.shares, r.comments, r.follows,
         r.conversions, r.completion_5s, r.convert_cost_fen, r.unknown_order, $4
       FROM json_to_recordset($3::json) AS r(order_id text, bucket_at timestamptz, item_id text, cost_fen bigint, plays bigint, likes bigint,
         shares bigint, comments bigint, follows bigint, conversions bigint, completion_5s numeric, convert_cost_fen bigint, unknown_order boolean)
       ON CONFLICT (workspace_id, connection_id, order_id, bucket_at) DO UPDATE SET
         item_id = EXCLUDED.item_id, cost_fen = EXCLUDED.cost_fen, plays = EXCLUDED.plays, likes = EXCLUDED.likes, shares = EXCLUDED.shares,
         comments = EXCLUDED.comments, follows = EXCLUDED.follows, conversions = EXCLUDED.conversions, completion_5s = EXCLUDED.completion_5s,
         convert_cost_fen = EXCLUDED.convert_cost_fen, unknown_order = EXCLUDED.unknown_order, pulled_at = EXCLUDED.pulled_at`,
      [scope.workspaceId, scope.connectionId, json, pulledAt],
    );
  }
}

/** Buckets that arrived before their order are its own once the order list names it. */
export async function adoptUnknownBuckets(client: PoolClient, scope: SyncScope, orderIds: string[]): Promise<string[]> {
  const { rows } = await client.query<{ order_id: string }>(
    `UPDATE douplus_buckets SET unknown_order = false
     WHERE workspace_id = $1 AND connection_id = $2 AND unknown_order AND order_id = ANY($3::text[])
     RETURNING order_id`,
    [scope.workspaceId, scope.connectionId, orderIds],
  );
  const adopted = [...new Set(rows.map((r) => r.order_id))];
  await client.query(
    "DELETE FROM douplus_issues WHERE workspace_id = $1 AND connection_id = $2 AND kind = 'unknown_order' AND subject = ANY($3::text[])",
    [scope.workspaceId, scope.connectionId, adopted.map((id) => `order:${id}`)],
  );
  return adopted;
}

/**
 * Rewrites the running totals of `orderIds` from their buckets (the order list reads these), and
 * flags them for the aggregation, which recomputes only the videos of flagged orders.
 */
export async function refreshOrderTotals(client: PoolClient, scope: SyncScope, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await client.query(
    `UPDATE douplus_orders o SET cost_fen = s.cost_fen, plays = s.plays, likes = s.likes, shares = s.shares, comments = s.comments,
       follows = s.follows, conversions = s.conversions, completion_5s = s.completion_5s, last_bucket_at = s.last_bucket_at,
       aggregate_pending = true
     FROM (
       SELECT order_id, sum(cost_fen) AS cost_fen, sum(plays) AS plays, sum(likes) AS likes, sum(shares) AS shares, sum(comments) AS comments,
         sum(follows) AS follows, sum(conversions) AS conversions, max(bucket_at) AS last_bucket_at,
         round(sum(completion_5s * plays) FILTER (WHERE completion_5s IS NOT NULL) / nullif(sum(plays) FILTER (WHERE completion_5s IS NOT NULL), 0), 6) AS completion_5s
       FROM douplus_buckets
       WHERE workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3::text[]) AND NOT unknown_order
       GROUP BY order_id
     ) s
     WHERE o.workspace_id = $1 AND o.connection_id = $2 AND o.order_id = s.order_id`,
    [scope.workspaceId, scope.connectionId, orderIds],
  );
}

/** Records problems, one row each: seeing the same problem again moves its time only. */
export async function recordIssues(client: PoolClient, scope: SyncScope, issues: DouplusIssueInput[], seenAt: Date): Promise<void> {
  const unique = new Map(issues.map((i) => [`${i.kind}|${i.subject}`, i]));
  for (const chunk of batches([...unique.values()])) {
    await client.query(
      `INSERT INTO douplus_issues (workspace_id, connection_id, kind, subject, detail, raw, seen_at)
       SELECT $1, $2, r.kind, r.subject, r.detail, r.raw, $4 FROM json_to_recordset($3::json) AS r(kind text, subject text, detail text, raw jsonb)
       ON CONFLICT (workspace_id, connection_id, kind, subject) DO UPDATE SET detail = EXCLUDED.detail, raw = EXCLUDED.raw, seen_at = EXCLUDED.seen_at`,
      [scope.workspaceId, scope.connectionId, JSON.stringify(chunk.map((i) => ({ kind: i.kind, subject: i.subject.slice(0, 300), detail: i.detail.slice(0, 1000), raw: i.raw ?? null }))), seenAt],
    );
  }
}

export async function saveState(client: PoolClient, scope: SyncScope, fields: Partial<Record<"full_synced_at" | "orders_synced_at" | "stats_synced_at" | "aggregated_at", Date>>): Promise<void> {
  const names = Object.keys(fields);
  const values = Object.values(fields);
  // A sync that succeeded clears the last failure; the aggregation says nothing about the platform.
  const clears = names.some((n) => n !== "aggregated_at") ? ["last_error = NULL", "last_error_at = NULL"] : [];
  const sets = [...names.map((n, i) => `${n} = $${i + 3}`), ...clears];
  await client.query(
    `INSERT INTO douplus_sync_state (workspace_id, connection_id${names.map((n) => `, ${n}`).join("")}, last_error, last_error_at)
     VALUES ($1, $2${names.map((_, i) => `, $${i + 3}`).join("")}, NULL, NULL)
     ON CONFLICT (workspace_id, connection_id) DO UPDATE SET ${sets.join(", ")}`,
    [scope.workspaceId, scope.connectionId, ...values],
  );
}
