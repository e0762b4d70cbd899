import { getPool } from "@/lib/db/pool";
import { formatDecimal, formatFixed, SCALE_DIGITS, type Dec } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { db } from "@/lib/db/client";
import type { TOwnedReportQuery } from "../report/query";
import { SENT_IN_RANGE_FILTER } from "../report/report";
import { ORDER_CONVERSIONS_SQL } from "./conversions-sql";
import { channelCosts, totalCost, type TChannelCost, type TChannelFee, type TChannelVolume } from "./fees";
import { ownedCostSettings, type TOwnedCostSettingsView } from "./store";

// The cost overview over a send-date range: per channel and per campaign or flow, what the sends
// cost under the workspace's fees (test sends costed apart), the revenue of the orders they were
// attributed (each order once: its click, else session, else open conversion) and ROAS. Like the
// performance report, every figure belongs to the sends of the range by their local send day.

// $1 workspace, $2/$3 days, $4 channel, $5 campaign, $6 template, $7 folder. Test sends included.
const FILTER = SENT_IN_RANGE_FILTER;

const VOLUMES_SQL = `
SELECT s.channel, s.campaign_id,
  count(*) FILTER (WHERE NOT s.is_test)::int AS sends,
  COALESCE(sum(COALESCE(s.segments, 1)) FILTER (WHERE NOT s.is_test), 0)::int AS segments,
  COALESCE(sum(COALESCE(s.points, 1)) FILTER (WHERE NOT s.is_test), 0)::int AS points,
  count(*) FILTER (WHERE s.is_test)::int AS test_sends,
  COALESCE(sum(COALESCE(s.segments, 1)) FILTER (WHERE s.is_test), 0)::int AS test_segments,
  COALESCE(sum(COALESCE(s.points, 1)) FILTER (WHERE s.is_test), 0)::int AS test_points
FROM owned_sends s
WHERE ${FILTER}
GROUP BY s.channel, s.campaign_id`;

const REVENUE_SQL = `
WITH chosen AS (${ORDER_CONVERSIONS_SQL})
SELECT s.channel, s.campaign_id, count(*)::int AS orders, sum(c.revenue_minor)::text AS revenue_minor
FROM chosen c JOIN owned_sends s ON s.workspace_id = $1 AND s.id = c.send_id
WHERE ${FILTER} AND NOT s.is_test
GROUP BY s.channel, s.campaign_id`;

type TVolumeRow = { channel: string; campaign_id: string; sends: number; segments: number; points: number; test_sends: number; test_segments: number; test_points: number };
type TRevenueRow = { channel: string; campaign_id: string; orders: number; revenue_minor: string };

export type TOwnedCostFigures = {
  sends: number;
  test_sends: number;
  /** Cost of the real sends, in the workspace currency, exact to 4 decimals. */
  cost: string;
  /** Cost of the test sends, never in ROAS. */
  test_cost: string;
  /** Attributed orders and their net sales (each order once). */
  orders: number;
  revenue: string;
  /** revenue / cost; null when nothing was spent. */
  roas: string | null;
};
export type TOwnedCostChannelRow = TOwnedCostFigures & { channel: string; unit: TChannelFee["unit"] | null; fee: string | null };
export type TOwnedCostCampaignRow = TOwnedCostFigures & { channel: string; campaign_id: string; campaign: string; kind: string };
export type TOwnedCostOverview = {
  date_from: string;
  date_to: string;
  currency: string;
  settings: TOwnedCostSettingsView;
  channels: TOwnedCostChannelRow[];
  campaigns: TOwnedCostCampaignRow[];
  totals: TOwnedCostFigures;
};

type TCounted = TChannelVolume & { revenue: Dec; orders: number };

const emptyVolume = (channel: string): TCounted => ({ channel, sends: 0, segments: 0, points: 0, testSends: 0, testSegments: 0, testPoints: 0, revenue: 0n, orders: 0 });

