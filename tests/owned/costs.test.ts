import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as getFees, PUT as putFees } from "@/app/api/v1/workspaces/[slug]/messages/fees/route";
import { GET as getCosts } from "@/app/api/v1/workspaces/[slug]/reports/owned/costs/route";
import { GET as getKpi } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { runReport } from "@/lib/metrics/report/run";
import { seedOwnedCampaign, seedOwnedSends } from "@/lib/owned/demo/factories";
import type { TOwnedCostOverview } from "@/lib/owned/costs/overview";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey, call } from "../dashboards/support";
import { populated } from "./support";

// Fees, the cost overview and the owned-channel registry metrics, over the report's fixture
// (support.ts) plus an SMS campaign billed per segment. Every expected figure is worked out by
// hand in the comments.

const RANGE = "?date_from=2026-11-01&date_to=2026-11-30";
const at = new Date("2026-11-10T15:00:00Z");

async function get(handler: typeof getCosts, path: string, slug: string, key: string, query = RANGE) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}${path}${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await handler(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The report's fixture, an SMS campaign (2 real sends of 3 and 1 segments, a test send of 2) and an admin's key. */
async function withSms() {
  const fixture = await populated();
  const ws = fixture.workspace.id;
  const sms = await seedOwnedCampaign(ws, { name: "Flash sale", channel: "sms", templates: ["Text"] });
  const t = sms.templates[0]!.id;
  await seedOwnedSends(ws, "America/New_York", [
    { campaignId: sms.campaign.id, templateId: t, channel: "sms", sentAt: at, segments: 3 },
    { campaignId: sms.campaign.id, templateId: t, channel: "sms", sentAt: at },
    { campaignId: sms.campaign.id, templateId: t, channel: "sms", sentAt: at, segments: 2, isTest: true },
  ]);
  const admin = await apiKey(ws, fixture.owner.id, "admin");
  return { ...fixture, sms, admin };
}

const FEES = { fees: [{ channel: "email", fee: "0.0075" }, { channel: "sms", unit: "segment", fee: 0.0079 }] };

describe("owned-channel fees", () => {
  it("keeps fractions of a cent exactly and refuses a negative fee naming the field", async () => {
    const { workspace, admin, key } = await withSms();
    const params = { slug: workspace.slug };
    const saved = await call(putFees, { method: "PUT", key: admin, params, body: FEES });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      currency: "USD", include_in_blended: false,
      fees: [{ channel: "email", unit: "send", fee: "0.0075" }, { channel: "sms", unit: "segment", fee: "0.0079" }],
    });
    const stored = await getPool().query<{ fee: string }>("SELECT fee::text FROM owned_channel_fees WHERE workspace_id = $1 ORDER BY channel", [workspace.id]);
    expect(stored.rows.map((r) => r.fee)).toEqual(["0.0075", "0.0079"]);

    const negative = await call(putFees, { method: "PUT", key: admin, params, body: { fees: [{ channel: "sms", unit: "segment", fee: -1 }] } });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain("fees.0.fee");
    for (const body of [{ fees: [{ channel: "fax", fee: "1" }] }, { fees: [{ channel: "sms", unit: "word", fee: "1" }] }, { fees: [{ channel: "sms", fee: "0.00001" }] }]) {
      expect((await call(putFees, { method: "PUT", key: admin, params, body })).status).toBe(400);
    }
    // Nothing refused was saved; a viewer reads the fees but may not change them.
    expect((await call(getFees, { method: "GET", key, params })).body).toMatchObject({ fees: [{ fee: "0.0075" }, { fee: "0.0079" }] });
    expect((await call(putFees, { method: "PUT", key, params, body: FEES })).status).toBe(403);
  });

  it("leaves the tracked links' fallback URL alone when the switch is saved", async () => {
    const { workspace, admin } = await withSms();
    await db.ownedSettings.create({ data: { workspaceId: workspace.id, fallbackUrl: "https://shop.example/" } });
    await call(putFees, { method: "PUT", key: admin, params: { slug: workspace.slug }, body: { ...FEES, include_in_blended: true } });
    expect(await db.ownedSettings.findUnique({ where: { workspaceId: workspace.id } })).toMatchObject({ fallbackUrl: "https://shop.example/", costInBlended: true });
  });
});

