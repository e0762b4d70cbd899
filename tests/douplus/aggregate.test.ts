import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aggregateDouplus } from "@/lib/douplus/aggregate";
import { PERIODS, periodStarts } from "@/lib/douplus/periods";
import { floorToBucket } from "@/lib/connectors/douyin/transform";
import { syncOrders, syncStats } from "@/lib/douplus/sync";
import { douyinConnection, FakeDouyin, type FakeStat } from "./fake-douyin";

// Property: whatever the buckets, every stored aggregate equals the same figure computed
// directly from the buckets (sums, distinct orders, null for zero denominators).

const NOW = new Date("2026-03-10T17:30:00Z");

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function scenario(seed: number): FakeStat[] {
  const random = rng(seed);
  const stats = new Map<string, FakeStat>();
  const orders = 3 + Math.floor(random() * 8);
  for (let o = 0; o < orders; o++) {
    const item = `v${Math.floor(random() * 4)}`;
    const buckets = Math.floor(random() * 40);
    for (let b = 0; b < buckets; b++) {
      const at = floorToBucket(new Date(NOW.getTime() - random() * 40 * 86_400_000));
      // A zero-cost or zero-play bucket now and then exercises the null ratios.
      const cost = random() < 0.2 ? 0 : Math.floor(random() * 5000);
      const plays = random() < 0.2 ? 0 : Math.floor(random() * 3000);
      stats.set(`${o}|${at.getTime()}`, {
        order_id: `${seed}-${o}`, item_id: item, at, cost, plays, likes: Math.floor(plays * random() * 0.1), shares: Math.floor(plays * random() * 0.02),
        conversions: random() < 0.5 ? 0 : Math.floor(random() * 5), completion: random() < 0.3 ? undefined : Math.round(random() * 1e6) / 1e6,
      });
    }
  }
  return [...stats.values()];
}

type Sums = { orders: Set<string>; cost: number; plays: number; likes: number; shares: number; conversions: number; wc: number; wp: number };
const empty = (): Sums => ({ orders: new Set(), cost: 0, plays: 0, likes: 0, shares: 0, conversions: 0, wc: 0, wp: 0 });
const ratio = (n: number, d: number, places: number) => (d === 0 ? null : Number((n / d).toFixed(places)));

/** Every stored aggregate of the workspace against the same figure computed from `stats` directly. */
async function expectAggregatesOf(workspaceId: string, stats: FakeStat[], now: Date) {
  const starts = periodStarts(now, "Asia/Shanghai");
  const expected = new Map<string, Sums>();
  for (const period of PERIODS) {
    for (const s of stats.filter((x) => x.at >= starts[period])) {
      for (const key of [`video|${s.item_id}|${period}`, `account||${period}`]) {
        const sums = expected.get(key) ?? empty();
        sums.orders.add(s.order_id);
        sums.cost += s.cost;
        sums.plays += s.plays;
        sums.likes += s.likes ?? 0;
        sums.shares += s.shares ?? 0;
        sums.conversions += s.conversions ?? 0;
        if (s.completion !== undefined) {
          sums.wc += s.completion * s.plays;
          sums.wp += s.plays;
        }
        expected.set(key, sums);
      }
    }
  }
  const stored = await db.douplusAggregate.findMany({ where: { workspaceId: workspaceId } });
  expect(stored.map((r) => `${r.level}|${r.itemId}|${r.period}`).sort()).toEqual([...expected.keys()].sort());
  for (const row of stored) {
    const e = expected.get(`${row.level}|${row.itemId}|${row.period}`)!;
    const num = (v: unknown) => (v === null ? null : Number(v));
    expect({
      orders: row.orderCount, cost: Number(row.costFen), plays: Number(row.plays), likes: Number(row.likes), shares: Number(row.shares), conversions: Number(row.conversions),
      per100: num(row.playsPer100Yuan), likeRate: num(row.likeRate), shareRate: num(row.shareRate), cpc: num(row.avgConvertCostFen), completion: num(row.avgCompletion5s),
    }).toEqual({
      orders: e.orders.size, cost: e.cost, plays: e.plays, likes: e.likes, shares: e.shares, conversions: e.conversions,
      per100: ratio(e.plays * 10000, e.cost, 4), likeRate: ratio(e.likes, e.plays, 6), shareRate: ratio(e.shares, e.plays, 6),
      cpc: ratio(e.cost, e.conversions, 2), completion: e.wp === 0 ? null : expect.closeTo(e.wc / e.wp, 5),
    });
  }
}

