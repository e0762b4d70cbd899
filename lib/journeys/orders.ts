import type { TDataDrivenFits, TJourneyTouch } from "@/lib/attribution/credits";
import type { AttributionModel, LookbackWindow, ModelSettings } from "@/lib/attribution/models";
import { creditsFor, decodeCredits, type TStoredCredits } from "@/lib/attribution/credit-store";
import { campaignOf } from "@/lib/attribution/recompute";
import { getPool } from "@/lib/db/pool";
import { formatFixed, SCALE_DIGITS } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import type { TJourneyOrder } from "./schema";
import { sameAsStored, touchCredits, type TStoredCredit, type TTouchCredit } from "./touch-credits";

// A customer's orders on the journey: their own (customer_events) and any matched to their
// visitors, each with its match and the credit every touchpoint of its journey got under one
// model and window. The journey of an order is read the way the recompute reads it: the
// touchpoints of the matched visitor and of every visitor of the matched person, within the
// window and not after the order.

export const ORDERS_SHOWN = 50;
export const TOUCHES_SHOWN = 100;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

type TOrderRow = {
  connection_id: string; order_id: string; name: string | null; at: string; method: TJourneyOrder["method"]; revenue_minor: string | null; anonymous_id: string | null; total: number;
};
type TTouchRow = {
  connection_id: string; order_id: string; anonymous_id: string; source_id: string; at: string; day: string; channel: string; source: string; medium: string;
  utm_campaign: string | null; campaign_id: string | null; platform: string | null; paid: boolean; direct: boolean;
};
type TCreditRow = { connection_id: string; order_id: string; credits: TStoredCredits };

const ORDERS_SQL = `
WITH own AS (
  SELECT connection_id, order_id FROM customer_events WHERE workspace_id = $1 AND customer_key = $2 AND is_order
  UNION
  SELECT connection_id, order_id FROM order_attributions WHERE workspace_id = $1 AND person_key = $2
)
SELECT x.connection_id, x.order_id::text AS order_id, o.name, to_char(COALESCE(a.order_at, o.processed_at, o.created_at), ${ISO}) AS at,
  a.method, a.revenue_minor::text AS revenue_minor, a.anonymous_id, count(*) OVER ()::int AS total
FROM own x
JOIN orders o ON o.workspace_id = $1 AND o.connection_id = x.connection_id AND o.external_id = x.order_id
LEFT JOIN order_attributions a ON a.workspace_id = $1 AND a.connection_id = x.connection_id AND a.order_id = x.order_id
WHERE $3::timestamptz IS NULL OR COALESCE(a.order_at, o.processed_at, o.created_at) >= $3::timestamptz
ORDER BY COALESCE(a.order_at, o.processed_at, o.created_at) DESC, x.order_id DESC
LIMIT ${ORDERS_SHOWN}`;

const TOUCHES_SQL = `
SELECT a.connection_id, a.order_id::text AS order_id, t.anonymous_id, t.source_id, to_char(t.at, ${ISO}) AS at, to_char(t.day, 'YYYY-MM-DD') AS day,
  t.channel, t.source, t.medium, t.utm_campaign, t.campaign_id, t.platform, t.paid, t.direct
FROM unnest($2::text[], $3::bigint[]) AS k(connection_id, order_id)
JOIN order_attributions a ON a.workspace_id = $1 AND a.connection_id = k.connection_id AND a.order_id = k.order_id
JOIN attribution_touchpoints t ON t.workspace_id = $1
  AND t.anonymous_id IN (SELECT v.anonymous_id FROM visitors v WHERE v.workspace_id = $1 AND v.person_key = a.person_key UNION SELECT a.anonymous_id)
  AND t.at <= a.order_at AND t.at >= a.order_at - make_interval(days => $4::int)
ORDER BY 1, 2, t.at, t.source_kind, t.source_id`;

const CREDITS_SQL = `
SELECT c.connection_id, c.order_id::text AS order_id, c.credits
FROM unnest($2::text[], $3::bigint[]) AS k(connection_id, order_id)
JOIN attribution_order_credits c ON c.workspace_id = $1 AND c.connection_id = k.connection_id AND c.order_id = k.order_id`;

const ATTRIBUTED = new Set(["order_id", "customer_id", "email"]);

export type TCreditOptions = { model: AttributionModel; window: LookbackWindow; settings: ModelSettings; fits: TDataDrivenFits; currency: string };

const orderKey = (r: { connection_id: string; order_id: string }) => `${r.connection_id}:${r.order_id}`;

function groupBy<T extends { connection_id: string; order_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(orderKey(row), [...(out.get(orderKey(row)) ?? []), row]);
  return out;
}

