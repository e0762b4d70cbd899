import { describe, expect, it } from "vitest";
import { startAdBackfill } from "@/lib/ads/backfill";
import type { AdStats, TrafficStats } from "@/lib/connectors/contracts/ad-source";
import { createDemoAdSource, demoSourceForWorkspace } from "@/lib/connectors/demo-ads/source";
import { createDemoAds } from "@/lib/connectors/demo-ads/generator";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { localJobsSettled as localSyncsSettled } from "@/lib/jobs/local";
import { requestSync } from "@/lib/sync/dispatch";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";

const OPTIONS = { seed: 9, orders: 2000, endDate: new Date("2026-03-01T17:00:00Z") };
const ads = createDemoAds(OPTIONS);
const tokens = { accessToken: "demo", refreshToken: null, expiresAt: null, scopes: [] };

async function pull(provider: "meta_ads" | "google_analytics", at: string, fromDay: string, toDay: string) {
  const source = createDemoAdSource(provider, ads, { now: () => new Date(at) });
  const account = (await source.listAccounts(tokens))[0]!;
  return source.fetchDaily({ tokens, account, window: { fromDay, toDay }, settings: {} });
}

const spendOf = (stats: AdStats | TrafficStats, day: string) =>
  stats.kind === "ads" ? stats.insights.filter((r) => r.day === day).map((r) => `${r.campaignId}:${r.spend}:${r.conversions}`) : [];

describe("the demo ad provider", () => {
  it("serves the same numbers for the same pull time, today up to the hour, and late conversions as days age", async () => {
    const a = await pull("meta_ads", "2026-03-10T20:00:00Z", "2026-03-01", "2026-03-10");
    const b = await pull("meta_ads", "2026-03-10T20:00:00Z", "2026-03-01", "2026-03-10");
    expect(a).toEqual(b);
    expect(a.kind).toBe("ads");
    const insights = (a as AdStats).insights;
    expect(new Set(insights.map((r) => r.day)).size).toBe(10);
    expect(insights.every((r) => r.platform === "meta_ads" && r.currency === "USD")).toBe(true);

    // Three days later the platform has restated 03-09 (late conversions) but not 03-01.
    const later = await pull("meta_ads", "2026-03-13T20:00:00Z", "2026-03-01", "2026-03-10");
    expect(spendOf(later, "2026-03-01")).toEqual(spendOf(a, "2026-03-01"));
    const conversions = (s: AdStats | TrafficStats, day: string) =>
      (s as AdStats).insights.filter((r) => r.day === day).reduce((sum, r) => sum + Number(r.conversions), 0);
    expect(conversions(later, "2026-03-09")).toBeGreaterThan(conversions(a, "2026-03-09"));
    // Today (Los Angeles) grows through the day.
    const spend = (s: AdStats | TrafficStats) => (s as AdStats).insights.reduce((sum, r) => sum + Number(r.spend), 0);
    const morning = await pull("meta_ads", "2026-03-10T16:00:00Z", "2026-03-10", "2026-03-10");
    const evening = await pull("meta_ads", "2026-03-11T04:00:00Z", "2026-03-10", "2026-03-10");
    expect(spend(morning)).toBeGreaterThan(0);
    expect(spend(morning)).toBeLessThan(spend(evening));
    // Nothing for days before the store existed, nor after the pull.
    expect((await pull("meta_ads", "2026-03-10T20:00:00Z", "2020-01-01", "2020-01-05")).kind).toBe("ads");
    expect(((await pull("meta_ads", "2026-03-10T20:00:00Z", "2020-01-01", "2020-01-05")) as AdStats).insights).toEqual([]);
    expect(((await pull("meta_ads", "2026-03-10T20:00:00Z", "2026-03-11", "2026-03-12")) as AdStats).insights).toEqual([]);
  });

  it("serves GA4 traffic for the analytics property", async () => {
    const stats = await pull("google_analytics", "2026-03-10T20:00:00Z", "2026-03-01", "2026-03-02");
    expect(stats.kind).toBe("traffic");
    const traffic = (stats as TrafficStats).traffic;
    expect(traffic.length).toBeGreaterThan(4);
    expect(traffic.every((r) => r.transactions <= r.sessions)).toBe(true);
  });

  it("syncs a demo connection through the engine: backfill on connect, then a manual re-sync of a range", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connectDemoStore(workspace.id, { orders: 300, seed: 4 });
    const connection = await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_1029384756", displayName: "Acme Meta Ads (demo)",
        credentials: sealJson({}), scopes: [], timeZone: "America/Los_Angeles", currency: "USD", settings: { demo: true },
      },
      select: { id: true },
    });
    const scope = { workspaceId: workspace.id, connectionId: connection.id };
    const started = Date.now();
    await startAdBackfill(scope);
    await localSyncsSettled();
    const backfill = await db.syncRun.findFirstOrThrow({ where: { ...scope, kind: "backfill" } });
    expect(backfill).toMatchObject({ status: "succeeded", rowsExpected: 730, rowsWritten: 730 });
    expect(Date.now() - started).toBeLessThan(15_000);
    const rows = await db.adInsightDaily.count({ where: scope });
    expect(rows).toBeGreaterThan(700);
    const synced = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, id: connection.id } });
    expect(synced.status).toBe("active");
    expect(synced.nextSyncAt).not.toBeNull();

    const today = localDate(new Date(), workspace.timeZone);
    const from = addDays(today, -12);
    const to = addDays(today, -10);
    await requestSync(scope, "manual", { from: startOfLocalDay(from, workspace.timeZone), to: startOfLocalDay(addDays(to, 1), workspace.timeZone) });
    await localSyncsSettled();
    const manual = await db.syncRun.findFirstOrThrow({ where: { ...scope, kind: "manual" } });
    expect(manual).toMatchObject({ status: "succeeded", rowsExpected: 3, checkpoint: { fromDay: from, toDay: to } });
    expect(await db.adInsightDaily.count({ where: scope })).toBe(rows);
    // The demo provider is the one the registry picks for it.
    expect((await demoSourceForWorkspace(workspace.id, "meta_ads")).label).toBe("Meta Ads (demo)");
  });
});
