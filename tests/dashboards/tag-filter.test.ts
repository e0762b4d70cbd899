import { describe, expect, it, vi } from "vitest";
import { GET as dashboardRoute } from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/route";
import { GET as kpiRoute } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { createDashboard } from "@/lib/dashboards/service";
import { widgetReportRequest } from "@/lib/dashboards/report-request";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { runReport } from "@/lib/metrics/report/run";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { makeTag, tagPeople } from "../audiences/factory";
import { attributionStore } from "../attribution/support";
import { line, order } from "../metrics/store-fixture";
import { NextRequest } from "next/server";
import { apiKey, call } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const NOW = new Date("2026-12-01T12:00:00Z");
const NOVEMBER = { date_from: "2026-11-01", date_to: "2026-11-30" };

/**
 * A UTC store with three customers, built through ingest and the rollup refresh:
 * X (tagged): 40.00 on 2026-10-05 (before the range), 20.00 on 2026-11-03;
 * Y (not tagged): 100.00 on 2026-11-04;
 * Z (tagged): 30.00 less a 5.00 discount on 2026-11-05, her first order.
 */
async function taggedShop() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  const at = new Date("2026-01-01T00:00:00Z");
  await upsertCustomers(store.scope, [1n, 2n, 3n].map((id) => ({ externalId: id, email: null, firstOrderAt: null, ordersCount: 1, tags: [], createdAt: at, updatedAt: at })));
  await upsertOrderBundles(store.scope, [
    order(101, "2026-10-05T12:00:00Z", { customerId: 1n }, [line(101, "Mug", 1, "40.00")]),
    order(102, "2026-11-03T12:00:00Z", { customerId: 1n }, [line(102, "Mug", 1, "20.00")]),
    order(103, "2026-11-04T12:00:00Z", { customerId: 2n }, [line(103, "Lamp", 1, "100.00")]),
    order(104, "2026-11-05T12:00:00Z", { customerId: 3n }, [line(104, "Vase", 1, "30.00", "5.00")]),
  ]);
  await refreshDirtyRollups(ws);
  const tag = await makeTag(ws, "Regulars");
  await tagPeople(ws, tag.id, [`c:${store.connection.id}:1`, `c:${store.connection.id}:3`]);
  return { ...store, tag, viewer: await apiKey(ws, store.owner.id, "viewer") };
}

async function kpi(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/kpi?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await kpiRoute(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { fields: object } } };
}

const METRICS = ["orders", "net_sales", "aov", "new_customers", "returning_customers", "repeat_rate", "ad_spend", "sessions"];

describe("a dashboard filtered by a tag", () => {
  it("restricts per-customer metrics to the members, by hand, and marks the rest n/a", async () => {
    const { workspace, tag } = await taggedShop();
    const everyone = await runReport(workspace.id, { ...NOVEMBER, metrics: METRICS }, { now: NOW });
    expect(everyone.totals).toMatchObject({ orders: 3, net_sales: "145.00", aov: "48.33", new_customers: 2, returning_customers: 1, ad_spend: "0.00" });

    const tagged = await runReport(workspace.id, { ...NOVEMBER, metrics: METRICS, tag: tag.id }, { now: NOW });
    expect(tagged.totals).toEqual({ orders: 2, net_sales: "45.00", aov: "22.50", new_customers: 1, returning_customers: 1, repeat_rate: "0.5000", ad_spend: null, sessions: null });
    expect(tagged.warnings.join(" ")).toMatch(/Not filtered by tag: Ad spend, Sessions/);

    // A line widget's daily series, as the dashboard asks for it.
    const series = await runReport(workspace.id, widgetReportRequest({ type: "line", config: { metrics: ["net_sales"], breakdown: "day", filters: {}, sort: null, limit: 10 } }, { from: "2026-11-01", to: "2026-11-06" }, "none", "custom", tag.id), { now: NOW });
    expect(series.rows.map((r) => [r.key, r.values.net_sales])).toEqual([
      ["2026-11-01", "0.00"], ["2026-11-02", "0.00"], ["2026-11-03", "20.00"], ["2026-11-04", "0.00"], ["2026-11-05", "25.00"], ["2026-11-06", "0.00"],
    ]);
    // By week, X is returning in the week of 2026-11-02 (her first order was in October) and Z is new.
    const weekly = await runReport(workspace.id, { ...NOVEMBER, metrics: ["new_customers", "returning_customers"], group_by: "week", tag: tag.id }, { now: NOW });
    expect(weekly.rows.find((r) => r.key === "2026-11-02")?.values).toEqual({ new_customers: 1, returning_customers: 1 });
    // A breakdown a member's ledger cannot split (by channel) is n/a per row rather than everyone's; the total is the members'.
    const byChannel = await runReport(workspace.id, { ...NOVEMBER, metrics: ["orders"], group_by: "channel", tag: tag.id }, { now: NOW });
    expect(byChannel.rows.map((r) => r.values.orders ?? null).filter((v) => v !== null)).toEqual([]);
    expect(byChannel.totals.orders).toBe(2);
  });

  it("takes tag on the reports API the widgets read; an unknown or another workspace's tag is a 400 naming tag; another workspace's dashboard is a 404", async () => {
    const mine = await taggedShop();
    const theirs = await taggedShop();
    const query = `date_from=2026-11-01&date_to=2026-11-30&metrics=orders,net_sales`;
    const ok = await kpi(mine.workspace.slug, mine.viewer, `${query}&tag=${mine.tag.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body?.totals).toEqual({ orders: 2, net_sales: "45.00" });
    const answers = [];
    for (const bad of [theirs.tag.id, "no-such-tag", "bad%20id"]) {
      const answer = await kpi(mine.workspace.slug, mine.viewer, `${query}&tag=${bad}`);
      expect(answer.status, bad).toBe(400);
      expect(Object.keys(answer.body.error!.fields), bad).toEqual(["tag"]);
      answers.push(answer.body);
    }
    expect(answers[0]).toEqual(answers[1]);

    const dashboard = await createDashboard(mine.workspace.id, { name: "Regulars" }, mine.owner.id);
    expect((await call(dashboardRoute, { method: "GET", key: mine.viewer, params: { slug: mine.workspace.slug, id: dashboard.id } })).status).toBe(200);
    const foreign = await call(dashboardRoute, { method: "GET", key: theirs.viewer, params: { slug: mine.workspace.slug, id: dashboard.id } });
    expect(foreign.status).toBe(404);
    const elsewhere = await call(dashboardRoute, { method: "GET", key: theirs.viewer, params: { slug: theirs.workspace.slug, id: dashboard.id } });
    expect(elsewhere.status).toBe(404);
  });
});
