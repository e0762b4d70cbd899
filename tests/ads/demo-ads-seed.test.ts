import { describe, expect, it } from "vitest";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { runReport } from "@/lib/metrics/report/run";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { dueSyncs } from "@/lib/sync/scheduler";
import { addDays } from "@/lib/time/zone";
import { expectAppError } from "../helpers";
import { PROVIDER_KEYS, type ProviderKey } from "@/lib/connectors/registry";

describe("seeding the demo ad accounts", () => {
  it("creates the four demo connections and their facts once, through ingestion, with rollups refreshed", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connectDemoStore(workspace.id, { orders: 800, seed: 11 });
    const where = { workspaceId: workspace.id };

    const first = await seedDemoAds(workspace.id);
    const connections = (await db.connection.findMany({ where: { ...where, provider: { not: "shopify" } } })).sort(
      (a, b) => PROVIDER_KEYS.indexOf(a.provider as ProviderKey) - PROVIDER_KEYS.indexOf(b.provider as ProviderKey),
    );
    // Ordered as the provider registry lists them.
    expect(connections.map((c) => [c.provider, c.timeZone, c.currency, c.status, c.settings])).toEqual([
      ["google_ads", "America/New_York", "USD", "active", { demo: true }],
      ["meta_ads", "America/Los_Angeles", "USD", "active", { demo: true }],
      ["tiktok_ads", "Europe/Berlin", "EUR", "active", { demo: true }],
      ["google_analytics", "America/New_York", "USD", "active", { demo: true }],
    ]);
    expect(connections.every((c) => c.lastSuccessAt !== null && c.displayName.endsWith("(demo)"))).toBe(true);

    const counts = async () => ({
      insights: await db.adInsightDaily.count({ where }),
      campaigns: await db.adCampaign.count({ where }),
      traffic: await db.trafficDaily.count({ where }),
      adDaily: await db.adDaily.count({ where }),
      sessionsDaily: await db.sessionsDaily.count({ where }),
    });
    const before = await counts();
    expect(before.insights).toBe(first.adRows);
    expect(before.traffic).toBe(first.trafficRows);
    expect(before.campaigns).toBe(10);
    // Two ad groups per campaign, one for the four sale campaigns; three ads each.
    expect(await db.adGroup.count({ where })).toBe(16);
    expect(await db.ad.count({ where })).toBe(48);
    expect(before.adDaily).toBeGreaterThan(0);
    expect(before.sessionsDaily).toBeGreaterThan(0);
    const dirty = await getPool().query("SELECT 1 FROM rollup_dirty_days WHERE workspace_id = $1", [workspace.id]);
    expect(dirty.rowCount).toBe(0);

    await seedDemoAds(workspace.id);
    expect(await counts()).toEqual(before);
    expect(await db.connection.count({ where })).toBe(5);

    // History is seeded at once; afterwards the demo accounts sync like real ones (through the
    // demo provider): nothing is due right away, today's refresh after 10 minutes, and the daily
    // restatement once the first look has planned it.
    const adConnections = (await db.connection.findMany({ where: { ...where, provider: { not: "shopify" } }, select: { id: true } })).map((c) => c.id);
    expect(adConnections).toHaveLength(4);
    const now = await dueSyncs(new Date(), where);
    expect(now.some((d) => adConnections.includes(d.connectionId))).toBe(false);
    const later = await dueSyncs(new Date(Date.now() + 3 * 86_400_000), where);
    for (const id of adConnections) {
      expect(later.filter((d) => d.connectionId === id).map((d) => d.kind).sort()).toEqual(["incremental", "restatement"]);
    }
  }, 120_000);

  it("reads back through the report engine: the TikTok account's EUR converted with dated rates, sessions whole", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connectDemoStore(workspace.id, { orders: 800, seed: 12 });
    await seedDemoAds(workspace.id);
    const sums = await getPool().query<{ eur_spend: string; sessions: number; from_day: string; to_day: string }>(
      `SELECT (SELECT sum(spend) FROM ad_insights_daily WHERE workspace_id = $1 AND platform = 'tiktok_ads' AND currency = 'EUR' AND ad_group_id = '')::text AS eur_spend,
              (SELECT sum(sessions)::int FROM traffic_daily WHERE workspace_id = $1) AS sessions,
              (SELECT to_char(min(day), 'YYYY-MM-DD') FROM traffic_daily WHERE workspace_id = $1) AS from_day,
              (SELECT to_char(max(day), 'YYYY-MM-DD') FROM traffic_daily WHERE workspace_id = $1) AS to_day`,
      [workspace.id],
    );
    const { eur_spend, sessions, from_day, to_day } = sums.rows[0]!;
    const report = await runReport(workspace.id, { date_from: from_day, date_to: to_day, metrics: ["ad_spend", "sessions"], group_by: "platform" });
    expect(report.currency).toBe("USD");
    expect(report.totals.sessions).toBe(sessions);
    const tiktok = report.rows.find((r) => r.key === "tiktok_ads")!;
    // The sample rates keep 1 USD between 0.88 and 0.99 EUR, so 1 EUR is 1.01 to 1.14 USD.
    const ratio = Number(tiktok.values.ad_spend) / Number(eur_spend);
    expect(ratio).toBeGreaterThan(1.01);
    expect(ratio).toBeLessThan(1.14);
    expect(report.rows.map((r) => r.key).sort()).toEqual(["google_ads", "meta_ads", "tiktok_ads"]);

    // Recent days are reported per ad too, adding up exactly to their campaigns, so the ad
    // breakdown accounts for every cent; older days only per campaign, under the empty key.
    const recent = { date_from: addDays(to_day, -29), date_to: to_day, metrics: ["ad_spend", "clicks"] };
    const byAd = await runReport(workspace.id, { ...recent, group_by: "ad" });
    const byCampaign = await runReport(workspace.id, recent);
    expect(byAd.totals).toEqual(byCampaign.totals);
    expect(byAd.rows.some((r) => r.key === "")).toBe(false);
    expect(byAd.rows.find((r) => r.label === "Video - Unboxing")).toBeDefined();
    const whole = await runReport(workspace.id, { date_from: from_day, date_to: to_day, metrics: ["ad_spend"], group_by: "ad" });
    expect(whole.totals.ad_spend).toBe(report.totals.ad_spend);
    expect(whole.rows.some((r) => r.key === "")).toBe(true);
  }, 120_000);

  it("needs the demo store in the workspace", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await expectAppError(seedDemoAds(workspace.id), "not_found");
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
