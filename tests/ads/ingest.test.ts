import { describe, expect, it } from "vitest";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { replaceDays, replaceTrafficDays, upsertAdCampaigns, upsertAdInsights, upsertTraffic } from "@/lib/ads/ingest";
import type { AdInsightInput, TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, unique } from "../helpers";

async function adConnection(provider: "google_ads" | "google_analytics" = "google_ads") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider, externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  return { workspaceId: workspace.id, connectionId: connection.id };
}

const insight = (campaignId: string, day: string, spend: string, extra: Partial<AdInsightInput> = {}): AdInsightInput => ({
  platform: "google_ads", accountId: "123-456-7890", campaignId, day, currency: "USD",
  spend, impressions: 1000, clicks: 20, conversions: "1.5", conversionValue: "300.00", ...extra,
});

const visit = (day: string, source: string, medium: string, sessions: number): TrafficInput => ({
  day, channelGroup: medium === "organic" ? "Organic Search" : "Paid Search", source, medium,
  sessions, users: sessions - 1, transactions: 2, purchaseRevenue: "250.50", currency: "USD",
});

async function insightsOf(scope: { workspaceId: string; connectionId: string }) {
  const rows = await db.adInsightDaily.findMany({ where: scope, orderBy: [{ day: "asc" }, { campaignId: "asc" }] });
  return rows.map((r) => ({ campaignId: r.campaignId, day: r.day.toISOString().slice(0, 10), spend: r.spend.toFixed(2), clicks: Number(r.clicks) }));
}

async function dirtyDays(workspaceId: string, family: string) {
  const { rows } = await getPool().query<{ day: string }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM rollup_dirty_days WHERE workspace_id = $1 AND family = $2 ORDER BY day",
    [workspaceId, family],
  );
  return rows.map((r) => r.day);
}

describe("ad insights ingestion", () => {
  it("is idempotent, and a restatement replaces numbers without adding rows", async () => {
    const scope = await adConnection();
    const batch = [insight("c1", "2026-03-01", "10.00"), insight("c2", "2026-03-01", "20.00"), insight("c1", "2026-03-02", "11.00")];
    expect(await upsertAdInsights(scope, batch)).toEqual({ rows: 3 });
    await upsertAdInsights(scope, batch);
    expect(await insightsOf(scope)).toHaveLength(3);

    await upsertAdInsights(scope, [insight("c1", "2026-03-01", "12.34", { clicks: 25 })]);
    expect(await insightsOf(scope)).toEqual([
      { campaignId: "c1", day: "2026-03-01", spend: "12.34", clicks: 25 },
      { campaignId: "c2", day: "2026-03-01", spend: "20.00", clicks: 20 },
      { campaignId: "c1", day: "2026-03-02", spend: "11.00", clicks: 20 },
    ]);
    // The account's days are the workspace's days: the same calendar dates are marked.
    expect(await dirtyDays(scope.workspaceId, "ads")).toEqual(["2026-03-01", "2026-03-02"]);
  });

  it("keeps the last of duplicate keys within one batch and stores money exactly", async () => {
    const scope = await adConnection();
    await upsertAdInsights(scope, [insight("c1", "2026-03-01", "1.00"), insight("c1", "2026-03-01", "1234567.8912")]);
    const row = await db.adInsightDaily.findFirstOrThrow({ where: scope });
    expect(row.spend.toString()).toBe("1234567.8912");
    expect(await insightsOf(scope)).toHaveLength(1);
  });

  it("writes nothing when any row is bad, naming the row and field", async () => {
    const scope = await adConnection();
    const good = insight("c1", "2026-03-01", "10.00");
    const wrongType = await expectAppError(upsertAdInsights(scope, [good, { ...good, campaignId: "c2", impressions: "many" as unknown as number }]), "bad_request");
    expect(wrongType.fields).toHaveProperty(["rows.1.impressions"]);
    const missing: Partial<AdInsightInput> = insight("c3", "2026-03-01", "1.00");
    delete missing.spend;
    const missingField = await expectAppError(upsertAdInsights(scope, [good, good, missing as AdInsightInput]), "bad_request");
    expect(missingField.fields).toHaveProperty(["rows.2.spend"]);
    expect(missingField.message).toContain("rows.2.spend");
    await expectAppError(upsertAdInsights(scope, [{ ...good, spend: "1,000.00" }]), "bad_request");
    await expectAppError(upsertAdInsights(scope, [{ ...good, day: "03/01/2026" }]), "bad_request");
    expect(await insightsOf(scope)).toEqual([]);
    expect(await dirtyDays(scope.workspaceId, "ads")).toEqual([]);
  });

  it("refuses another workspace's connection as not found and writes nothing", async () => {
    const mine = await adConnection();
    const theirs = await adConnection();
    const crossed = { workspaceId: mine.workspaceId, connectionId: theirs.connectionId };
    await expectAppError(upsertAdInsights(crossed, [insight("c1", "2026-03-01", "10.00")]), "not_found");
    await expectAppError(replaceDays(crossed, ["2026-03-01"], []), "not_found");
    await expectAppError(upsertTraffic(crossed, [visit("2026-03-01", "google", "cpc", 5)]), "not_found");
    expect(await db.adInsightDaily.count({ where: { connectionId: theirs.connectionId } })).toBe(0);
    expect(await db.trafficDaily.count({ where: { connectionId: theirs.connectionId } })).toBe(0);
  });

  it("replaceDays drops campaigns a restatement no longer reports, only on those days and that connection", async () => {
    const scope = await adConnection();
    const other = await adConnection();
    await upsertAdInsights(scope, [insight("c1", "2026-03-01", "10.00"), insight("c2", "2026-03-01", "20.00"), insight("c2", "2026-03-02", "21.00")]);
    await upsertAdInsights(other, [insight("c2", "2026-03-01", "99.00")]);

    expect(await replaceDays(scope, ["2026-03-01"], [insight("c1", "2026-03-01", "10.50")])).toEqual({ rows: 1 });
    expect(await insightsOf(scope)).toEqual([
      { campaignId: "c1", day: "2026-03-01", spend: "10.50", clicks: 20 },
      { campaignId: "c2", day: "2026-03-02", spend: "21.00", clicks: 20 },
    ]);
    expect(await insightsOf(other)).toEqual([{ campaignId: "c2", day: "2026-03-01", spend: "99.00", clicks: 20 }]);
  });

  it("replaceDays leaves the day untouched when a row is bad or falls outside the days", async () => {
    const scope = await adConnection();
    await upsertAdInsights(scope, [insight("c1", "2026-03-01", "10.00")]);
    const outside = await expectAppError(replaceDays(scope, ["2026-03-01"], [insight("c1", "2026-03-01", "1.00"), insight("c1", "2026-03-05", "1.00")]), "bad_request");
    expect(outside.fields).toHaveProperty(["rows.1.day"]);
    await expectAppError(replaceDays(scope, ["2026-03-01"], [insight("c1", "2026-03-01", "-1.00")]), "bad_request");
    expect((await expectAppError(replaceDays(scope, [], []), "bad_request")).fields).toHaveProperty("days");
    expect(await insightsOf(scope)).toEqual([{ campaignId: "c1", day: "2026-03-01", spend: "10.00", clicks: 20 }]);
  });
});

