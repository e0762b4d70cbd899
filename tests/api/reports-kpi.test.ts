import http from "node:http";
import { createRequire } from "node:module";
import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as keyReport } from "@/app/api/v1/reports/kpi/route";
import { GET as workspaceReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { auth } from "@/lib/auth";
import { upsertAdCampaigns, upsertAdInsights } from "@/lib/ads/ingest";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { COMPRESS_FROM_BYTES } from "@/lib/api/kpi-response";
import { createApiKey } from "@/lib/api-keys/service";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { METRICS } from "@/lib/metrics/definitions/registry";
import { failRollupRebuild, queueRollupRebuild, rebuildNextChunk, runRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import type { Role } from "@/lib/tenancy/roles";
import { addDays, localDate } from "@/lib/time/zone";
import { unique } from "../helpers";
import { bundle } from "../sync/fake-source";

// Without a Bearer key the routes look for a session; tests choose who is signed in.
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValueOnce({ user: { id: userId }, expires: "" } as never);

// Two days in America/New_York: D1 = 2026-01-09 and D2 = 2026-01-10. Every order is two lines of
// 50.00 plus 5.00 shipping and 8.00 tax (tests/sync/fake-source.ts), i.e. 113.00 paid.
const D1 = "2026-01-09";
const D2 = "2026-01-10";
const HOSTILE = '=HYPERLINK("http://evil.test","Click")';

type Store = { ordersOnD1: number; ordersOnD2: number; spend: string };

async function storeWith({ ordersOnD1, ordersOnD2, spend }: Store, keyRole: Role = "viewer") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
  const shop = await connectDemoStore(workspace.id, { orders: 100 });
  let id = 1;
  const orders = [
    ...Array.from({ length: ordersOnD1 }, () => bundle(id++, new Date(`${D1}T15:00:00Z`), { customerId: BigInt(id) })),
    ...Array.from({ length: ordersOnD2 }, () => bundle(id++, new Date(`${D2}T15:00:00Z`), { customerId: BigInt(id) })),
  ];
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: shop.id }, orders);

  const ads = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "google_ads", externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  const adScope = { workspaceId: workspace.id, connectionId: ads.id };
  await upsertAdCampaigns(adScope, [
    { platform: "google_ads", accountId: "1", campaignId: "evil", name: HOSTILE },
    { platform: "google_ads", accountId: "1", campaignId: "brand", name: "Brand, search" },
  ]);
  const insight = (campaignId: string, amount: string) => ({
    platform: "google_ads", accountId: "1", campaignId, day: D1, currency: "USD",
    spend: amount, impressions: 1000, clicks: 20, conversions: "2", conversionValue: "120.00",
  });
  await upsertAdInsights(adScope, [insight("evil", spend), insight("brand", "10.00")]);
  await rebuildRollups(workspace.id, { fromDay: D1, toDay: D2 });

  const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "reports", role: keyRole });
  return { owner, workspace, key };
}

/** A workspace whose only facts are TikTok insights: spend in four-place amounts, as TikTok reports it. */
async function tiktokWorkspace(currency: string, spends: string[], revenue: string) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency });
  const ads = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "tiktok_ads", externalAccountId: unique("adv"), displayName: "TikTok", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  const scope = { workspaceId: workspace.id, connectionId: ads.id };
  await upsertAdCampaigns(scope, spends.map((_, i) => ({ platform: "tiktok_ads", accountId: "1", campaignId: `t${i}`, name: `Spark ${i}` })));
  await upsertAdInsights(scope, spends.map((spend, i) => ({
    platform: "tiktok_ads", accountId: "1", campaignId: `t${i}`, day: D1, currency,
    spend, impressions: 3000, clicks: 7, conversions: "3", conversionValue: i === 0 ? revenue : "0",
  })));
  await rebuildRollups(workspace.id, { fromDay: D1, toDay: D2 });
  const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "reports", role: "viewer" });
  return { workspace, key };
}

/**
 * The Content-Encoding a browser asking for gzip gets when `response` is served through the
 * compression the production server puts in front of every route.
 */
