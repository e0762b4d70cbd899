import { describe, expect, it } from "vitest";
import { classifyDouyin } from "@/lib/connectors/douyin/errors";
import { db } from "@/lib/db/client";
import { aggregateDouplus } from "@/lib/douplus/aggregate";
import { listOrders } from "@/lib/douplus/list";
import { liveDouyinConnections, runStep } from "@/lib/douplus/run";
import { ZDouplusOrderQuerySchema } from "@/lib/douplus/schema";
import { syncOrders, syncStats } from "@/lib/douplus/sync";
import tokenExpired from "@/lib/connectors/douyin/fixtures/token-expired.json";
import { outboxFor } from "../helpers";
import { douyinConnection, FakeDouyin } from "./fake-douyin";

const NOW = new Date("2026-03-10T06:02:30Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const query = (input: Record<string, unknown> = {}) => ZDouplusOrderQuerySchema.parse(input);

describe("DOU+ order and stats sync", () => {
  it("shows each order's own numbers, never its video's: two orders promoting one video differ", async () => {
    const { workspace, scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = [
      { order_id: "1851843077988506", aweme_id: "7578051213799787817", create_time: daysAgo(1) },
      { order_id: "1851843076053052", aweme_id: "7578051213799787817", create_time: daysAgo(1) },
    ];
    api.addStat({ order_id: "1851843077988506", item_id: "7578051213799787817", at: minutesAgo(20), cost: 10000, plays: 48562, likes: 1210 })
      .addStat({ order_id: "1851843076053052", item_id: "7578051213799787817", at: minutesAgo(20), cost: 9997, plays: 47124, likes: 1189 });
    await syncOrders(scope, { now: NOW, client: api });
    await syncStats(scope, { now: NOW, client: api });

    const list = await listOrders(workspace, query({ sort: "plays" }));
    expect(list.orders.map((o) => [o.order_id, o.plays, o.cost_fen])).toEqual([
      ["1851843077988506", 48562, "10000"],
      ["1851843076053052", 47124, "9997"],
    ]);
    // The video's figure is the sum of both: not what either order shows.
    await aggregateDouplus(workspace.id, NOW);
    const video = await db.douplusAggregate.findFirstOrThrow({ where: { workspaceId: workspace.id, level: "video", period: "all", itemId: "7578051213799787817" } });
    expect(Number(video.plays)).toBe(48562 + 47124);
    expect(video.orderCount).toBe(2);
  });

  it("overwrites a re-pulled bucket with the platform's revision, row count unchanged", async () => {
    const { workspace, scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = [{ order_id: "901", aweme_id: "v1", create_time: daysAgo(2) }];
    api.addStat({ order_id: "901", item_id: "v1", at: minutesAgo(61), cost: 500, plays: 100 }).addStat({ order_id: "901", item_id: "v1", at: minutesAgo(30), cost: 700, plays: 150 });
    await syncOrders(scope, { now: NOW, client: api });
    await syncStats(scope, { now: NOW, client: api });
    api.stats = [];
    api.addStat({ order_id: "901", item_id: "v1", at: minutesAgo(61), cost: 500, plays: 100 }).addStat({ order_id: "901", item_id: "v1", at: minutesAgo(31), cost: 650, plays: 140 });
    await syncStats(scope, { now: NOW, client: api });

    const buckets = await db.douplusBucket.findMany({ where: { workspaceId: workspace.id }, orderBy: { bucketAt: "asc" } });
    expect(buckets).toHaveLength(2);
    expect(buckets.map((b) => Number(b.costFen))).toEqual([500, 650]);
    const [order] = (await listOrders(workspace, query())).orders;
    expect(order).toMatchObject({ cost_fen: "1150", plays: 240 });
  });

  it("reads 90 days on the first run, then only orders updated in the last 7 days", async () => {
    const { scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = [
      { order_id: "old", aweme_id: "v1", create_time: daysAgo(20), update_time: daysAgo(8) },
      { order_id: "recent", aweme_id: "v1", create_time: daysAgo(20), update_time: daysAgo(1) },
      { order_id: "ancient", aweme_id: "v1", create_time: daysAgo(120), update_time: daysAgo(100) },
    ];
    expect(await syncOrders(scope, { now: NOW, client: api })).toMatchObject({ mode: "full", orders: 2 });
    expect(await syncOrders(scope, { now: NOW, client: api })).toMatchObject({ mode: "incremental", orders: 1, skipped: 2 });
    const versions = Object.fromEntries((await db.douplusOrder.findMany({ where: scope })).map((o) => [o.orderId, o.syncVersion]));
    expect(versions).toEqual({ old: 1, recent: 2 });
    // The window asked of the platform is the last 7 days (Beijing time).
    expect(api.orderCalls.at(-1)!.updatedFrom).toBe("2026-03-03 14:02:30");
  });

  it("keeps a report row for an unknown order flagged, and adopts it once the order list names it", async () => {
    const { workspace, scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.addStat({ order_id: "777", item_id: "v7", at: minutesAgo(10), cost: 300, plays: 90 });
    await syncStats(scope, { now: NOW, client: api });
    expect(await db.douplusBucket.findMany({ where: scope })).toMatchObject([{ orderId: "777", unknownOrder: true }]);
    expect(await db.douplusIssue.findMany({ where: scope })).toMatchObject([{ kind: "unknown_order", subject: "order:777" }]);
    await aggregateDouplus(workspace.id, NOW);
    expect(await db.douplusAggregate.count({ where: { workspaceId: workspace.id } })).toBe(0);

    api.orders = [{ order_id: "777", aweme_id: "v7", create_time: daysAgo(1) }];
    await syncOrders(scope, { now: NOW, client: api });
    expect(await db.douplusBucket.findMany({ where: scope })).toMatchObject([{ unknownOrder: false }]);
    expect(await db.douplusIssue.count({ where: scope })).toBe(0);
    expect((await listOrders(workspace, query())).orders[0]).toMatchObject({ order_id: "777", cost_fen: "300", plays: 90 });
  });

  it("records a negative cost, a completion above 1 and a lying page_info without applying them", async () => {
    const { workspace, scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = [{ order_id: "1", aweme_id: "v1", create_time: daysAgo(1) }];
    api.claimTotal = 250;
    await syncOrders(scope, { now: NOW, client: api });
    api.addStat({ order_id: "1", item_id: "v1", at: minutesAgo(10), cost: -500, plays: 10 })
      .addStat({ order_id: "1", item_id: "v1", at: minutesAgo(20), cost: 200, plays: 10, completion: 1.3 })
      .addStat({ order_id: "1", item_id: "v1", at: minutesAgo(30), cost: 100, plays: 10, completion: 0.5 });
    await syncStats(scope, { now: NOW, client: api });
    const kinds = (await db.douplusIssue.findMany({ where: scope })).map((i) => i.kind).sort();
    expect(kinds).toEqual(["completion_above_one", "negative_cost", "page_info_mismatch"]);
    expect((await listOrders(workspace, query())).orders[0]).toMatchObject({ cost_fen: "100", plays: 10, completion_5s: "0.500000" });
  });

  it("marks the connection for re-authorisation once when the token expires mid-sync, writing nothing", async () => {
    const { owner, scope } = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = Array.from({ length: 150 }, (_, i) => ({ order_id: `o${i}`, aweme_id: "v1", create_time: daysAgo(3) }));
    api.failOn = { call: "orders", page: 2, error: classifyDouyin(200, tokenExpired)! };
    expect(await runStep(scope, "orders", { now: NOW, client: api })).toBe("needs_reauth");
    expect(await runStep(scope, "orders", { now: NOW, client: api })).toBe("needs_reauth");

    expect(await db.douplusOrder.count({ where: scope })).toBe(0);
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("needs_reauth");
    expect(connection.lastError).toMatch(/Reconnect Douyin DOU\+/);
    expect(await db.douplusSyncState.findFirst({ where: scope })).toMatchObject({ lastError: expect.stringMatching(/Douyin/), fullSyncedAt: null });
    expect(await outboxFor(owner.email)).toHaveLength(1);
    expect((await liveDouyinConnections()).map((c) => c.connectionId)).not.toContain(scope.connectionId);
  });

  it("lists only the caller's workspace's orders", async () => {
    const a = await douyinConnection();
    const b = await douyinConnection();
    const api = new FakeDouyin();
    api.orders = [{ order_id: "shared-id", aweme_id: "v1", create_time: daysAgo(1) }];
    await syncOrders(a.scope, { now: NOW, client: api });
    expect((await listOrders(b.workspace, query())).total).toBe(0);
    expect((await listOrders(a.workspace, query())).total).toBe(1);
    expect((await listOrders(b.workspace, query({ account: a.scope.connectionId }))).orders).toEqual([]);
  });
});
