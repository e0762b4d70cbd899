import { shownSince } from "@/lib/billing/history";
import { getPool } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { addDays, localDate } from "@/lib/time/zone";
import { db } from "@/lib/db/client";
import { customerKeyOf } from "./customer-id";
import { emailsByHash, maskEmail } from "./email";
import { SUMMARY_COLUMNS, shownProbability, summaryOf, type SummaryRow } from "./list";
import { shownMoney, shownMoneyOrNull } from "./money";
import type { TCustomerProfile } from "./schema";

// One customer: the list's facts, every store id merged into it, the LTV windows, the model's
// prediction when there is one, and the ledger of orders and refunds it is summed from.

export const TIMELINE_LIMIT = 500;
const LTV_WINDOWS = [90, 180, 365] as const;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

type ProfileRow = SummaryRow & {
  store_ids: string[];
  first_products: string[];
  first_groups: string[];
  first_discount_codes: string[];
  tags: string[];
  net_sales_90: string;
  net_sales_180: string;
  net_sales_365: string;
  expected_orders_365: number | null;
  predicted_90: string | null;
  predicted_180: string | null;
  predicted_365: string | null;
  predicted_at: string | null;
};

type EventRow = {
  connection_id: string;
  order_id: string;
  refund_id: string;
  order_name: string | null;
  day: string;
  at: string;
  is_order: boolean;
  net_sales: string;
  gross_profit: string;
  unconverted: boolean;
};

/** "<connection id>:<store customer id>" -> its parts (a connection id never holds a colon). */
function storeIdParts(storeId: string): { connection_id: string; customer_id: string } {
  const at = storeId.indexOf(":");
  return { connection_id: storeId.slice(0, at), customer_id: storeId.slice(at + 1) };
}

/**
 * The profile behind `id` in this workspace; any other workspace's customer, or an id that is not
 * one, is not found. `revealEmail`: members and above see the whole address, viewers a mask.
 */
export async function getCustomerProfile(workspaceId: string, id: string, { revealEmail }: { revealEmail: boolean }): Promise<TCustomerProfile> {
  const key = customerKeyOf(id);
  if (key === null) throw notFound("No such customer.");
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true, timeZone: true } });
  if (!workspace) throw notFound();
  const { currency, timeZone } = workspace;
  const shown = await shownSince(workspaceId, timeZone);
  const pool = getPool();
  const { rows } = await pool.query<ProfileRow>(
    `SELECT ${SUMMARY_COLUMNS}, p.store_ids, p.first_products, p.first_groups, p.first_discount_codes, p.tags,
       p.net_sales_90::text AS net_sales_90, p.net_sales_180::text AS net_sales_180, p.net_sales_365::text AS net_sales_365,
       p.expected_orders_365, p.predicted_90::text AS predicted_90, p.predicted_180::text AS predicted_180,
       p.predicted_365::text AS predicted_365, to_char(p.predicted_at, ${ISO}) AS predicted_at
     FROM customer_profiles p WHERE p.workspace_id = $1 AND p.customer_key = $2`,
    [workspaceId, key],
  );
  const row = rows[0];
  if (!row) throw notFound("No such customer.");

  const storeIds = row.store_ids.map(storeIdParts);
  const [events, connections, emails] = await Promise.all([
    pool.query<EventRow>(
      `SELECT e.connection_id, e.order_id::text AS order_id, e.refund_id::text AS refund_id, o.name AS order_name,
         to_char(e.day, 'YYYY-MM-DD') AS day, to_char(e.at, ${ISO}) AS at, e.is_order,
         e.net_sales::text AS net_sales, e.gross_profit::text AS gross_profit, e.unconverted
       FROM customer_events e
       LEFT JOIN orders o ON o.workspace_id = e.workspace_id AND o.connection_id = e.connection_id AND o.external_id = e.order_id
       WHERE e.workspace_id = $1 AND e.customer_key = $2 AND ($3::date IS NULL OR e.day >= $3::date)
       ORDER BY e.at DESC, e.order_id DESC, e.refund_id DESC LIMIT ${TIMELINE_LIMIT + 1}`,
      [workspaceId, key, shown.earliest],
    ),
    db.connection.findMany({ where: { workspaceId, id: { in: [...new Set(storeIds.map((s) => s.connection_id))] } }, select: { id: true, displayName: true } }),
    row.email_hash ? emailsByHash(workspaceId, [row.email_hash]) : Promise.resolve(new Map<string, string>()),
  ]);
  const names = new Map(connections.map((c) => [c.id, c.displayName]));
  const email = row.email_hash ? (emails.get(row.email_hash) ?? null) : null;
  const today = localDate(new Date(), timeZone);
  const hasPrediction = row.predicted_at !== null;

  return {
    ...summaryOf(row, currency, email),
    email: email === null ? null : revealEmail ? email : maskEmail(email),
    email_masked: email !== null && !revealEmail,
    currency,
    store_ids: storeIds.map((s) => ({ ...s, connection_name: names.get(s.connection_id) ?? null })),
    first_product_ids: row.first_products,
    first_product_groups: row.first_groups,
    first_discount_codes: row.first_discount_codes,
    tags: row.tags,
    ltv_windows: LTV_WINDOWS.map((days) => ({
      days,
      net_sales: shownMoney(row[`net_sales_${days}`], currency),
      // The window holds days first_day .. first_day + days - 1.
      complete: addDays(row.first_day, days) <= today,
    })),
    prediction: hasPrediction
      ? {
          p_active: shownProbability(row.p_active),
          expected_orders_365: row.expected_orders_365 === null ? null : Math.round(row.expected_orders_365 * 100) / 100,
          predicted_90: shownMoneyOrNull(row.predicted_90, currency),
          predicted_180: shownMoneyOrNull(row.predicted_180, currency),
          predicted_365: shownMoneyOrNull(row.predicted_365, currency),
          predicted_ltv_12m: shownMoneyOrNull(row.predicted_ltv_12m, currency),
          predicted_at: row.predicted_at,
        }
      : null,
    timeline: events.rows.slice(0, TIMELINE_LIMIT).map((e) => ({
      kind: e.is_order ? ("order" as const) : ("refund" as const),
      order_id: e.order_id,
      order_name: e.order_name,
      refund_id: e.is_order ? null : e.refund_id,
      day: e.day,
      at: e.at,
      net_sales: shownMoney(e.net_sales, currency),
      gross_profit: shownMoney(e.gross_profit, currency),
      unconverted: e.unconverted,
    })),
    timeline_truncated: events.rows.length > TIMELINE_LIMIT,
    history_note: shown.note,
  };
}