async function encodingServed(response: Response): Promise<string | null> {
  const compression = createRequire(import.meta.url)("next/dist/compiled/compression") as () => (req: unknown, res: unknown, next: () => void) => void;
  const compress = compression();
  const body = Buffer.from(await response.arrayBuffer());
  const server = http.createServer((req, res) => {
    compress(req, res, () => {});
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as { port: number };
    const served = await fetch(`http://127.0.0.1:${port}/`, { headers: { "accept-encoding": "gzip" } });
    await served.arrayBuffer();
    return served.headers.get("content-encoding");
  } finally {
    server.close();
  }
}

const BASE = "http://localhost/api/v1";

function get(url: string, key: string | null) {
  return new NextRequest(url, { headers: key === null ? {} : { authorization: key.startsWith("Bearer") || key.includes(" ") ? key : `Bearer ${key}` } });
}

async function viaKey(query: string, key: string | null) {
  const response = await keyReport(get(`${BASE}/reports/kpi?${query}`, key));
  return { status: response.status, response };
}

async function viaSlug(slug: string, query: string, key: string) {
  const response = await workspaceReport(get(`${BASE}/workspaces/${slug}/reports/kpi?${query}`, key), { params: Promise.resolve({ slug }) });
  return { status: response.status, response };
}

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
type ReportBody = { currency: string; rows: { key: string; label: string; values: Record<string, unknown> }[]; totals: Record<string, unknown> };

const RANGE = `date_from=${D1}&date_to=${D2}`;

describe("GET /api/v1/reports/kpi", () => {
  it("answers 401 without a key, with an unknown key and with a malformed header", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    const forged = `${key.slice(0, -4)}abcd`;
    for (const presented of [null, forged, "sb_nonsense", `Token ${key}`]) {
      const { status, response } = await viaKey(`${RANGE}&metrics=orders`, presented);
      expect(status, String(presented)).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe("unauthorized");
    }
  });

  it("reports totals and rows of the key's own workspace, with money as decimal strings", async () => {
    const { key } = await storeWith({ ordersOnD1: 2, ordersOnD2: 1, spend: "40.00" });
    const { status, response } = await viaKey(`${RANGE}&metrics=gross_sales,total_sales,orders,ad_spend,roas&group_by=day`, key);
    expect(status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^private, no-store\b/);
    expect(response.headers.get("content-type")).toBe("application/json");
    const report = (await response.json()) as ReportBody;
    expect(report.currency).toBe("USD");
    expect(report.totals).toEqual({ gross_sales: "300.00", total_sales: "339.00", orders: 3, ad_spend: "50.00", roas: "4.8000" });
    const byDay = Object.fromEntries(report.rows.map((r) => [r.key, r.values]));
    expect(byDay[D1]).toMatchObject({ gross_sales: "200.00", orders: 2, ad_spend: "50.00" });
    expect(byDay[D2]).toMatchObject({ gross_sales: "100.00", orders: 1, ad_spend: "0.00", roas: null });
  });

  it("never shows another workspace's data to a key, whatever workspace the query names", async () => {
    const a = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "5.00" });
    const b = await storeWith({ ordersOnD1: 4, ordersOnD2: 4, spend: "500.00" });
    const { response } = await viaKey(`${RANGE}&metrics=orders,ad_spend&workspace=${b.workspace.slug}`, a.key);
    expect(((await response.json()) as ReportBody).totals).toEqual({ orders: 1, ad_spend: "15.00" });

    const theirs = await viaSlug(b.workspace.slug, `${RANGE}&metrics=orders`, a.key);
    expect(theirs.status).toBe(404);
    const own = await viaSlug(a.workspace.slug, `${RANGE}&metrics=orders`, a.key);
    expect(((await own.response.json()) as ReportBody).totals).toEqual({ orders: 1 });
  });

  it("asks not to compress a small JSON answer, and leaves a large one and a CSV export compressible", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 1, spend: "1.00" });
    const small = await viaKey(`${RANGE}&metrics=total_sales,orders`, key);
    expect(Buffer.byteLength(await small.response.clone().text())).toBeLessThan(COMPRESS_FROM_BYTES);
    expect(small.response.headers.get("cache-control")).toBe("private, no-store, no-transform");
    expect(await encodingServed(small.response)).toBeNull();

    // Every metric for every day of two months: well past the threshold.
    const everything = METRICS.map((m) => m.id).join(",");
    const large = await viaKey(`date_from=2025-11-01&date_to=${D2}&metrics=${everything}&group_by=day`, key);
    expect(large.status).toBe(200);
    expect(Buffer.byteLength(await large.response.clone().text())).toBeGreaterThanOrEqual(COMPRESS_FROM_BYTES);
    expect(large.response.headers.get("cache-control")).toBe("private, no-store");
    expect(await encodingServed(large.response)).toBe("gzip");
    const csv = await viaKey(`${RANGE}&metrics=total_sales,orders&format=csv`, key);
    expect(csv.response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("lets a signed-in member name their workspace with ?workspace=, and hides others' behind a 404", async () => {
    const a = await storeWith({ ordersOnD1: 2, ordersOnD2: 0, spend: "1.00" });
    const b = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    signIn(a.owner.id);
    const own = await viaKey(`${RANGE}&metrics=orders&workspace=${a.workspace.slug}`, null);
    expect(own.status).toBe(200);
    expect(((await own.response.json()) as ReportBody).totals).toEqual({ orders: 2 });
    signIn(a.owner.id);
    expect((await viaKey(`${RANGE}&metrics=orders&workspace=${b.workspace.slug}`, null)).status).toBe(404);
  });

  it("answers 400 naming the parameter at fault", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    const cases: [string, string][] = [
      [`date_to=${D2}&metrics=orders`, "date_from"],
      [`date_from=09/01/2026&date_to=${D2}&metrics=orders`, "date_from"],
      [`date_from=${D2}&date_to=${D1}&metrics=orders`, "date_to"],
      [`date_from=2020-01-01&date_to=2025-06-01&metrics=orders`, "date_to"],
      [`${RANGE}&metrics=orders,revenue_per_visit`, "metrics"],
      [`${RANGE}&metrics=orders&group_by=hour`, "group_by"],
      [`${RANGE}&metrics=orders&compare=yesterday`, "compare"],
      [`${RANGE}&metric=orders`, "metric"],
      [`${RANGE}&metrics=orders&format=xml`, "format"],
    ];
    for (const [query, field] of cases) {
      const { status, response } = await viaKey(query, key);
      expect(status, query).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(Object.keys(error.fields ?? {}), query).toContain(field);
      expect(error.message, query).toContain(field);
    }
  });

  it("lists the valid metric ids when a metric is unknown", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    const { response } = await viaKey(`${RANGE}&metrics=orders,revenue_per_visit`, key);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.message).toContain("revenue_per_visit");
    for (const metric of METRICS) expect(error.message).toContain(metric.id);
  });

  it("exports CSV that parses back to the JSON values and neutralises hostile campaign names", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "40.00" });
    const query = `${RANGE}&metrics=ad_spend,ad_revenue,roas&group_by=campaign`;
    const json = (await (await viaKey(query, key)).response.json()) as ReportBody;
    const { status, response } = await viaKey(`${query}&format=csv`, key);
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="signalboard-report-${D1}-${D2}.csv"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");

    const table = Papa.parse<string[]>(await response.text(), { skipEmptyLines: true }).data;
    expect(table[0]).toEqual(["campaign", "ad_spend", "ad_revenue", "roas"]);
    const text = (v: unknown) => (v === null ? "" : String(v));
    const expected = json.rows.map((r) => [r.label.startsWith("=") ? `'${r.label}` : r.label, ...["ad_spend", "ad_revenue", "roas"].map((m) => text(r.values[m]))]);
    expect(table.slice(1, -1)).toEqual(expected);
    expect(table.at(-1)).toEqual(["Total", ...["ad_spend", "ad_revenue", "roas"].map((m) => text(json.totals[m]))]);
    expect(table.map((row) => row[0])).toContain(`'${HOSTILE}`);
    expect(table.map((row) => row[0])).toContain("Brand, search");
  });

  it("fills the per-day CSV's compare columns, day 1 of the range beside day 1 of the comparison", async () => {
    const { key } = await storeWith({ ordersOnD1: 3, ordersOnD2: 1, spend: "40.00" });
    // D2 and the day after, against the two days before: D2 stands beside 2026-01-08, the 11th beside D1.
    const query = `date_from=${D2}&date_to=2026-01-11&metrics=orders,total_sales&group_by=day&compare=previous_period`;
    const json = (await (await viaKey(query, key)).response.json()) as ReportBody & { compare_range: { date_from: string; date_to: string; label: string } };
    expect(json.compare_range).toEqual({ date_from: "2026-01-08", date_to: D1, until: null, label: "8–9 Jan 2026" });
    const onD1 = (await (await viaKey(`date_from=${D1}&date_to=${D1}&metrics=orders,total_sales`, key)).response.json()) as ReportBody;
    expect(onD1.totals.orders).toBe(3);

    const { response } = await viaKey(`${query}&format=csv`, key);
    const table = Papa.parse<string[]>(await response.text(), { skipEmptyLines: true }).data;
    expect(table[0]).toEqual(["day", "orders", "total_sales", "day (compare)", "orders (compare)", "total_sales (compare)"]);
    const day = (key: string) => json.rows.find((r) => r.key === key)!.values;
    expect(table[1]).toEqual([D2, String(day(D2).orders), String(day(D2).total_sales), "2026-01-08", "0", "0.00"]);
    expect(table[2]).toEqual(["2026-01-11", "0", "0.00", D1, String(onD1.totals.orders), String(onD1.totals.total_sales)]);
    expect(table[3]).toEqual(["Total", String(json.totals.orders), String(json.totals.total_sales), `2026-01-08..${D1}`, "3", String(onD1.totals.total_sales)]);
  });

  it("compares month to date with the same days of last month", async () => {
    const { key } = await storeWith({ ordersOnD1: 2, ordersOnD2: 1, spend: "1.00" });
    const range = "date_from=2026-02-01&date_to=2026-02-10&metrics=orders&compare=previous_period";
    const mtd = (await (await viaKey(`${range}&period=month_to_date`, key)).response.json()) as ReportBody & { compare_range: unknown; compare_totals: Record<string, unknown> };
    expect(mtd.compare_range).toEqual({ date_from: "2026-01-01", date_to: "2026-01-10", until: null, label: "1–10 Jan 2026" });
    const january = (await (await viaKey("date_from=2026-01-01&date_to=2026-01-10&metrics=orders", key)).response.json()) as ReportBody;
    expect(mtd.compare_totals.orders).toBe(january.totals.orders);
    expect(january.totals.orders).toBe(3);
    // Without the period, the same days are compared with the ten days before them (22-31 January).
    const custom = (await (await viaKey(range, key)).response.json()) as ReportBody & { compare_range: unknown; compare_totals: Record<string, unknown> };
    expect(custom.compare_range).toMatchObject({ date_from: "2026-01-22", date_to: "2026-01-31" });
    expect(custom.compare_totals.orders).toBe(0);

    const wrong = await viaKey(`date_from=2026-02-02&date_to=2026-02-10&metrics=orders&period=month_to_date`, key);
    expect(wrong.status).toBe(400);
    expect(((await wrong.response.json()) as ErrorBody).error.fields).toEqual({ period: expect.stringContaining("first day of date_to's month") });
  });

  it("ends a range reaching past today on today, with a warning, and refuses one starting after today", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 1, spend: "1.00" });
    const today = localDate(new Date(), "America/New_York");
    const ahead = addDays(today, 30);
    const { status, response } = await viaKey(`date_from=${D1}&date_to=${ahead}&metrics=orders`, key);
    expect(status).toBe(200);
    const body = (await response.json()) as ReportBody & { range: { date_from: string; date_to: string }; warnings: string[] };
    expect(body.range).toEqual({ date_from: D1, date_to: today });
    expect(body.totals.orders).toBe(2);
    expect(body.warnings).toContain(`date_to ${ahead} is after today; the report ends today (${today} in America/New_York).`);

    const future = await viaKey(`date_from=${addDays(today, 2)}&date_to=${ahead}&metrics=orders`, key);
    expect(future.status).toBe(400);
    expect(Object.keys(((await future.response.json()) as ErrorBody).error.fields ?? {})).toEqual(["date_from"]);
  });

  it("serves the same report by workspace slug", async () => {
    const { workspace, key } = await storeWith({ ordersOnD1: 2, ordersOnD2: 0, spend: "1.00" });
    const query = `${RANGE}&metrics=orders,net_sales&group_by=month`;
    const bySlug = await viaSlug(workspace.slug, query, key);
    expect(bySlug.status).toBe(200);
    const byKey = await viaKey(query, key);
    expect(await bySlug.response.json()).toEqual(await byKey.response.json());
    // The slug route has no use for ?workspace=.
    expect((await viaSlug(workspace.slug, `${query}&workspace=${workspace.slug}`, key)).status).toBe(400);
  });

  it("shows money in the currency's minor units and ratios with four places, the same in JSON and CSV", async () => {
    // 100000.0000 + 19225.1375 = 119225.1375 USD of TikTok spend: shown as 119225.14.
    const { key } = await tiktokWorkspace("USD", ["100000.0000", "19225.1375"], "238450.2750");
    const query = `${RANGE}&metrics=ad_spend,ad_revenue,cpm,roas,ctr&group_by=campaign`;
    const json = (await (await viaKey(query, key)).response.json()) as ReportBody;
    // ROAS 238450.275 / 119225.1375 = 2; CPM 119225.1375 x 1000 / 6000 = 19870.856; CTR 14 / 6000 = 0.23 %.
    expect(json.totals).toEqual({ ad_spend: "119225.14", ad_revenue: "238450.28", cpm: "19870.86", roas: "2.0000", ctr: "0.0023" });
    expect(json.rows.map((r) => r.values)).toEqual([
      { ad_spend: "100000.00", ad_revenue: "238450.28", cpm: "33333.33", roas: "2.3845", ctr: "0.0023" },
      { ad_spend: "19225.14", ad_revenue: "0.00", cpm: "6408.38", roas: "0.0000", ctr: "0.0023" },
    ]);

    const csv = Papa.parse<string[]>(await (await viaKey(`${query}&format=csv`, key)).response.text(), { skipEmptyLines: true }).data;
    expect(csv.slice(1)).toEqual([
      ["Spark 0", "100000.00", "238450.28", "33333.33", "2.3845", "0.0023"],
      ["Spark 1", "19225.14", "0.00", "6408.38", "0.0000", "0.0023"],
      ["Total", "119225.14", "238450.28", "19870.86", "2.0000", "0.0023"],
    ]);
  });

  it("shows whole yen, rounding half away from zero", async () => {
    const { key } = await tiktokWorkspace("JPY", ["1234.5000", "10.2500"], "2000");
    const json = (await (await viaKey(`${RANGE}&metrics=ad_spend,ad_revenue,roas`, key)).response.json()) as ReportBody;
    // 1244.75 yen of spend; ROAS 2000 / 1244.75 = 1.60674...
    expect(json.totals).toEqual({ ad_spend: "1245", ad_revenue: "2000", roas: "1.6067" });
  });

  it("answers the API reference's own example request, aliases and all, with canonical ids", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "40.00" });
    // The example exactly as the document gives it, with the range moved onto the seeded days.
    const { parameters } = buildOpenApiDocument().paths["/api/v1/reports/kpi"]!.get! as { parameters: { name: string; example?: string }[] };
    const example = new URLSearchParams(parameters.filter((p) => p.example).map((p) => [p.name, p.example!]));
    expect(example.toString()).toBe("date_from=2026-01-01&date_to=2026-01-31&metrics=romi%2Ccac%2Crevenue&group_by=campaign_name");
    example.set("date_from", D1);
    example.set("date_to", D2);

    const { status, response } = await viaKey(example.toString(), key);
    expect(status).toBe(200);
    const report = (await response.json()) as ReportBody & { group_by: string; metrics: { id: string }[] };
    expect(report.group_by).toBe("campaign");
    expect(report.metrics.map((m) => m.id)).toEqual(["romi", "cac", "ad_revenue"]);
    // Each campaign brought 120.00 of ad revenue; new customers can't be split by campaign.
    expect(Object.fromEntries(report.rows.map((r) => [r.key, r.values]))).toEqual({
      brand: { romi: "11.0000", cac: null, ad_revenue: "120.00" },
      evil: { romi: "2.0000", cac: null, ad_revenue: "120.00" },
    });
    expect(report.totals).toEqual({ romi: "3.8000", cac: "50.00", ad_revenue: "240.00" });

    const csv = await (await viaKey(`${example.toString()}&format=csv`, key)).response.text();
    expect(csv.split("\r\n")[0]).toBe("campaign,romi,cac,ad_revenue");
  });

  it("answers an unknown metric or dimension with 400 naming the parameter and the ids meant", async () => {
    const { key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    const metric = await viaKey(`${RANGE}&metrics=romi,revenu`, key);
    expect(metric.status).toBe(400);
    const { error } = (await metric.response.json()) as ErrorBody;
    expect(Object.keys(error.fields ?? {})).toEqual(["metrics"]);
    expect(error.message).toContain('"revenu" (did you mean revenue?)');
    expect(error.message).toContain("revenue (= ad_revenue)");

    const dimension = await viaKey(`${RANGE}&metrics=romi&group_by=campaign_names`, key);
    expect(dimension.status).toBe(400);
    const body = ((await dimension.response.json()) as ErrorBody).error;
    expect(Object.keys(body.fields ?? {})).toEqual(["group_by"]);
    expect(body.message).toContain("group_by");
    expect(body.fields!.group_by).toContain("Did you mean campaign_name or campaign?");
  });

  it("says the numbers are being rebuilt, with progress, until the rebuild after a settings change is done", async () => {
    const { workspace, key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    const other = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    type Flagged = ReportBody & { rebuilding: boolean; rebuild_progress: { days_done: number; days_total: number } | null };
    const read = async (k: string) => (await (await viaKey(`${RANGE}&metrics=orders`, k)).response.json()) as Flagged;

    expect(await read(key)).toMatchObject({ rebuilding: false, rebuild_progress: null });
    const queued = await queueRollupRebuild(workspace.id, "Time zone changed");
    const total = queued!.rebuild.daysTotal;
    expect(await read(key)).toMatchObject({ rebuilding: true, rebuild_progress: { days_done: 0, days_total: total } });
    // Another workspace's rebuild is none of this one's business.
    expect((await read(other.key)).rebuilding).toBe(false);

    await rebuildNextChunk(workspace.id, queued!.rebuild.id, { chunkDays: 2 });
    expect((await read(key)).rebuild_progress).toEqual({ days_done: 2, days_total: total });

    expect((await runRollupRebuild(workspace.id, queued!.rebuild.id)).status).toBe("succeeded");
    const done = await read(key);
    expect(done).toMatchObject({ rebuilding: false, rebuild_progress: null, totals: { orders: 1 } });
    expect((done as Flagged & { warnings: string[] }).warnings).toEqual([]);
  });

  it("warns while the last settings change failed to rebuild every day, until a retry succeeds", async () => {
    const { workspace, key } = await storeWith({ ordersOnD1: 1, ordersOnD2: 0, spend: "1.00" });
    type Warned = { rebuilding: boolean; warnings: string[] };
    const read = async () => (await (await viaKey(`${RANGE}&metrics=orders`, key)).response.json()) as Warned;
    const queued = await queueRollupRebuild(workspace.id, "Time zone changed");
    await failRollupRebuild(workspace.id, queued!.rebuild.id, new Error("could not serialize access"));
    const failed = await read();
    expect(failed.rebuilding).toBe(false);
    expect(failed.warnings.join(" ")).toContain("could not be applied to every past day");

    const retried = await queueRollupRebuild(workspace.id, "Time zone changed");
    await runRollupRebuild(workspace.id, retried!.rebuild.id);
    expect((await read()).warnings).toEqual([]);
  });
});
