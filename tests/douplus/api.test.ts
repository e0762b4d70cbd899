import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as accountsGET } from "@/app/api/v1/workspaces/[slug]/douplus/accounts/route";
import { GET as ordersGET } from "@/app/api/v1/workspaces/[slug]/douplus/orders/route";
import { GET as videosGET } from "@/app/api/v1/workspaces/[slug]/douplus/videos/route";
import { aggregateDouplus } from "@/lib/douplus/aggregate";
import { syncOrders, syncStats } from "@/lib/douplus/sync";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { douyinConnection, FakeDouyin } from "./fake-douyin";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const NOW = new Date();
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
type Handler = typeof ordersGET;

async function call(handler: Handler, slug: string, key: string, path: string, query = "") {
  return handler(new NextRequest(`http://localhost/api/v1/workspaces/${slug}/douplus/${path}?${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ slug }),
  });
}

async function syncedAccount() {
  const account = await douyinConnection({ timeZone: "Asia/Shanghai" });
  const api = new FakeDouyin();
  api.orders = [
    { order_id: "1001", aweme_id: "v1", create_time: minutesAgo(200), aweme_title: "=HYPERLINK(\"x\")" },
    { order_id: "1002", aweme_id: "v1", create_time: minutesAgo(100), status: "DELIVERIED" },
    { order_id: "1003", aweme_id: "v2", create_time: minutesAgo(100) },
  ];
  api.addStat({ order_id: "1001", item_id: "v1", at: minutesAgo(30), cost: 4000, plays: 2000, likes: 100, conversions: 4, completion: 0.5 })
    .addStat({ order_id: "1002", item_id: "v1", at: minutesAgo(90), cost: 1000, plays: 600, likes: 6, conversions: 0 })
    .addStat({ order_id: "1003", item_id: "v2", at: minutesAgo(10), cost: 0, plays: 0 });
  await syncOrders(account.scope, { now: NOW, client: api });
  await syncStats(account.scope, { now: NOW, client: api });
  await aggregateDouplus(account.workspace.id, NOW);
  const key = await apiKey(account.workspace.id, account.owner.id, "viewer");
  return { ...account, key };
}

describe("the DOU+ API", () => {
  it("lists orders with their own numbers, filtered, sorted and paged, as JSON and CSV", async () => {
    const { workspace, key } = await syncedAccount();
    const all = await call(ordersGET, workspace.slug, key, "orders", "sort=cost&direction=desc");
    expect(all.status).toBe(200);
    const body = (await all.json()) as { orders: { order_id: string; cost_fen: string; cost_per_conversion_fen: string | null }[]; total: number };
    expect(body.total).toBe(3);
    expect(body.orders.map((o) => [o.order_id, o.cost_fen, o.cost_per_conversion_fen])).toEqual([["1001", "4000", "1000.00"], ["1002", "1000", null], ["1003", "0", null]]);

    const filtered = (await (await call(ordersGET, workspace.slug, key, "orders", "video=v1&page_size=1&page=2")).json()) as { orders: { order_id: string }[]; total: number };
    expect(filtered).toMatchObject({ total: 2, orders: [{ order_id: "1002" }] });
    const delivering = (await (await call(ordersGET, workspace.slug, key, "orders", "video=v1&status=delivering")).json()) as { orders: { order_id: string }[] };
    expect(delivering.orders.map((o) => o.order_id)).toEqual(["1001"]);

    const csv = await call(ordersGET, workspace.slug, key, "orders", "status=DELIVERING&format=csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = Papa.parse<string[]>(await csv.text()).data.filter((r) => r.length > 1);
    expect(rows[0]!.slice(0, 4)).toEqual(["account", "order_id", "video_id", "title"]);
    // A title that a spreadsheet would run is neutralised.
    expect(rows.find((r) => r[1] === "1001")![3]).toBe("'=HYPERLINK(\"x\")");
  });

  it("serves the leaderboard and account totals with null for n/a ratios", async () => {
    const { workspace, key, scope } = await syncedAccount();
    const videos = (await (await call(videosGET, workspace.slug, key, "videos", "period=all&sort=cost")).json()) as { videos: Record<string, unknown>[] };
    expect(videos.videos.map((v) => [v.video_id, v.order_count, v.cost_fen, v.plays_per_100_yuan])).toEqual([["v1", 2, "5000", "5200.0000"], ["v2", 1, "0", null]]);
    const csv = await (await call(videosGET, workspace.slug, key, "videos", "period=today&format=csv")).text();
    expect(csv.split(/\r?\n/)[0]).toContain("plays_per_100_yuan");

    const accounts = (await (await call(accountsGET, workspace.slug, key, "accounts", "period=all")).json()) as { accounts: Record<string, unknown>[] };
    expect(accounts.accounts).toEqual([expect.objectContaining({
      account: scope.connectionId, order_count: 3, cost_fen: "5000", plays: 2600,
      coverage: { delivering: 2, with_recent_bucket: 2 }, issues: 0, last_error: null,
    })]);
  });

  it("refuses bad parameters with a 400 naming them", async () => {
    const { workspace, key } = await syncedAccount();
    for (const [path, handler, query, field] of [
      ["orders", ordersGET, "sort=magic", "sort"], ["orders", ordersGET, "page=0", "page"], ["orders", ordersGET, "date_from=2026-13-01", "date_from"],
      ["orders", ordersGET, "color=red", "color"], ["videos", videosGET, "period=year", "period"], ["orders", ordersGET, "format=xml", "format"],
    ] as const) {
      const response = await call(handler, workspace.slug, key, path, query);
      expect(response.status, query).toBe(400);
      expect(JSON.stringify(await response.json()), query).toContain(field);
    }
  });

  it("answers 404 to another workspace's key and shows it none of this one's orders", async () => {
    const { workspace } = await syncedAccount();
    const stranger = await seedUser();
    const other = await seedWorkspace(stranger.id);
    const otherKey = await apiKey(other.id, stranger.id, "owner");
    for (const [handler, path] of [[ordersGET, "orders"], [videosGET, "videos"], [accountsGET, "accounts"]] as const) {
      expect((await call(handler, workspace.slug, otherKey, path)).status).toBe(404);
      const own = (await (await call(handler, other.slug, otherKey, path)).json()) as Record<string, unknown[]>;
      expect(own.orders ?? own.videos ?? own.accounts).toEqual([]);
    }
  });
});