/** Minor units of `currency` as its decimal string. */
export function moneyOfMinor(minor: bigint, currency: string): string {
  const places = currencyDecimals(currency);
  return formatFixed(minor * 10n ** BigInt(SCALE_DIGITS - places), places);
}

/** Millionths of an order as a share to 4 places. */
const shareOf = (micro: bigint) => Math.round(Number(micro) / 100) / 10_000;

function shownTouches(touches: readonly TTouchRow[], credits: TTouchCredit[] | null, currency: string) {
  const all = touches.map((t, i) => ({
    session_id: t.source_id, at: t.at, channel: t.channel, source: t.source, medium: t.medium, campaign: t.utm_campaign, platform: t.platform,
    paid: t.paid, direct: t.direct,
    share: credits ? shareOf(credits[i]!.ordersMicro) : null,
    revenue: credits ? moneyOfMinor(credits[i]!.revenueMinor, currency) : null,
  }));
  const cut = Math.max(0, all.length - TOUCHES_SHOWN);
  if (cut === 0) return { touches: all, earlier: null };
  const earlier = (credits ?? []).slice(0, cut).reduce((s, c) => ({ orders: s.orders + c.ordersMicro, revenue: s.revenue + c.revenueMinor }), { orders: 0n, revenue: 0n });
  return {
    touches: all.slice(cut),
    earlier: { count: cut, share: credits ? shareOf(earlier.orders) : null, revenue: credits ? moneyOfMinor(earlier.revenue, currency) : null },
  };
}

export type TJourneyOrders = {
  orders: TJourneyOrder[];
  total: number;
  /** The visitors the shown orders were matched to, and those whose touchpoints they credit. */
  visitorIds: string[];
};

/** `since`: orders before this instant are history the plan hides (null: none is). */
export async function journeyOrders(workspaceId: string, personKey: string, options: TCreditOptions, since: Date | null = null): Promise<TJourneyOrders> {
  const pool = getPool();
  const { rows } = await pool.query<TOrderRow>(ORDERS_SQL, [workspaceId, personKey, since]);
  if (rows.length === 0) return { orders: [], total: 0, visitorIds: [] };
  const attributed = rows.filter((r) => r.method !== null && ATTRIBUTED.has(r.method));
  const keys = [attributed.map((r) => r.connection_id), attributed.map((r) => r.order_id)];
  const [touchRows, creditRows] = attributed.length === 0
    ? [[], []]
    : await Promise.all([
        pool.query<TTouchRow>(TOUCHES_SQL, [workspaceId, ...keys, options.window]).then((r) => r.rows),
        pool.query<TCreditRow>(CREDITS_SQL, [workspaceId, ...keys]).then((r) => r.rows),
      ]);
  const touchesOf = groupBy(touchRows);
  const storedOf = groupBy(creditRows);

  const orders = rows.map((row): TJourneyOrder => {
    const base = {
      order_id: row.order_id, connection_id: row.connection_id, name: row.name, at: row.at, method: row.method,
      value: row.revenue_minor === null || row.method === "not_counted" ? null : moneyOfMinor(BigInt(row.revenue_minor), options.currency),
    };
    if (row.method === null || !ATTRIBUTED.has(row.method)) {
      return { ...base, credits: "not_attributed", credits_current: true, touches_in_window: 0, touches: [], earlier_touches: null };
    }
    const touches = touchesOf.get(orderKey(row)) ?? [];
    const storedRow = storedOf.get(orderKey(row))?.[0];
    const stored: TStoredCredit[] = storedRow ? creditsFor(decodeCredits(storedRow.credits), options.model, options.window, false) : [];
    const journey: TJourneyTouch[] = touches.map((t) => ({
      at: new Date(t.at), day: t.day, channel: t.channel, direct: t.direct, paid: t.paid, platform: t.platform ?? "", campaign: campaignOf(t),
    }));
    const credits = touchCredits({ at: new Date(row.at), revenueMinor: BigInt(row.revenue_minor ?? "0") }, journey, options.model, options.settings, options.fits);
    const shown = shownTouches(touches, credits, options.currency);
    return {
      ...base,
      credits: journey.length === 0 ? "no_touches" : credits === null ? "not_fitted" : "shown",
      credits_current: credits === null ? stored.length === 0 : sameAsStored(journey, credits, stored),
      touches_in_window: touches.length,
      touches: shown.touches,
      earlier_touches: shown.earlier,
    };
  });
  const visitorIds = new Set([...attributed.flatMap((r) => (r.anonymous_id ? [r.anonymous_id] : [])), ...touchRows.map((t) => t.anonymous_id)]);
  return { orders, total: rows[0]!.total, visitorIds: [...visitorIds] };
}
