import { upsertAdCampaigns, upsertAdGroups, upsertAdInsights, upsertAds, upsertTraffic } from "@/lib/ads/ingest";
import type { AdInsightInput, TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { STORE_TIME_ZONE } from "@/lib/connectors/shopify/demo/generator";
import { localDate } from "@/lib/time/zone";
import { DEMO_AD_ACCOUNTS, DEMO_ANALYTICS_PROPERTY } from "./accounts";
import { demoAdGroups, demoAds, rowsAboveAds } from "./creatives";
import { createDemoAds } from "./generator";
import { demoStoreOptions } from "./source";

// Writes the demo ad accounts and GA4 property into a workspace that has the demo store: their
// connections, then every whole day of the store's history up to yesterday through the regular
// ingestion path.
// Safe to run again: connections and facts are upserts.

const BATCH_ROWS = 5_000;
/**
 * History is written here at once (fast: no run per window); from then on the connections sync
 * like real ones through the demo provider (lib/connectors/demo-ads/source.ts): today every 10
 * minutes, and the daily restatement, which the scheduler plans on first sight.
 */
const FIRST_SYNC_AFTER_MS = 10 * 60 * 1000;

type DemoConnection = { provider: "google_ads" | "meta_ads" | "tiktok_ads" | "google_analytics"; displayName: string; accountId: string; timeZone: string; currency: string };

async function upsertConnection(workspaceId: string, account: DemoConnection, now: Date): Promise<string> {
  const data = {
    displayName: account.displayName,
    status: "active" as const,
    credentials: sealJson({}),
    scopes: [],
    timeZone: account.timeZone,
    currency: account.currency,
    settings: { demo: true },
    lastSyncAt: now,
    lastSuccessAt: now,
    nextSyncAt: new Date(now.getTime() + FIRST_SYNC_AFTER_MS),
    nextRestatementAt: null,
    lastError: null,
    disconnectedAt: null,
  };
  const connection = await db.connection.upsert({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: account.provider, externalAccountId: account.accountId } },
    create: { workspaceId, provider: account.provider, externalAccountId: account.accountId, ...data },
    update: data,
    select: { id: true },
  });
  return connection.id;
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) await write(rows.slice(i, i + BATCH_ROWS));
}

export async function seedDemoAds(workspaceId: string): Promise<{ connections: number; adRows: number; trafficRows: number }> {
  const ads = createDemoAds(await demoStoreOptions(workspaceId));
  const now = new Date();
  // The history runs on past its fixed end date to yesterday, as the store's orders do; today is
  // left to the first incremental sync.
  const today = localDate(now, STORE_TIME_ZONE);
  const insights = new Map<string, AdInsightInput[]>(DEMO_AD_ACCOUNTS.map((a) => [a.provider, []]));
  const traffic: TrafficInput[] = [];
  for (let day = 0; ads.dateOf(day) < today; day++) {
    // Recent days at every level, as platforms report them: ads, and the ad groups and campaigns they add up to.
    for (const { account, insight } of ads.hasAdLevel(day) ? ads.creativeRows(day) : ads.adRows(day)) insights.get(account.provider)!.push(insight);
    traffic.push(...ads.trafficRows(day));
  }

  let adRows = 0;
  for (const account of DEMO_AD_ACCOUNTS) {
    const scope = { workspaceId, connectionId: await upsertConnection(workspaceId, account, now) };
    await upsertAdCampaigns(scope, ads.campaigns(account));
    await upsertAdGroups(scope, demoAdGroups(account));
    await upsertAds(scope, demoAds(account));
    const given = insights.get(account.provider)!;
    const rows = [...given, ...rowsAboveAds(given.filter((r) => r.adId))];
    await inBatches(rows, (batch) => upsertAdInsights(scope, batch));
    adRows += rows.length;
  }
  const analytics = { workspaceId, connectionId: await upsertConnection(workspaceId, DEMO_ANALYTICS_PROPERTY, now) };
  await inBatches(traffic, (batch) => upsertTraffic(analytics, batch));

  await refreshDirtyRollups(workspaceId);
  return { connections: DEMO_AD_ACCOUNTS.length + 1, adRows, trafficRows: traffic.length };
}
