import { getPool } from "@/lib/db/pool";
import { startOfLocalDay, addDays } from "@/lib/time/zone";
import type { Period } from "./periods";
import type {
  TDouplusAccountQuery, TDouplusAccountRow, TDouplusOrderList, TDouplusOrderQuery, TDouplusOrderRow, TDouplusVideoQuery, TDouplusVideoRow,
} from "./schema";

// The query layer: each read is one table (orders with their own running totals, or the
// aggregates), filtered and sorted on its indexes. An order's numbers are its own buckets', never
// its video's: two orders promoting one video show different figures.

const ORDER_SORT_COLUMNS: Record<TDouplusOrderQuery["sort"], string> = {
  cost: "cost_fen", plays: "plays", likes: "likes", conversions: "conversions", created: "order_created_at", budget: "budget_fen",
};
const VIDEO_SORT_COLUMNS: Record<TDouplusVideoQuery["sort"], string> = {
  cost: "cost_fen", plays: "plays", orders: "order_count", conversions: "conversions", plays_per_100_yuan: "plays_per_100_yuan", like_rate: "like_rate",
};

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => Number(v ?? 0);

type OrderRecord = Record<string, unknown> & { order_created_at: Date; last_bucket_at: Date | null };

function orderRow(r: OrderRecord): TDouplusOrderRow {
  const conversions = int(r.conversions);
  return {
    account: String(r.connection_id), order_id: String(r.order_id), video_id: String(r.item_id), title: String(r.title), status: String(r.status),
    created_at: r.order_created_at.toISOString(), budget_fen: String(r.budget_fen), cost_fen: String(r.cost_fen),
    plays: int(r.plays), likes: int(r.likes), shares: int(r.shares), comments: int(r.comments), follows: int(r.follows), conversions,
    cost_per_conversion_fen: conversions > 0 ? (Number(r.cost_fen) / conversions).toFixed(2) : null,
    completion_5s: text(r.completion_5s), last_bucket_at: r.last_bucket_at ? r.last_bucket_at.toISOString() : null,
  };
}

export async function listOrders(workspace: { id: string; timeZone: string }, query: TDouplusOrderQuery): Promise<TDouplusOrderList> {
  const params: unknown[] = [workspace.id];
  const where = ["workspace_id = $1"];
  const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace("?", `$${params.length}`)); };
  if (query.account) add("connection_id = ?", query.account);
  if (query.status) add("status = ?", query.status);
  if (query.video) add("item_id = ?", query.video);
  if (query.date_from) add("order_created_at >= ?", startOfLocalDay(query.date_from, workspace.timeZone));
  if (query.date_to) add("order_created_at < ?", startOfLocalDay(addDays(query.date_to, 1), workspace.timeZone));
  const column = ORDER_SORT_COLUMNS[query.sort];
  const dir = query.direction === "asc" ? "ASC" : "DESC";
  const filter = where.join(" AND ");
  const pool = getPool();
  const [rows, count] = await Promise.all([
    pool.query<OrderRecord>(
      `SELECT connection_id, order_id, item_id, title, status, order_created_at, budget_fen, cost_fen, plays, likes, shares, comments, follows,
         conversions, completion_5s, last_bucket_at
       FROM douplus_orders WHERE ${filter}
       ORDER BY ${column} ${dir}, order_id ${dir} LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`,
      params,
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM douplus_orders WHERE ${filter}`, params),
  ]);
  return { currency: "CNY", orders: rows.rows.map(orderRow), total: int(count.rows[0]?.n), page: query.page, page_size: query.page_size };
}

function figures(r: Record<string, unknown>) {
  return {
    order_count: int(r.order_count), cost_fen: String(r.cost_fen ?? 0), plays: int(r.plays), likes: int(r.likes), shares: int(r.shares),
    conversions: int(r.conversions), plays_per_100_yuan: text(r.plays_per_100_yuan), like_rate: text(r.like_rate), share_rate: text(r.share_rate),
    avg_cost_per_conversion_fen: text(r.avg_convert_cost_fen), avg_completion_5s: text(r.avg_completion_5s),
  };
}

export async function listVideos(workspaceId: string, query: TDouplusVideoQuery): Promise<{ videos: TDouplusVideoRow[]; total: number }> {
  const params: unknown[] = [workspaceId, query.period];
  let filter = "workspace_id = $1 AND level = 'video' AND period = $2";
  if (query.account) {
    params.push(query.account);
    filter += " AND connection_id = $3";
  }
  const dir = query.direction === "asc" ? "ASC" : "DESC";
  const pool = getPool();
  const [rows, count] = await Promise.all([
    pool.query(
      `SELECT * FROM douplus_aggregates WHERE ${filter}
       ORDER BY ${VIDEO_SORT_COLUMNS[query.sort]} ${dir} NULLS LAST, item_id ${dir} LIMIT ${query.page_size} OFFSET ${(query.page - 1) * query.page_size}`,
      params,
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM douplus_aggregates WHERE ${filter}`, params),
  ]);
  return {
    videos: rows.rows.map((r) => ({ account: String(r.connection_id), video_id: String(r.item_id), title: String(r.title), ...figures(r) })),
    total: int(count.rows[0]?.n),
  };
}