describe("DOU+ aggregates", () => {
  for (const seed of [1, 7, 42, 2026]) {
    it(`equal a direct computation from the buckets (seed ${seed})`, async () => {
      const { workspace, scope } = await douyinConnection({ timeZone: "Asia/Shanghai" });
      const stats = scenario(seed);
      const api = new FakeDouyin();
      api.orders = [...new Set(stats.map((s) => `${s.order_id}|${s.item_id}`))].map((k) => {
        const [order_id, aweme_id] = k.split("|") as [string, string];
        return { order_id, aweme_id, create_time: new Date(NOW.getTime() - 45 * 86_400_000), update_time: NOW };
      });
      for (const s of stats) api.addStat(s);
      await syncOrders(scope, { now: NOW, client: api });
      await syncStats(scope, { now: NOW, client: api });
      await aggregateDouplus(workspace.id, NOW);

      await expectAggregatesOf(workspace.id, stats, NOW);
    });
  }
});

describe("DOU+ aggregation runs", () => {
  for (const seed of [3, 42]) {
    it(`recompute only the videos whose buckets changed, and still equal a direct computation (seed ${seed})`, async () => {
      const { workspace, scope } = await douyinConnection({ timeZone: "Asia/Shanghai" });
      const still: FakeStat = { order_id: `${seed}-still`, item_id: "vStill", at: floorToBucket(new Date(NOW.getTime() - 3 * 86_400_000)), cost: 4321, plays: 987, completion: 0.5 };
      const stats = [...scenario(seed), still];
      const api = new FakeDouyin();
      const orderOf = (s: FakeStat, updated: Date) => ({ order_id: s.order_id, aweme_id: s.item_id, create_time: new Date(NOW.getTime() - 45 * 86_400_000), update_time: updated });
      api.orders = [...new Map(stats.map((s) => [s.order_id, orderOf(s, NOW)])).values()];
      for (const s of stats) api.addStat(s);
      await syncOrders(scope, { now: NOW, client: api });
      await syncStats(scope, { now: NOW, client: api });
      expect(await aggregateDouplus(workspace.id, NOW)).toMatchObject({ mode: "full" });

      // Twenty minutes later the platform revises one order's latest bucket, adds one, and a new order delivers.
      const later = new Date(NOW.getTime() + 20 * 60_000);
      const touched = stats.filter((s) => s.order_id !== still.order_id).at(-1)!;
      const revised: FakeStat = { ...touched, cost: touched.cost + 123, plays: touched.plays + 50 };
      const added: FakeStat = { ...touched, at: floorToBucket(new Date(later.getTime() - 5 * 60_000)), cost: 800, plays: 300, completion: 0.25 };
      const fresh: FakeStat = { order_id: `${seed}-new`, item_id: "vNew", at: floorToBucket(new Date(later.getTime() - 10 * 60_000)), cost: 999, plays: 444 };
      api.orders.push(orderOf(fresh, later));
      api.stats = [];
      for (const s of [revised, added, fresh]) api.addStat(s);
      await syncOrders(scope, { now: later, client: api });
      await syncStats(scope, { now: later, client: api });
      const run = await aggregateDouplus(workspace.id, later);
      const touchedVideos = new Set([touched.item_id, "vNew"]);
      expect(run).toMatchObject({ mode: "incremental", videos: touchedVideos.size });

      const current = [...stats.filter((s) => s !== touched), revised, added, fresh];
      await expectAggregatesOf(workspace.id, current, later);
      const rows = await db.douplusAggregate.findMany({ where: { workspaceId: workspace.id } });
      for (const row of rows) {
        const rewritten = row.level === "account" || touchedVideos.has(row.itemId);
        expect([row.level, row.itemId, row.computedAt.toISOString()]).toEqual([row.level, row.itemId, (rewritten ? later : NOW).toISOString()]);
      }
      expect(rows.some((r) => r.itemId === "vStill")).toBe(true);

      // A run with nothing flagged rewrites nothing; the first run of a new local day rewrites everything.
      expect(await aggregateDouplus(workspace.id, new Date(later.getTime() + 60_000))).toEqual({ mode: "incremental", videos: 0, rows: 0 });
      const tomorrow = new Date(NOW.getTime() + 86_400_000);
      expect(await aggregateDouplus(workspace.id, tomorrow)).toMatchObject({ mode: "full" });
      await expectAggregatesOf(workspace.id, current, tomorrow);
    });
  }
});