function addVolume(into: TCounted, v: TVolumeRow) {
  into.sends += v.sends;
  into.segments += v.segments;
  into.points += v.points;
  into.testSends += v.test_sends;
  into.testSegments += v.test_segments;
  into.testPoints += v.test_points;
}

export async function ownedCostOverview(workspaceId: string, query: TOwnedReportQuery): Promise<TOwnedCostOverview> {
  const settings = await ownedCostSettings(workspaceId);
  const places = currencyDecimals(settings.currency);
  const params = [workspaceId, query.dateFrom, query.dateTo, query.channel, query.campaignId, query.templateId, query.folderId];
  const pool = getPool();
  const [volumes, revenues] = await Promise.all([pool.query<TVolumeRow>(VOLUMES_SQL, params), pool.query<TRevenueRow>(REVENUE_SQL, params)]);

  const byCampaign = new Map<string, TCounted & { campaign_id: string }>();
  const byChannel = new Map<string, TCounted>();
  const campaignOf = (channel: string, campaignId: string) => {
    const key = `${channel}\u001f${campaignId}`;
    let c = byCampaign.get(key);
    if (!c) byCampaign.set(key, (c = { ...emptyVolume(channel), campaign_id: campaignId }));
    return c;
  };
  const channelOf = (channel: string) => {
    let c = byChannel.get(channel);
    if (!c) byChannel.set(channel, (c = emptyVolume(channel)));
    return c;
  };
  for (const v of volumes.rows) {
    addVolume(campaignOf(v.channel, v.campaign_id), v);
    addVolume(channelOf(v.channel), v);
  }
  for (const r of revenues.rows) {
    // Revenue is stored in the workspace currency's minor units.
    const revenue = BigInt(r.revenue_minor) * 10n ** BigInt(SCALE_DIGITS - places);
    for (const into of [campaignOf(r.channel, r.campaign_id), channelOf(r.channel)]) {
      into.revenue += revenue;
      into.orders += r.orders;
    }
  }

  const fees = settings.fees;
  const feeOf = new Map(fees.map((f) => [f.channel as string, f]));
  const channelRows = channelCosts([...byChannel.values()], fees);
  const campaignRows = channelCosts([...byCampaign.values()], fees);
  const names = await db.ownedCampaign.findMany({ where: { workspaceId, id: { in: campaignRows.map((c) => c.campaign_id) } }, select: { id: true, name: true, kind: true } });
  const nameOf = new Map(names.map((n) => [n.id, n]));
  const figures = (r: TChannelCost & { orders: number }): TOwnedCostFigures => ({
    sends: r.sends,
    test_sends: r.testSends,
    cost: formatDecimal(r.cost, places),
    test_cost: formatDecimal(r.testCost, places),
    orders: r.orders,
    revenue: formatFixed(r.revenue, places),
    roas: r.roas === null ? null : formatDecimal(r.roas, 2),
  });
  const total = totalCost(channelRows);
  return {
    date_from: query.dateFrom,
    date_to: query.dateTo,
    currency: settings.currency,
    settings,
    channels: channelRows
      .map((r) => ({ channel: r.channel, unit: feeOf.get(r.channel)?.unit ?? null, fee: feeOf.get(r.channel)?.fee ?? null, ...figures(r) }))
      .sort((a, b) => b.sends - a.sends || a.channel.localeCompare(b.channel)),
    campaigns: campaignRows
      .map((r) => ({ channel: r.channel, campaign_id: r.campaign_id, campaign: nameOf.get(r.campaign_id)?.name ?? "Removed campaign", kind: nameOf.get(r.campaign_id)?.kind ?? "campaign", ...figures(r) }))
      .sort((a, b) => b.sends - a.sends || a.campaign.localeCompare(b.campaign)),
    totals: figures({ ...total, channel: "", orders: channelRows.reduce((n, r) => n + r.orders, 0) }),
  };
}