const EMPTY_FIGURES = { order_count: 0, cost_fen: 0, plays: 0, likes: 0, shares: 0, conversions: 0 };

/** Every Douyin account of the workspace with its totals, sync freshness, coverage and issues. */
export async function listAccounts(workspaceId: string, query: TDouplusAccountQuery, now = new Date()): Promise<TDouplusAccountRow[]> {
  const { rows } = await getPool().query(
    `SELECT c.id, c.display_name, c.status::text AS status, a.order_count, a.cost_fen, a.plays, a.likes, a.shares, a.conversions,
       a.plays_per_100_yuan, a.like_rate, a.share_rate, a.avg_convert_cost_fen, a.avg_completion_5s,
       s.stats_synced_at, s.aggregated_at, coalesce(s.last_error, c.last_error) AS last_error,
       (SELECT count(*) FROM douplus_orders o WHERE o.workspace_id = c.workspace_id AND o.connection_id = c.id AND o.status = 'DELIVERING') AS delivering,
       (SELECT count(*) FROM douplus_orders o WHERE o.workspace_id = c.workspace_id AND o.connection_id = c.id AND o.status = 'DELIVERING'
          AND o.last_bucket_at >= $3) AS recent,
       (SELECT count(*) FROM douplus_issues i WHERE i.workspace_id = c.workspace_id AND i.connection_id = c.id) AS issues
     FROM connections c
     LEFT JOIN douplus_aggregates a ON a.workspace_id = c.workspace_id AND a.connection_id = c.id AND a.level = 'account' AND a.period = $2 AND a.item_id = ''
     LEFT JOIN douplus_sync_state s ON s.workspace_id = c.workspace_id AND s.connection_id = c.id
     WHERE c.workspace_id = $1 AND c.provider = 'douyin' AND c.status <> 'disconnected'
     ORDER BY c.display_name, c.id`,
    [workspaceId, query.period satisfies Period, new Date(now.getTime() - 3_600_000)],
  );
  return rows.map((r) => ({
    account: String(r.id), name: String(r.display_name), status: String(r.status),
    ...figures(r.order_count === null ? { ...r, ...EMPTY_FIGURES } : r),
    stats_synced_at: r.stats_synced_at ? (r.stats_synced_at as Date).toISOString() : null,
    aggregated_at: r.aggregated_at ? (r.aggregated_at as Date).toISOString() : null,
    last_error: text(r.last_error),
    coverage: { delivering: int(r.delivering), with_recent_bucket: int(r.recent) },
    issues: int(r.issues),
  }));
}

export type DouplusOrderDetail = {
  order: TDouplusOrderRow;
  raw: unknown;
  syncVersion: number;
  lastSyncedAt: string;
  series: { bucket_at: string; cost_fen: string; plays: number; conversions: number }[];
};

/**
 * One order of the workspace with its 5-minute series (the latest 2,000 buckets), or null. An
 * order id is the platform's, unique across accounts; `connectionId` narrows it when given.
 */
export async function orderDetail(workspaceId: string, connectionId: string | null, orderId: string): Promise<DouplusOrderDetail | null> {
  const pool = getPool();
  const { rows } = await pool.query<OrderRecord>(
    `SELECT * FROM douplus_orders WHERE workspace_id = $1 AND order_id = $2 AND ($3::text IS NULL OR connection_id = $3)
     ORDER BY connection_id LIMIT 1`,
    [workspaceId, orderId, connectionId],
  );
  const order = rows[0];
  if (!order) return null;
  const series = await pool.query<{ bucket_at: Date; cost_fen: string; plays: string; conversions: string }>(
    `SELECT bucket_at, cost_fen, plays, conversions FROM (
       SELECT bucket_at, cost_fen, plays, conversions FROM douplus_buckets
       WHERE workspace_id = $1 AND connection_id = $2 AND order_id = $3 ORDER BY bucket_at DESC LIMIT 2000) b
     ORDER BY bucket_at`,
    [workspaceId, order.connection_id, orderId],
  );
  return {
    order: orderRow(order),
    raw: order.raw,
    syncVersion: int(order.sync_version),
    lastSyncedAt: (order.last_synced_at as Date).toISOString(),
    series: series.rows.map((s) => ({ bucket_at: s.bucket_at.toISOString(), cost_fen: String(s.cost_fen), plays: int(s.plays), conversions: int(s.conversions) })),
  };
}
