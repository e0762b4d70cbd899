import { describe, expect, it } from "vitest";
import { providerForConnection } from "@/lib/ads/providers";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { aggregateAll, liveDouyinConnections, runStep } from "@/lib/douplus/run";
import { seedDemoDouplus } from "@/lib/douplus/demo";
import { listOrders, listVideos } from "@/lib/douplus/list";
import { ZDouplusOrderQuerySchema } from "@/lib/douplus/schema";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { createDemoDouyinClient } from "@/lib/connectors/douyin/demo";
import { formatBeijingTime } from "@/lib/connectors/douyin/transform";

// The demo Douyin account: a few hundred orders on a few dozen videos from the demo seed, synced
// by the regular DOU+ sync with the generator answering for the platform.

const NOW = new Date("2026-11-18T09:32:10Z");
const minutes = (at: Date, m: number) => new Date(at.getTime() + m * 60_000);

async function demoWorkspace(seed = 42, now = NOW) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "Asia/Shanghai" });
  await connectDemoStore(workspace.id, { orders: 300, seed });
  const demo = await seedDemoDouplus(workspace.id, now);
  return { workspace, scope: { workspaceId: workspace.id, connectionId: demo.connectionId }, demo };
}

const ordersOf = (workspaceId: string) =>
  db.douplusOrder.findMany({ where: { workspaceId }, orderBy: { orderId: "asc" }, select: { orderId: true, itemId: true, status: true, costFen: true, plays: true, lastBucketAt: true } });
const bucketCount = (workspaceId: string, orderId?: string) => db.douplusBucket.count({ where: { workspaceId, ...(orderId ? { orderId } : {}) } });

