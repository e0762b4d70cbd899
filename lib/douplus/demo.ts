import { startAdBackfill } from "@/lib/ads/backfill";
import { createDemoDouyinClient, DEMO_DOUYIN_ACCOUNT, demoRevisedOrder, demoSecUid } from "@/lib/connectors/douyin/demo";
import type { DemoDouyinSettings } from "@/lib/connectors/douyin/demo-connection";
import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { aggregateDouplus } from "./aggregate";
import { FULL_SYNC_DAYS, syncOrders, syncStats } from "./sync";

// The demo workspace's Douyin account: a few hundred DOU+ orders on a few dozen videos, from the
// demo store's seed. Its first sync (90 days of orders, and their delivery) runs here through the
// regular DOU+ sync with the generator as the platform; from then on the scheduled jobs sync it
// every 5 minutes like any account, and the ad engine loads its daily spend as ad facts.

export async function seedDemoDouplus(workspaceId: string, now = new Date()): Promise<{ connectionId: string; orders: number; buckets: number }> {
  const { seed } = await demoStoreOptions(workspaceId);
  const secUid = demoSecUid(seed);
  // The order delivering now that ends last is restated an hour after it ends, while the app runs.
  const settings: DemoDouyinSettings = { demo: true, seed, revisedOrderId: demoRevisedOrder(seed, now) };
  const data = {
    displayName: DEMO_DOUYIN_ACCOUNT.name, status: "active" as const, credentials: sealJson({}), scopes: [],
    timeZone: DEMO_DOUYIN_ACCOUNT.timeZone, currency: DEMO_DOUYIN_ACCOUNT.currency, settings,
    lastError: null, disconnectedAt: null,
  };
  const connection = await db.connection.upsert({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "douyin", externalAccountId: secUid } },
    create: { workspaceId, provider: "douyin", externalAccountId: secUid, ...data },
    update: data,
    select: { id: true },
  });
  const scope = { workspaceId, connectionId: connection.id };
  const client = createDemoDouyinClient({ seed, revisedOrderId: settings.revisedOrderId, now: () => now });
  const orders = await syncOrders(scope, { now, client });
  const stats = await syncStats(scope, { now, client, since: new Date(now.getTime() - FULL_SYNC_DAYS * 86_400_000) });
  await aggregateDouplus(workspaceId, now);
  await startAdBackfill(scope);
  return { connectionId: connection.id, orders: orders.orders, buckets: stats.buckets };
}