describe("the cost overview", () => {
  it("costs real sends per channel and campaign, test sends apart, and ROAS on each order once", async () => {
    const { workspace, admin, key, weekly, welcome, sms } = await withSms();
    await call(putFees, { method: "PUT", key: admin, params: { slug: workspace.slug }, body: FEES });
    const { status, body } = await get(getCosts, "/reports/owned/costs", workspace.slug, key);
    expect(status).toBe(200);
    const overview = body as unknown as TOwnedCostOverview;
    // Email: 4 real sends in November (s1, s2, s3 failed, s5) x 0.0075 = 0.03; the test send s4
    // 0.0075 apart. Orders: 1001 (a click and an open conversion of s1: once, 50.00) and 1002
    // (a session of s5, 25.50) = 75.50; ROAS 75.50 / 0.03 = 2516.6667.
    // SMS: 3 + 1 (no segments reported: one) = 4 segments x 0.0079 = 0.0316; the test's 2 = 0.0158.
    expect(overview.channels).toEqual([
      { channel: "email", unit: "send", fee: "0.0075", sends: 4, test_sends: 1, cost: "0.03", test_cost: "0.0075", orders: 2, revenue: "75.50", roas: "2516.6667" },
      { channel: "sms", unit: "segment", fee: "0.0079", sends: 2, test_sends: 1, cost: "0.0316", test_cost: "0.0158", orders: 0, revenue: "0.00", roas: "0.00" },
    ]);
    expect(overview.campaigns.map((c) => [c.campaign_id, c.sends, c.cost, c.test_cost, c.revenue, c.roas])).toEqual([
      // 3 x 0.0075 = 0.0225, 50 / 0.0225 = 2222.2222; 1 x 0.0075, 25.50 / 0.0075 = 3400.
      [weekly.campaign.id, 3, "0.0225", "0.0075", "50.00", "2222.2222"],
      [sms.campaign.id, 2, "0.0316", "0.0158", "0.00", "0.00"],
      [welcome.campaign.id, 1, "0.0075", "0.00", "25.50", "3400.00"],
    ]);
    // 0.03 + 0.0316 = 0.0616; 75.50 / 0.0616 = 1225.6494.
    expect(overview.totals).toEqual({ sends: 6, test_sends: 2, cost: "0.0616", test_cost: "0.0233", orders: 2, revenue: "75.50", roas: "1225.6494" });
    // Filtered to one channel.
    const smsOnly = (await get(getCosts, "/reports/owned/costs", workspace.slug, key, `${RANGE}&channel=sms`)).body as unknown as TOwnedCostOverview;
    expect(smsOnly.channels.map((c) => c.channel)).toEqual(["sms"]);
  });

  it("costs nothing without fees: ROAS is n/a", async () => {
    const { workspace, key } = await withSms();
    const overview = (await get(getCosts, "/reports/owned/costs", workspace.slug, key)).body as unknown as TOwnedCostOverview;
    expect(overview.totals).toMatchObject({ cost: "0.00", test_cost: "0.00", revenue: "75.50", roas: null });
  });

  it("answers bad input with a 400 naming the parameter, and another workspace with a 404", async () => {
    const { workspace, key } = await withSms();
    for (const [query, field] of [["?date_from=2026-13-01", "date_from"], ["?channel=fax", "channel"], ["?nope=1", "nope"]] as const) {
      const { status, body } = await get(getCosts, "/reports/owned/costs", workspace.slug, key, query);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toContain(field);
    }
    const other = await seedUser();
    const otherWorkspace = await seedWorkspace(other.id);
    const otherKey = await apiKey(otherWorkspace.id, other.id, "owner");
    expect((await get(getCosts, "/reports/owned/costs", workspace.slug, otherKey)).status).toBe(404);
    expect((await call(getFees, { method: "GET", key: otherKey, params: { slug: workspace.slug } })).status).toBe(404);
    expect((await call(putFees, { method: "PUT", key: otherKey, params: { slug: workspace.slug }, body: FEES })).status).toBe(404);
    // The other workspace's own overview shows nothing of this one.
    const empty = (await get(getCosts, "/reports/owned/costs", otherWorkspace.slug, otherKey)).body as unknown as TOwnedCostOverview;
    expect(empty.channels).toEqual([]);
  });
});

const OWNED_METRICS = ["sends", "delivery_rate", "open_rate", "click_rate", "owned_conversions", "owned_revenue", "owned_cost", "owned_roas"];

