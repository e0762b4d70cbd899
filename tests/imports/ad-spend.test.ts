import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { runReport } from "@/lib/metrics/report/run";
import { AD_HEADER, csv, factCounts, importConnection, upload, where, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const FILE = csv(
  AD_HEADER,
  "2026-03-01,Google Ads,Spring Sale,120.50,USD,10000,250,12.5,980.00",
  "2026-03-01,Facebook Ads,Spring Sale,80,usd,8000,160,4,300",
  "2026-03-02,Pinterest,Boards,10.00,USD,,,,",
);

describe("ad spend imports", () => {
  it("stores one campaign-level row per day, platform and campaign, with platforms normalised", async () => {
    const { workspace, key } = await workspaceWithKey();
    const { status, json } = await upload("ad-spend", key, { csv: FILE });

    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: "ad_spend", rows_total: 3, rows_applied: 3, errors: [] });
    const connection = await importConnection(workspace.id, "ad-spend");
    expect(connection).toMatchObject({ provider: "import", displayName: "Imported ad spend" });
    const rows = await db.adInsightDaily.findMany({ where: { workspaceId: workspace.id }, orderBy: [{ day: "asc" }, { platform: "asc" }] });
    expect(
      rows.map((r) => ({
        day: r.day.toISOString().slice(0, 10), platform: r.platform, account: r.accountId, campaign: r.campaignId, currency: r.currency,
        spend: r.spend.toFixed(2), impressions: Number(r.impressions), clicks: Number(r.clicks), conversions: r.conversions.toString(), value: r.conversionValue.toFixed(2),
      })),
    ).toEqual([
      { day: "2026-03-01", platform: "google_ads", account: "import", campaign: "google_ads:spring sale", currency: "USD", spend: "120.50", impressions: 10000, clicks: 250, conversions: "12.5", value: "980.00" },
      { day: "2026-03-01", platform: "meta_ads", account: "import", campaign: "meta_ads:spring sale", currency: "USD", spend: "80.00", impressions: 8000, clicks: 160, conversions: "4", value: "300.00" },
      { day: "2026-03-02", platform: "pinterest", account: "import", campaign: "pinterest:boards", currency: "USD", spend: "10.00", impressions: 0, clicks: 0, conversions: "0", value: "0.00" },
    ]);
    expect(rows.every((r) => r.connectionId === connection!.id)).toBe(true);
    const campaigns = await db.adCampaign.findMany({ where: { workspaceId: workspace.id }, orderBy: { campaignId: "asc" }, select: { campaignId: true, name: true, platform: true } });
    expect(campaigns).toEqual([
      { campaignId: "google_ads:spring sale", name: "Spring Sale", platform: "google_ads" },
      { campaignId: "meta_ads:spring sale", name: "Spring Sale", platform: "meta_ads" },
      { campaignId: "pinterest:boards", name: "Boards", platform: "pinterest" },
    ]);

    const report = await runReport(workspace.id, { date_from: "2026-03-01", date_to: "2026-03-02", metrics: ["ad_spend", "ad_revenue"] });
    expect(report.totals).toMatchObject({ ad_spend: "210.50", ad_revenue: "1280.00" });
  });

  it("overwrites on re-import instead of adding, matching campaigns by name ignoring case", async () => {
    const { workspace, key } = await workspaceWithKey();
    await upload("ad-spend", key, { csv: FILE });
    const before = await factCounts(workspace.id);
    await upload("ad-spend", key, { csv: FILE });
    expect(await factCounts(workspace.id)).toEqual(before);

    const corrected = csv(AD_HEADER, "2026-03-01,google,  spring SALE ,130.00,USD,10000,250,13,1000");
    expect((await upload("ad-spend", key, { csv: corrected })).status).toBe(200);
    expect(await factCounts(workspace.id)).toEqual(before);
    const row = await db.adInsightDaily.findFirstOrThrow({ where: { workspaceId: workspace.id, platform: "google_ads" } });
    expect([row.spend.toFixed(2), row.conversions.toString()]).toEqual(["130.00", "13"]);
    const report = await runReport(workspace.id, { date_from: "2026-03-01", date_to: "2026-03-01", metrics: ["ad_spend"] });
    expect(report.totals.ad_spend).toBe("210.00");
  });

  it("names the row and column of each bad value, both rows of a duplicate, and applies nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const file = csv(
      AD_HEADER,
      "2026-03-01,Google Ads,A,10,USD,1,1,1,1",
      "2026-13-01,Google Ads,B,10,USD,1,1,1,1",
      "2026-03-01,Google Ads,C,-5,USD,1,1,1,1",
      "2026-03-01,Google Ads,D,10,ABC,1,1,1,1",
      "2026-03-01,Google Ads,E,10,USD,1.5,1,1,1",
      "2026-03-01,google,a,12,USD,1,1,1,1",
      "2026-03-01,!!!,F,10,USD,1,1,1,1",
      "2026-03-01,Meta,,10,USD,1,1,1,1",
    );
    const { status, json } = await upload("ad-spend", key, { csv: file });
    expect(status).toBe(422);
    expect(where(json)).toEqual(["2 campaign", "3 date", "4 spend", "5 currency", "6 impressions", "7 campaign", "8 platform", "9 campaign"]);
    expect(json.errors[0]!.message).toContain("Row 7");
    expect(json.errors[5]!.message).toContain("Row 2");
    expect(await factCounts(workspace.id)).toMatchObject({ insights: 0, campaigns: 0 });

    // A duplicate is neither copy: with every row bad, even a partial upload applies nothing.
    const partial = await upload("ad-spend", key, { csv: file }, { partial: true });
    expect(partial.status).toBe(422);
    expect(partial.json).toMatchObject({ rows_total: 8, rows_valid: 0, rows_applied: 0 });
    const withGood = await upload("ad-spend", key, { csv: file + "2026-03-03,TikTok,G,1.25,EUR,,,0.5,\n" }, { partial: true });
    expect(withGood.status).toBe(200);
    expect(withGood.json).toMatchObject({ rows_total: 9, rows_valid: 1, rows_applied: 1, errors_total: 8 });
    expect(await db.adInsightDaily.findMany({ where: { workspaceId: workspace.id }, select: { campaignId: true, currency: true } })).toEqual([
      { campaignId: "tiktok_ads:g", currency: "EUR" },
    ]);
  });

  it("reports a missing header column with the expected ones", async () => {
    const { key } = await workspaceWithKey();
    const { status, json } = await upload("ad-spend", key, { csv: csv("date,platform,campaign,currency", "2026-03-01,Meta,A,USD") });
    expect(status).toBe(422);
    expect(where(json)).toEqual(["1 spend"]);
    expect(json.errors[0]!.message).toContain("Expected columns: date, platform, campaign, spend, currency");
  });
});
