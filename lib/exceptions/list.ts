import { shownRange } from "@/lib/billing/history";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { localDate } from "@/lib/time/zone";
import { orderAdminUrl } from "./admin-link";
import type { ExceptionListQuery } from "./query";
import { REASON_LABELS, type ExceptionReason } from "./reasons";
import type { TExceptionOrder, TExceptionOrderList } from "./schema";

// The exception list: kept rows (never judged here), filtered by local day, reason and financial
// status, newest first.

type Row = {
  connection_id: string; provider: string | null; account: string | null; store: string | null; order_id: string; name: string;
  ordered_at: Date; day: string; channel: string; currency: string; total: string; financial_status: string | null; reasons: ExceptionReason[];
  matching: string;
};

// The day is the workspace's; the UTC window around the range only lets the index narrow rows.
const LIST_SQL = `
SELECT x.connection_id, c.provider, c.external_account_id AS account, c.display_name AS store, x.order_id::text, x.order_name AS name,
       x.ordered_at, to_char(d.day, 'YYYY-MM-DD') AS day, x.channel, x.currency, x.total_price::text AS total, x.financial_status,
       x.reasons, count(*) OVER ()::text AS matching
FROM exception_orders x
JOIN workspaces w ON w.id = x.workspace_id
LEFT JOIN connections c ON c.workspace_id = x.workspace_id AND c.id = x.connection_id
CROSS JOIN LATERAL (SELECT ((x.ordered_at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date AS day) d
WHERE x.workspace_id = $1 AND x.ordered_at >= $2::date - 1 AND x.ordered_at < $3::date + 2 AND d.day BETWEEN $2::date AND $3::date
  AND (cardinality($4::text[]) = 0 OR x.reasons && $4::text[])
  AND (cardinality($5::text[]) = 0 OR x.financial_status = ANY($5::text[]))
ORDER BY x.ordered_at DESC, x.order_id DESC
LIMIT $6 OFFSET $7`;

/** The workspace's local today; a missing workspace is the same 404 as another's. */
export async function workspaceToday(workspaceId: string, now: Date = new Date()): Promise<string> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  return localDate(now, workspace.timeZone);
}

function view(row: Row): TExceptionOrder {
  return {
    connection_id: row.connection_id,
    store: row.store ?? "Removed connection",
    order_id: row.order_id,
    name: row.name,
    ordered_at: row.ordered_at.toISOString(),
    day: row.day,
    channel: row.channel,
    currency: row.currency.trim(),
    total: trimZeros(row.total),
    financial_status: row.financial_status,
    reasons: row.reasons,
    admin_url: row.provider && row.account ? orderAdminUrl(row.provider, row.account, row.order_id) : null,
  };
}

/** "113.5000" -> "113.50": at least two places, no trailing zeros beyond them. */
const trimZeros = (amount: string) => amount.replace(/(\.\d\d\d*?)0+$/, "$1");

async function rows(workspaceId: string, query: ExceptionListQuery, limit: number, offset: number): Promise<Row[]> {
  const result = await getPool().query<Row>(LIST_SQL, [workspaceId, query.dateFrom, query.dateTo, query.reasons, query.statuses, limit, offset]);
  return result.rows;
}

/** The query cut to the days the plan shows (a range wholly before them is a 402), and the note when it was cut. */
async function shownQuery(workspaceId: string, query: ExceptionListQuery): Promise<{ query: ExceptionListQuery; note: string | null }> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const shown = await shownRange(workspaceId, workspace.timeZone, { from: query.dateFrom, to: query.dateTo });
  return { query: { ...query, dateFrom: shown.from ?? query.dateFrom }, note: shown.note };
}

export async function listExceptionOrders(workspaceId: string, requested: ExceptionListQuery): Promise<TExceptionOrderList> {
  const { query, note } = await shownQuery(workspaceId, requested);
  const found = await rows(workspaceId, query, query.limit, query.offset);
  // Past the last row the window count is gone: count again without a page.
  const first = found[0] ?? (query.offset > 0 ? (await rows(workspaceId, query, 1, 0))[0] : undefined);
  const total = first ? Number(first.matching) : 0;
  return { date_from: query.dateFrom, date_to: query.dateTo, orders: found.map(view), total, limit: query.limit, offset: query.offset, history_note: note };
}

/** At most this many rows in one export: exceptions are a few in a hundred orders. */
export const CSV_MAX_ROWS = 10_000;

export const CSV_HEADER = ["day", "ordered_at", "store", "order", "order_id", "channel", "currency", "total", "financial_status", "reasons", "admin_url"];

export async function exceptionCsvRows(workspaceId: string, requested: ExceptionListQuery): Promise<{ rows: (string | null)[][]; total: number; historyNote: string | null }> {
  const { query, note } = await shownQuery(workspaceId, requested);
  const found = await rows(workspaceId, query, CSV_MAX_ROWS, 0);
  return {
    historyNote: note,
    total: found[0] ? Number(found[0].matching) : 0,
    rows: found.map(view).map((o) => [
      o.day, o.ordered_at, o.store, o.name, o.order_id, o.channel, o.currency, o.total, o.financial_status,
      o.reasons.map((r) => REASON_LABELS[r]).join("; "), o.admin_url,
    ]),
  };
}
