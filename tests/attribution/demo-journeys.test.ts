import { describe, expect, it } from "vitest";
import { campaignMatchRate, orderMatchRate } from "@/lib/attribution/match-rate";
import { requestAttributionRecompute } from "@/lib/attribution/request";
import { upsertAdCampaigns } from "@/lib/ads/ingest";
import { DEMO_AD_ACCOUNTS } from "@/lib/connectors/demo-ads/accounts";
import { createDemoAds } from "@/lib/connectors/demo-ads/generator";
import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { sourceForConnection } from "@/lib/stores/sources";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { seedDemoTraffic } from "@/lib/tracking/demo/seed";
import { addDays, localDate } from "@/lib/time/zone";

// The demo workspace's journeys, seeded and attributed as the demo's own are, must make the
// models disagree the way a store's do: paid social opens journeys, search and email close them.

const DAY_MS = 86_400_000;
const TRAFFIC_DAYS = 14;
const SOCIAL = ["facebook", "tiktok"];
const CLOSERS = ["google", "organic", "email"];

/** The demo store's orders updated in the last `days` days, loaded as a sync would. */
async function loadRecentOrders(scope: { workspaceId: string; connectionId: string }, now: Date, days: number) {
  const source = await sourceForConnection(scope);
  let after: string | null = null;
  do {
    const page = await source.ordersPage({ updatedFrom: new Date(now.getTime() - days * DAY_MS), updatedTo: now, after });
    await upsertOrderBundles(scope, page.items);
    after = page.nextCursor;
  } while (after);
}

/** The demo ad accounts' campaigns (their daily history is not needed to match visits). */
async function loadDemoCampaigns(workspaceId: string) {
  const ads = createDemoAds(await demoStoreOptions(workspaceId));
  for (const account of DEMO_AD_ACCOUNTS) {
    const connection = await db.connection.create({
      data: { workspaceId, provider: account.provider, externalAccountId: account.accountId, displayName: account.displayName, credentials: "-" },
    });
    await upsertAdCampaigns({ workspaceId, connectionId: connection.id }, ads.campaigns(account));
  }
}

/** Each channel's share of the revenue one model credits over the days (cash basis, all touches). */
async function revenueShares(workspaceId: string, model: string, windowDays: number, fromDay: string, toDay: string) {
  const { rows } = await getPool().query<{ channel: string; revenue: string }>(
    `SELECT channel, sum(revenue_minor)::text AS revenue FROM attribution_daily
     WHERE workspace_id = $1 AND basis = 'cash' AND model = $2 AND window_days = $3 AND NOT paid_only AND day BETWEEN $4::date AND $5::date
     GROUP BY channel`,
    [workspaceId, model, windowDays, fromDay, toDay],
  );
  const total = rows.reduce((sum, r) => sum + Number(r.revenue), 0);
  expect(total, `${model} credits revenue`).toBeGreaterThan(0);
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.revenue) / total])) as Record<string, number>;
}

const shareOf = (shares: Record<string, number>, channels: string[]) => channels.reduce((sum, c) => sum + (shares[c] ?? 0), 0);
const distance = (a: Record<string, number>, b: Record<string, number>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].reduce((sum, c) => sum + Math.abs((a[c] ?? 0) - (b[c] ?? 0)), 0);

describe("the demo's journeys", () => {
  it("make first touch credit paid social and last touch credit search and email, with Markov apart from both", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
    const ws = workspace.id;
    const { id: connectionId } = await connectDemoStore(ws, { orders: 6_000 });
    const now = new Date();
    await loadRecentOrders({ workspaceId: ws, connectionId }, now, TRAFFIC_DAYS + 1);
    await loadDemoCampaigns(ws);
    await seedDemoTraffic(ws, { days: TRAFFIC_DAYS, now });
    // The recompute the nightly schedule asks for: fit the data-driven models, then attribute.
    await localJobsSettled();
    await requestAttributionRecompute(ws, "fit", now);
    await localJobsSettled();

    // Whole local days whose orders all had their traffic sent.
    const today = localDate(now, "America/New_York");
    const fromDay = addDays(localDate(new Date(now.getTime() - TRAFFIC_DAYS * DAY_MS), "America/New_York"), 1);

    const first = await revenueShares(ws, "first_touch", 28, fromDay, today);
    const last = await revenueShares(ws, "last_touch", 28, fromDay, today);
    const markov = await revenueShares(ws, "markov", 28, fromDay, today);
    expect(shareOf(first, SOCIAL)).toBeGreaterThan(shareOf(last, SOCIAL) + 0.15);
    expect(shareOf(last, CLOSERS)).toBeGreaterThan(shareOf(first, CLOSERS) + 0.05);
    expect(distance(markov, first)).toBeGreaterThan(0.05);
    expect(distance(markov, last)).toBeGreaterThan(0.05);
    // Openers reach weeks back: the longer the window, the more of them first touch sees.
    const firstIn7 = await revenueShares(ws, "first_touch", 7, fromDay, today);
    const firstIn14 = await revenueShares(ws, "first_touch", 14, fromDay, today);
    expect(shareOf(firstIn7, SOCIAL)).toBeLessThan(shareOf(firstIn14, SOCIAL));
    expect(shareOf(firstIn14, SOCIAL)).toBeLessThan(shareOf(first, SOCIAL));

    // Untracked buyers and draft orders leave a realistic share unmatched.
    const orders = await orderMatchRate(ws, fromDay, today);
    expect(orders.orders).toBeGreaterThan(150);
    expect(orders.orderRate).toBeGreaterThanOrEqual(0.75);
    expect(orders.orderRate).toBeLessThanOrEqual(0.9);
    expect(orders.band).toBe("fair");
    expect(orders.byMethod.none).toBeGreaterThan(0);

    // Ad links match the demo accounts' campaigns by id or by name, and a few tags match none.
    const campaigns = await campaignMatchRate(ws, fromDay, today);
    expect(campaigns.rate).toBeGreaterThan(0.6);
    expect(campaigns.rate).toBeLessThan(0.95);
    expect(campaigns.unmatched.map((u) => u.name)).toEqual(expect.arrayContaining(["spark-ads", "pmax-test", "newsletter"]));
    const { rows: methods } = await getPool().query<{ campaign_match: string }>(
      "SELECT DISTINCT campaign_match FROM attribution_touchpoints WHERE workspace_id = $1 AND campaign_match IS NOT NULL ORDER BY 1",
      [ws],
    );
    expect(methods.map((m) => m.campaign_match)).toEqual(["id", "name"]);
  }, 120_000);
});
