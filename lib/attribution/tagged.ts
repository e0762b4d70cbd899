import { getPool } from "@/lib/db/pool";
import { addDays } from "@/lib/time/zone";
import { decodeCredits, type TStoredCredits } from "./credit-store";
import { LOOKBACK_WINDOWS } from "./models";

// The attribution report of one tag's members (a tag of lib/tags: an audience). attribution_daily
// holds every order's credit summed, so a tag's rows are summed at request time from the credits
// of the members' orders only: the members' counted orders are found through customer_events
// (keyed by the customer key after identity merges), and only their stored credits are decoded.

export type TTaggedQuery = {
  tagId: string;
  groupBy: "channel" | "platform" | "campaign";
  basis: "cash" | "accrual";
  dateFrom: string;
  dateTo: string;
  model: string;
  window: number;
  paidOnly: boolean;
};

export type TTaggedSums = { key: string; orders: bigint; newOrders: bigint; revenue: bigint };

/** A touch is at most the longest lookback window before its order. */
const LONGEST_WINDOW = Math.max(...LOOKBACK_WINDOWS);

// Cash credit is dated at the order's day; accrual at each touch's day, which is at most the
// longest window before the order, so those orders can fall that much after the range.
const MEMBER_CREDITS_SQL = `
SELECT oa.order_day::text AS order_day, oa.new_customer, c.credits::text AS credits
FROM person_tags pt
JOIN customer_events e ON e.workspace_id = pt.workspace_id AND e.customer_key = pt.person_key AND e.refund_id = 0
JOIN order_attributions oa ON oa.workspace_id = e.workspace_id AND oa.connection_id = e.connection_id AND oa.order_id = e.order_id
JOIN attribution_order_credits c ON c.workspace_id = e.workspace_id AND c.connection_id = e.connection_id AND c.order_id = e.order_id
WHERE pt.workspace_id = $1 AND pt.tag_id = $2 AND oa.order_day BETWEEN $3::date AND $4::date`;

const GROUP_FIELD = { channel: "channel", platform: "platform", campaign: "campaign" } as const;

/** Per row key, the members' credited orders, new-customer orders (both millionths) and revenue (minor units), largest revenue first. */
export async function taggedAttributionSums(workspaceId: string, query: TTaggedQuery): Promise<TTaggedSums[]> {
  const { model, ...rest } = query;
  return (await taggedSumsByModel(workspaceId, { ...rest, models: [model] })).get(model) ?? [];
}

/** The same for several models at once (the model comparison), each member's order read and decoded once. */
export async function taggedSumsByModel(workspaceId: string, query: Omit<TTaggedQuery, "model"> & { models: readonly string[] }): Promise<Map<string, TTaggedSums[]>> {
  const lastOrderDay = query.basis === "accrual" ? addDays(query.dateTo, LONGEST_WINDOW) : query.dateTo;
  const { rows } = await getPool().query<{ order_day: string; new_customer: boolean; credits: string }>(MEMBER_CREDITS_SQL, [
    workspaceId, query.tagId, query.dateFrom, lastOrderDay,
  ]);
  const byModel = new Map<string, Map<string, TTaggedSums>>(query.models.map((m) => [m, new Map()]));
  for (const row of rows) {
    const credits = decodeCredits(JSON.parse(row.credits) as TStoredCredits, query.models);
    const cashInRange = row.order_day >= query.dateFrom && row.order_day <= query.dateTo;
    for (const e of credits.entries) {
      if (e.paidOnly !== query.paidOnly || e.windowFrom > query.window || query.window > e.windowTo) continue;
      const group = credits.groups[e.group]!;
      if (query.basis === "cash" ? !cashInRange : group.touchDay < query.dateFrom || group.touchDay > query.dateTo) continue;
      const key = group[GROUP_FIELD[query.groupBy]];
      const sums = byModel.get(e.model)!;
      const sum = sums.get(key) ?? { key, orders: 0n, newOrders: 0n, revenue: 0n };
      const orders = BigInt(e.ordersMicro);
      sum.orders += orders;
      if (row.new_customer) sum.newOrders += orders;
      sum.revenue += BigInt(e.revenueMinor);
      sums.set(key, sum);
    }
  }
  return new Map([...byModel].map(([model, sums]) => [model, [...sums.values()].sort(largestFirst)]));
}

const largestFirst = (a: TTaggedSums, b: TTaggedSums) =>
  a.revenue !== b.revenue ? (b.revenue > a.revenue ? 1 : -1) : a.orders !== b.orders ? (b.orders > a.orders ? 1 : -1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