describe("the demo Douyin account", { timeout: 180_000 }, () => {
  it("holds a few hundred orders on a few dozen videos with delivery, the same for the same seed", async () => {
    const { workspace, demo } = await demoWorkspace();
    const orders = await ordersOf(workspace.id);
    expect(orders.length).toBeGreaterThanOrEqual(300);
    expect(orders.length).toBeLessThanOrEqual(600);
    const perVideo = new Map<string, number>();
    for (const o of orders) perVideo.set(o.itemId, (perVideo.get(o.itemId) ?? 0) + 1);
    expect(perVideo.size).toBeGreaterThanOrEqual(24);
    expect(perVideo.size).toBeLessThanOrEqual(48);
    expect([...perVideo.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(perVideo.size - 2);
    expect(orders.some((o) => o.status === "DELIVERING" && o.lastBucketAt !== null && o.lastBucketAt >= minutes(NOW, -60))).toBe(true);
    expect(orders.filter((o) => o.costFen > 0n).length).toBeGreaterThan(orders.length * 0.8);
    expect(demo.buckets).toBe(await bucketCount(workspace.id));
    const videos = await listVideos(workspace.id, { period: "30d", sort: "cost", direction: "desc", page: 1, page_size: 50 });
    expect(videos.videos.length).toBeGreaterThan(5);
    expect(videos.videos[0]!.title).not.toBe("");

    // The generator is a function of the seed and the time of the call: another install shows the same.
    const pageOf = async (seed: number) => {
      const client = createDemoDouyinClient({ seed, now: () => NOW });
      const window = { secUid: "demo", beginTime: formatBeijingTime(minutes(NOW, -3 * 24 * 60)), endTime: formatBeijingTime(NOW), page: 2, pageSize: 200 };
      return JSON.stringify([await client.orderPage({ ...window, page: 1, updatedFrom: window.beginTime, updatedTo: window.endTime }), await client.reportPage(window)]);
    };
    expect(await pageOf(42)).toBe(await pageOf(42));
    expect(await pageOf(7)).not.toBe(await pageOf(42));
    const stored = new Set(orders.map((o) => o.orderId));
    const served = JSON.parse(await pageOf(42))[0].list as { order_id: string }[];
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((o) => stored.has(o.order_id))).toBe(true);
  });

  it("delivers new 5-minute buckets at each scheduled sync, through the regular jobs", async () => {
    const { workspace, scope } = await demoWorkspace();
    expect((await liveDouyinConnections(workspace.id)).map((c) => c.connectionId)).toEqual([scope.connectionId]);
    const before = await bucketCount(workspace.id);
    const totalBefore = (await ordersOf(workspace.id)).reduce((sum, o) => sum + o.costFen, 0n);
    const later = minutes(NOW, 10);
    expect(await runStep(scope, "orders", { now: later })).toBe("ok");
    expect(await runStep(scope, "stats", { now: later })).toBe("ok");
    expect(await aggregateAll(later, workspace.id)).toBe(1);
    expect(await bucketCount(workspace.id)).toBeGreaterThan(before);
    const totalAfter = (await ordersOf(workspace.id)).reduce((sum, o) => sum + o.costFen, 0n);
    expect(totalAfter).toBeGreaterThan(totalBefore);
    const list = await listOrders(workspace, ZDouplusOrderQuerySchema.parse({ status: "DELIVERING" }));
    expect(list.orders.some((o) => o.last_bucket_at !== null && new Date(o.last_bucket_at) >= minutes(later, -5))).toBe(true);
  });

  it("restates one order after the fact: its figures change, its bucket count does not", async () => {
    const { workspace, scope } = await demoWorkspace();
    const connection = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: scope.connectionId } } });
    const revisedId = (connection.settings as { revisedOrderId: string }).revisedOrderId;
    expect(revisedId).toMatch(/^\d{16}$/);
    // Follow the syncs until the order has delivered in full.
    let at = NOW;
    let order = (await ordersOf(workspace.id)).find((o) => o.orderId === revisedId)!;
    while (order.status === "DELIVERING") {
      at = minutes(at, 60);
      await runStep(scope, "orders", { now: at });
      await runStep(scope, "stats", { now: at });
      order = (await ordersOf(workspace.id)).find((o) => o.orderId === revisedId)!;
    }
    expect(order.status).toBe("DELIVERIED");
    const delivered = { cost: order.costFen, buckets: await bucketCount(workspace.id, revisedId) };
    const others = (await ordersOf(workspace.id)).filter((o) => o.orderId !== revisedId && o.status === "DELIVERIED").map((o) => [o.orderId, o.costFen]);

    const restated = minutes(order.lastBucketAt!, 5 + 65);
    await runStep(scope, "orders", { now: restated });
    await runStep(scope, "stats", { now: restated });
    const after = (await ordersOf(workspace.id)).find((o) => o.orderId === revisedId)!;
    expect(after.costFen).toBeLessThan(delivered.cost);
    expect(await bucketCount(workspace.id, revisedId)).toBe(delivered.buckets);
    // Only that order: the others delivered before keep their figures.
    const othersAfter = new Map((await ordersOf(workspace.id)).map((o) => [o.orderId, o.costFen]));
    expect(others.map(([id]) => [id, othersAfter.get(id as string)])).toEqual(others);
  });

  it("lands its daily spend in the ad facts as platform douyin", async () => {
    const { workspace, scope } = await demoWorkspace();
    const connection = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: scope.connectionId } } });
    const source = await providerForConnection({ workspaceId: workspace.id, provider: "douyin", settings: connection.settings });
    const day = "2026-11-10";
    const result = await source.fetchDaily({
      tokens: { accessToken: "demo", refreshToken: null, expiresAt: null, scopes: [] },
      account: { id: connection.externalAccountId, name: connection.displayName, currency: "CNY", timeZone: "Asia/Shanghai" },
      window: { fromDay: day, toDay: day },
      settings: {},
    });
    expect(result.kind).toBe("ads");
    const insights = result.kind === "ads" ? result.insights : [];
    expect(insights.length).toBeGreaterThan(0);
    expect(insights.every((i) => i.platform === "douyin" && i.currency === "CNY" && i.day === day)).toBe(true);
    expect(insights.reduce((sum, i) => sum + Number(i.spend), 0)).toBeGreaterThan(0);
  });
});