describe("campaigns and traffic ingestion", () => {
  it("upserts campaigns by id, updating name and status", async () => {
    const scope = await adConnection();
    const campaign = { platform: "google_ads", accountId: "123-456-7890", campaignId: "c1", name: "Brand", status: "ENABLED" };
    await upsertAdCampaigns(scope, [campaign, { ...campaign, campaignId: "c2", name: "Shopping" }]);
    await upsertAdCampaigns(scope, [{ ...campaign, name: "Brand (exact)", status: "PAUSED" }]);
    const rows = await db.adCampaign.findMany({ where: scope, orderBy: { campaignId: "asc" } });
    expect(rows.map((r) => [r.campaignId, r.name, r.status])).toEqual([
      ["c1", "Brand (exact)", "paused"],
      ["c2", "Shopping", "enabled"],
    ]);
    const bad = await expectAppError(upsertAdCampaigns(scope, [{ ...campaign, campaignId: "" }]), "bad_request");
    expect(bad.fields).toHaveProperty(["rows.0.campaignId"]);
  });

  it("upserts traffic idempotently, restates numbers, and replaces whole days", async () => {
    const scope = await adConnection("google_analytics");
    const day = "2026-03-01";
    await upsertTraffic(scope, [visit(day, "google", "cpc", 100), visit(day, "google", "organic", 80), visit("2026-03-02", "(direct)", "(none)", 50)]);
    await upsertTraffic(scope, [visit(day, "google", "cpc", 120)]);
    const sessions = async () =>
      (await db.trafficDaily.findMany({ where: scope, orderBy: [{ day: "asc" }, { medium: "asc" }] })).map((r) => [r.day.toISOString().slice(0, 10), r.medium, r.sessions]);
    expect(await sessions()).toEqual([
      [day, "cpc", 120],
      [day, "organic", 80],
      ["2026-03-02", "(none)", 50],
    ]);
    expect(await dirtyDays(scope.workspaceId, "traffic")).toEqual([day, "2026-03-02"]);

    await replaceTrafficDays(scope, [day], [visit(day, "google", "organic", 81)]);
    expect(await sessions()).toEqual([
      [day, "organic", 81],
      ["2026-03-02", "(none)", 50],
    ]);
    const bad = await expectAppError(upsertTraffic(scope, [{ ...visit(day, "bing", "organic", 1), sessions: 1.5 }]), "bad_request");
    expect(bad.fields).toHaveProperty(["rows.0.sessions"]);
    expect(await db.trafficDaily.count({ where: { ...scope, source: "bing" } })).toBe(0);
  });
});
