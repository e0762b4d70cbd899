import { getPool } from "@/lib/db/pool";

// How much of a period attribution can speak for: the share of counted orders (and of their
// revenue) matched to a visitor, with the band every attribution screen shows, and the share of
// campaign-tagged visits matched to an ad platform's campaign with the names that were not.

export type TMatchBand = "excellent" | "fair" | "low";

/** At least 90% of orders matched is excellent, under 70% is low (the bands Polar popularised). */
export function matchBand(rate: number): TMatchBand {
  return rate >= 0.9 ? "excellent" : rate >= 0.7 ? "fair" : "low";
}

const ratio = (part: bigint, whole: bigint): number | null => (whole === 0n ? null : Number((part * 10_000n + whole / 2n) / whole) / 10_000);

export type TOrderMatchRate = {
  orders: number;
  matchedOrders: number;
  revenueMinor: string;
  matchedRevenueMinor: string;
  /** Shares to 4 places; null without orders (or without revenue). */
  orderRate: number | null;
  revenueRate: number | null;
  /** From the order share; null without orders. */
  band: TMatchBand | null;
  byMethod: Record<string, number>;
};

/** Counted orders of the local days fromDay..toDay (inclusive). */
export async function orderMatchRate(workspaceId: string, fromDay: string, toDay: string): Promise<TOrderMatchRate> {
  const { rows } = await getPool().query<{ method: string; orders: string; revenue: string }>(
    `SELECT method, count(*)::text AS orders, sum(revenue_minor)::text AS revenue FROM order_attributions
     WHERE workspace_id = $1 AND order_day BETWEEN $2::date AND $3::date AND method <> 'not_counted'
     GROUP BY method ORDER BY method`,
    [workspaceId, fromDay, toDay],
  );
  let orders = 0n, matched = 0n, revenue = 0n, matchedRevenue = 0n;
  const byMethod: Record<string, number> = {};
  for (const row of rows) {
    byMethod[row.method] = Number(row.orders);
    orders += BigInt(row.orders);
    revenue += BigInt(row.revenue);
    if (row.method !== "none") {
      matched += BigInt(row.orders);
      matchedRevenue += BigInt(row.revenue);
    }
  }
  const orderRate = ratio(matched, orders);
  return {
    orders: Number(orders), matchedOrders: Number(matched), revenueMinor: revenue.toString(), matchedRevenueMinor: matchedRevenue.toString(),
    orderRate, revenueRate: ratio(matchedRevenue, revenue), band: orderRate === null ? null : matchBand(orderRate), byMethod,
  };
}

export type TCampaignMatchRate = {
  /** Touchpoints that carry a campaign (a UTM campaign or a campaign id). */
  tagged: number;
  matched: number;
  rate: number | null;
  /** The most frequent campaign names that matched no ad platform campaign. */
  unmatched: { name: string; touchpoints: number }[];
};

const UNMATCHED_SHOWN = 20;

export async function campaignMatchRate(workspaceId: string, fromDay: string, toDay: string): Promise<TCampaignMatchRate> {
  const pool = getPool();
  const [totals, names] = await Promise.all([
    pool.query<{ tagged: string; matched: string }>(
      `SELECT count(*)::text AS tagged, count(campaign_id)::text AS matched FROM attribution_touchpoints
       WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date AND (utm_campaign IS NOT NULL OR utm_id IS NOT NULL)`,
      [workspaceId, fromDay, toDay],
    ),
    pool.query<{ name: string; touchpoints: string }>(
      `SELECT COALESCE(utm_campaign, utm_id) AS name, count(*)::text AS touchpoints FROM attribution_touchpoints
       WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date AND (utm_campaign IS NOT NULL OR utm_id IS NOT NULL) AND campaign_id IS NULL
       GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${UNMATCHED_SHOWN}`,
      [workspaceId, fromDay, toDay],
    ),
  ]);
  const tagged = BigInt(totals.rows[0]?.tagged ?? "0");
  const matched = BigInt(totals.rows[0]?.matched ?? "0");
  return {
    tagged: Number(tagged), matched: Number(matched), rate: ratio(matched, tagged),
    unmatched: names.rows.map((r) => ({ name: r.name, touchpoints: Number(r.touchpoints) })),
  };
}