describe("owned-channel registry metrics", () => {
  it("sums sends, rates, conversions, revenue, cost and ROAS by channel and campaign, test sends left out", async () => {
    const { workspace, admin, weekly, welcome, sms } = await withSms();
    await call(putFees, { method: "PUT", key: admin, params: { slug: workspace.slug }, body: FEES });
    const request = { date_from: "2026-11-01", date_to: "2026-11-30", metrics: OWNED_METRICS };
    const report = await runReport(workspace.id, request);
    // Sends 4 email + 2 SMS = 6, delivered 3 + 2 = 5 (s3 failed): 0.8333; opens (s1 pixel, s5 a
    // human click) 2 / 5 = 0.4; human clicks (s1, s5) 2 / 5 = 0.4. Cost 0.0616, shown in cents.
    expect(report.totals).toEqual({
      sends: 6, delivery_rate: "0.8333", open_rate: "0.4000", click_rate: "0.4000",
      owned_conversions: 2, owned_revenue: "75.50", owned_cost: "0.06", owned_roas: "1225.6494",
    });
    const byChannel = await runReport(workspace.id, { ...request, group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, [r.values.sends, r.values.delivery_rate, r.values.owned_cost, r.values.owned_roas]]))).toEqual({
      email: [4, "0.7500", "0.03", "2516.6667"],
      sms: [2, "1.0000", "0.03", "0.0000"],
    });
    const byCampaign = await runReport(workspace.id, { ...request, group_by: "campaign" });
    const rows = Object.fromEntries(byCampaign.rows.map((r) => [r.key, r]));
    expect(rows[weekly.campaign.id]).toMatchObject({ label: "Weekly newsletter", values: { sends: 3, open_rate: "0.5000", click_rate: "0.5000", owned_conversions: 1, owned_revenue: "50.00" } });
    expect(rows[welcome.campaign.id]?.values).toMatchObject({ sends: 1, owned_revenue: "25.50", owned_roas: "3400.0000" });
    expect(rows[sms.campaign.id]?.values).toMatchObject({ sends: 2, owned_conversions: 0 });
    // A campaign filter by name.
    const filtered = await runReport(workspace.id, { ...request, filters: { campaign: ["weekly newsletter"] } });
    expect(filtered.totals).toMatchObject({ sends: 3, owned_conversions: 1 });
  });

  it("answers through the KPI API, fresh after new sends (never a stale cached answer)", async () => {
    const { workspace, key, sms } = await withSms();
    const query = "?date_from=2026-11-01&date_to=2026-11-30&metrics=sends";
    const first = await get(getKpi, "/reports/kpi", workspace.slug, key, query);
    expect(first.status).toBe(200);
    expect((first.body.totals as Record<string, unknown>).sends).toBe(6);
    await seedOwnedSends(workspace.id, "America/New_York", [{ campaignId: sms.campaign.id, templateId: sms.templates[0]!.id, channel: "sms", sentAt: at }]);
    expect(((await get(getKpi, "/reports/kpi", workspace.slug, key, query)).body.totals as Record<string, unknown>).sends).toBe(7);
  });

  it("adds owned cost to ad spend in MER and CAC only where the workspace chooses", async () => {
    const { workspace, admin } = await withSms();
    const ws = workspace.id;
    // A day of sales (total 100.00), ad spend 9.9384 and 2 new customers: with owned cost
    // 0.0616, blended spend is exactly 10.
    await getPool().query(
      `INSERT INTO sales_daily (workspace_id, day, channel, product_group, currency, gross_sales, discounts, returns, shipping, taxes, orders, units)
       VALUES ($1, '2026-11-10', 'direct', 'all', 'USD', 90, 0, 0, 4, 6, 2, 2)`,
      [ws],
    );
    await getPool().query(
      `INSERT INTO ad_daily (workspace_id, day, platform, channel, campaign_id, currency, spend, revenue, impressions, clicks, conversions)
       VALUES ($1, '2026-11-10', 'google_ads', 'google', 'c1', 'USD', 9.9384, 0, 0, 0, 0)`,
      [ws],
    );
    await getPool().query("INSERT INTO customer_day_totals (workspace_id, day, channel, new_customers, returning_customers) VALUES ($1, '2026-11-10', 'direct', 2, 0)", [ws]);
    await call(putFees, { method: "PUT", key: admin, params: { slug: workspace.slug }, body: FEES });
    const request = { date_from: "2026-11-01", date_to: "2026-11-30", metrics: ["mer", "cac", "ad_spend"] };
    // Off (the default): 100 / 9.9384 = 10.0620; 9.9384 / 2 = 4.9692 -> 4.97.
    expect((await runReport(ws, request)).totals).toEqual({ mer: "10.0620", cac: "4.97", ad_spend: "9.94" });
    await call(putFees, { method: "PUT", key: admin, params: { slug: workspace.slug }, body: { ...FEES, include_in_blended: true } });
    // On: 100 / 10 = 10; 10 / 2 = 5; ad spend itself unchanged.
    expect((await runReport(ws, request)).totals).toEqual({ mer: "10.0000", cac: "5.00", ad_spend: "9.94" });
  });
});
