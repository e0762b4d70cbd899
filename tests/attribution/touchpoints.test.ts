import { describe, expect, it } from "vitest";
import { campaignMatchRate } from "@/lib/attribution/match-rate";
import { attributeWaitingOrders, ordersToAttribute } from "@/lib/attribution/pending";
import { attributeDrained } from "@/lib/attribution/after-drain";
import { refreshTouchpointsSince } from "@/lib/attribution/touchpoints-refresh";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { attributionStore, before, link, orderRow, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

async function touchpoints(workspaceId: string) {
  const { rows } = await getPool().query(
    `SELECT channel, source, medium, utm_campaign, utm_id, platform, campaign_id, campaign_match, direct, paid
     FROM attribution_touchpoints WHERE workspace_id = $1 ORDER BY at`,
    [workspaceId],
  );
  return rows;
}

async function adCampaign(workspaceId: string, connectionId: string, platform: string, campaignId: string, name: string) {
  await db.adCampaign.create({ data: { workspaceId, connectionId, platform, accountId: "acc-1", campaignId, name } });
}

describe("touchpoints", () => {
  it("makes every non-bot session a touchpoint, direct ones too, matched to ad campaigns by id first, then by name", async () => {
    const { workspace, connection } = await attributionStore();
    const ws = workspace.id;
    await adCampaign(ws, connection.id, "meta_ads", "120001", "(Sale) My_Campaign_2025 | RU");
    await adCampaign(ws, connection.id, "google_ads", "987", "Brand search");
    const v = unique("cid");
    await visitor(ws, v);
    await session(ws, v, before(5), {
      channel: "facebook", utmSource: "fb", utmMedium: "paid_social", utmCampaign: "renamed since", clickIdType: "fbclid",
      landingPage: "https://shop.example/?utm_id=120001&utm_campaign=renamed+since",
    });
    await session(ws, v, before(4), { channel: "google", utmSource: "google", utmMedium: "cpc", utmCampaign: "BRAND search" });
    await session(ws, v, before(3), { channel: "email", utmSource: "klaviyo", utmMedium: "email", utmCampaign: "Winter Newsletter" });
    await session(ws, v, before(2), { channel: "organic", referrer: "https://www.google.com/search?q=x" });
    await session(ws, v, before(1.5), { channel: "google", utmCampaign: "crawler", isBot: true });
    await session(ws, v, before(1), { channel: "direct" });

    expect(await refreshTouchpoints(ws, [v])).toBe(5);
    expect(await refreshTouchpoints(ws, [v])).toBe(5);
    expect(await touchpoints(ws)).toEqual([
      { channel: "facebook", source: "fb", medium: "paid_social", utm_campaign: "renamed since", utm_id: "120001", platform: "meta_ads", campaign_id: "120001", campaign_match: "id", direct: false, paid: true },
      { channel: "google", source: "google", medium: "cpc", utm_campaign: "BRAND search", utm_id: null, platform: "google_ads", campaign_id: "987", campaign_match: "name", direct: false, paid: true },
      { channel: "email", source: "klaviyo", medium: "email", utm_campaign: "Winter Newsletter", utm_id: null, platform: null, campaign_id: null, campaign_match: null, direct: false, paid: false },
      { channel: "organic", source: "www.google.com", medium: "organic", utm_campaign: null, utm_id: null, platform: null, campaign_id: null, campaign_match: null, direct: false, paid: false },
      { channel: "direct", source: "(direct)", medium: "(none)", utm_campaign: null, utm_id: null, platform: null, campaign_id: null, campaign_match: null, direct: true, paid: false },
    ]);

    expect(await campaignMatchRate(ws, "2026-11-01", "2026-11-30")).toEqual({
      tagged: 3, matched: 2, rate: 0.6667, unmatched: [{ name: "Winter Newsletter", touchpoints: 1 }],
    });
  });

  it("matches sessions to campaigns synced after them when a recent span is refreshed, and drops sessions recomputed away", async () => {
    const { workspace, connection } = await attributionStore();
    const ws = workspace.id;
    const v = unique("cid");
    const recent = new Date(Date.now() - 3 * 86_400_000);
    const gone = await session(ws, v, new Date(recent.getTime() - 3_600_000), { channel: "direct" });
    await session(ws, v, recent, { channel: "tiktok", utmSource: "tiktok", utmCampaign: "Launch_Q4" });
    await refreshTouchpoints(ws, [v]);
    expect((await touchpoints(ws)).map((t) => t.campaign_id)).toEqual([null, null]);

    await adCampaign(ws, connection.id, "tiktok_ads", "t-77", "launch q4");
    await getPool().query("DELETE FROM tracked_sessions WHERE workspace_id = $1 AND id = $2", [ws, gone]);
    await refreshTouchpointsSince(ws, new Date(recent.getTime() - 86_400_000));
    expect(await touchpoints(ws)).toEqual([expect.objectContaining({ channel: "tiktok", platform: "tiktok_ads", campaign_id: "t-77", campaign_match: "name", paid: true })]);
  });

  it("queues the orders of drained visitors and attributes them, and finds new orders on its own", async () => {
    const { workspace, scope } = await attributionStore();
    const ws = workspace.id;
    const v = unique("cid");
    const now = new Date();
    const placed = new Date(now.getTime() - 60_000);
    await visitor(ws, v);
    await session(ws, v, new Date(placed.getTime() - 600_000), { channel: "google", clickIdType: "gclid" });
    await placeOrder(scope, 7001, placed, "25.00");
    // An order older than a week is never swept up on its own; its checkout being drained queues it.
    await placeOrder(scope, 7002, before(10, now), "5.00");
    await session(ws, v, before(10.01, now), { channel: "email" });
    expect((await ordersToAttribute(ws, now)).map((o) => o.orderId)).toEqual([7001n]);

    await attributeWaitingOrders(ws, now);
    expect(await orderRow(ws, 7001)).toMatchObject({ method: "none" });
    expect(await ordersToAttribute(ws, now)).toEqual([]);

    await link(ws, v, "order", "7001");
    await link(ws, v, "order", "7002");
    await attributeDrained([{ workspaceId: ws, anonymousIds: [v] }]);
    await localJobsSettled();
    expect(await orderRow(ws, 7001)).toMatchObject({ method: "order_id", touches: 2 });
    expect(await orderRow(ws, 7002)).toMatchObject({ method: "order_id", touches: 1 });
    expect(await db.attributionPending.count({ where: { workspaceId: ws } })).toBe(0);
  });
});
