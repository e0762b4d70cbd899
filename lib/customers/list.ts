import { shownSince } from "@/lib/billing/history";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { customerIdOf } from "./customer-id";
import { emailsByHash, maskEmail } from "./email";
import { shownMoney, shownMoneyOrNull } from "./money";
import type { CustomerListQuery, CustomerSort } from "./query";
import type { TCustomerList, TCustomerSummary } from "./schema";
import { customerWhere, type CustomerFilter } from "./search";

// The customer list: one row per customer_profiles row of the workspace, filtered, sorted and
// paged by offset (capped in query.ts). Ties are broken by the key so pages never overlap.

const SORT_COLUMNS: Record<CustomerSort, string> = {
  last_order: "p.last_order_at",
  first_order: "p.first_order_at",
  net_sales: "p.net_sales",
  orders: "p.orders",
  predicted_ltv: "p.predicted_ltv_12m",
};

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The list's columns, dates formatted in SQL so no driver time zone can shift them. */
export const SUMMARY_COLUMNS = `p.customer_key, p.email_hash, to_char(p.first_order_at, ${ISO}) AS first_order_at,
  to_char(p.first_day, 'YYYY-MM-DD') AS first_day, p.first_channel, p.first_product_titles, p.orders,
  p.net_sales::text AS net_sales, p.gross_profit::text AS gross_profit, to_char(p.last_order_at, ${ISO}) AS last_order_at,
  to_char(p.last_day, 'YYYY-MM-DD') AS last_day, p.country, p.predicted_ltv_12m::text AS predicted_ltv_12m, p.p_active`;

export type SummaryRow = {
  customer_key: string;
  email_hash: string | null;
  first_order_at: string;
  first_day: string;
  first_channel: string;
  first_product_titles: string[];
  orders: number;
  net_sales: string;
  gross_profit: string;
  last_order_at: string;
  last_day: string;
  country: string | null;
  predicted_ltv_12m: string | null;
  p_active: number | null;
};

/** P(active) to four places: more would claim a precision the model does not have. */
export const shownProbability = (p: number | null) => (p === null ? null : Math.round(p * 10_000) / 10_000);

export function summaryOf(row: SummaryRow, currency: string, email: string | null): TCustomerSummary {
  return {
    id: customerIdOf(row.customer_key),
    email: email === null ? null : maskEmail(email),
    first_order_at: row.first_order_at,
    first_order_day: row.first_day,
    first_channel: row.first_channel,
    first_products: row.first_product_titles,
    orders: row.orders,
    net_sales: shownMoney(row.net_sales, currency),
    gross_profit: shownMoney(row.gross_profit, currency),
    last_order_at: row.last_order_at,
    last_order_day: row.last_day,
    country: row.country?.trim() || null,
    predicted_ltv_12m: shownMoneyOrNull(row.predicted_ltv_12m, currency),
    p_active: shownProbability(row.p_active),
  };
}

export async function workspaceCurrency(workspaceId: string): Promise<string> {
  return (await listSettings(workspaceId)).currency;
}

/** The currency lists show money in, and the first day (and note) the plan shows. */
export async function listSettings(workspaceId: string): Promise<{ currency: string; shownFrom: string | null; note: string | null }> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true, timeZone: true } });
  if (!workspace) throw notFound();
  const { earliest, note } = await shownSince(workspaceId, workspace.timeZone);
  return { currency: workspace.currency, shownFrom: earliest, note };
}

/** One page of matching rows, with their (masked) emails. */
export async function customerRows(
  workspaceId: string,
  query: CustomerFilter & Pick<CustomerListQuery, "sort" | "order">,
  page: { limit: number; offset: number },
  currency: string,
): Promise<TCustomerSummary[]> {
  const where = customerWhere(workspaceId, query);
  const direction = query.order === "asc" ? "ASC" : "DESC";
  const { rows } = await getPool().query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM customer_profiles p WHERE ${where.sql}
     ORDER BY ${SORT_COLUMNS[query.sort]} ${direction} NULLS LAST, p.customer_key ${direction}
     LIMIT ${page.limit} OFFSET ${page.offset}`,
    where.params,
  );
  const emails = await emailsByHash(workspaceId, rows.flatMap((r) => (r.email_hash ? [r.email_hash] : [])));
  return rows.map((row) => summaryOf(row, currency, row.email_hash ? (emails.get(row.email_hash) ?? null) : null));
}

export async function countCustomers(workspaceId: string, query: CustomerFilter): Promise<number> {
  const where = customerWhere(workspaceId, query);
  const { rows } = await getPool().query<{ n: string }>(`SELECT count(*)::text AS n FROM customer_profiles p WHERE ${where.sql}`, where.params);
  return Number(rows[0]!.n);
}

export async function listCustomers(workspaceId: string, query: CustomerListQuery): Promise<TCustomerList> {
  const { currency, shownFrom, note } = await listSettings(workspaceId);
  const filter = { ...query, shownFrom };
  const [customers, total] = await Promise.all([
    customerRows(workspaceId, filter, { limit: query.limit, offset: query.offset }, currency),
    countCustomers(workspaceId, filter),
  ]);
  return { currency, customers, total, limit: query.limit, offset: query.offset, history_note: note };
}

/** Whether the workspace has any customer yet (the list's empty state says what is needed). */
export async function hasCustomers(workspaceId: string): Promise<boolean> {
  return (await db.customerProfile.findFirst({ where: { workspaceId }, select: { customerKey: true } })) !== null;
}
