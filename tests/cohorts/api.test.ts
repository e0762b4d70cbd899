import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as cohortsRoute } from "@/app/api/v1/workspaces/[slug]/reports/cohorts/route";
import { GET as driversRoute } from "@/app/api/v1/workspaces/[slug]/reports/ltv-drivers/route";
import { auth } from "@/lib/auth";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { seedUser } from "@/lib/seed/factories";
import { addDays, localDate } from "@/lib/time/zone";
import { apiKey, freshWorkspace } from "../dashboards/support";
import { insertCells, insertProfiles } from "./factory";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValueOnce({ user: { id: userId }, expires: "" } as never);

type Route = typeof cohortsRoute;

async function get(route: Route, slug: string, key: string | null, query: string, path = "reports/cohorts") {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/${path}?${query}`, { headers });
  const response = await route(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

async function workspaceWithACohort() {
  const { owner, workspace } = await freshWorkspace();
  const thisMonth = `${localDate(new Date(), workspace.timeZone).slice(0, 7)}-01`;
  await insertCells(workspace.id, [{ cohort: thisMonth, offset: 0, customers: 4, active: 4, orders: 5, net: "200", profit: "80" }]);
  return { owner, workspace, key: await apiKey(workspace.id, owner.id, "viewer"), thisMonth };
}

describe("GET /api/v1/workspaces/{slug}/reports/cohorts", () => {
  it("answers a viewer's key with the cohorts as JSON, and as CSV", async () => {
    const { workspace, key, thisMonth } = await workspaceWithACohort();
    const answer = await get(cohortsRoute, workspace.slug, key, "period=month&metric=ltv");
    expect(answer.status).toBe(200);
    const body = json(answer.text) as { rows: { key: string; customers: number; cells: { value: string }[] }[] };
    expect(body.rows.map((r) => [r.key, r.customers, r.cells[0]!.value])).toEqual([[thisMonth, 4, "50.00"]]);

    const csv = await get(cohortsRoute, workspace.slug, key, "metric=orders&format=csv");
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = Papa.parse<string[]>(csv.text.trim()).data;
    expect(lines[0]).toEqual(["cohort", "label", "customers", "ad_spend", "cac", "ltv_cac_3m", "ltv_cac_6m", "ltv_cac_12m", "payback_offset", "orders 0"]);
    expect(lines[1]!.slice(0, 3)).toEqual([thisMonth, expect.any(String), "4"]);
    expect(lines[1]!.at(-1)).toBe("5");
    expect(lines.at(-1)![0]).toBe("total");
  });

  it("refuses a bad period, metric or segment with a 400 naming the parameter and listing valid values", async () => {
    const { workspace, key } = await workspaceWithACohort();
    for (const [query, field, listed] of [
      ["period=year", "period", "week, month, quarter"],
      ["metric=revenue", "metric", "customers, active_customers, retention"],
      ["segment=city&segment_value=Paris", "segment", "channel, product_group, product"],
    ] as const) {
      const answer = await get(cohortsRoute, workspace.slug, key, query);
      expect(answer.status, query).toBe(400);
      const error = json(answer.text).error as { message: string; fields: Record<string, string> };
      expect(Object.keys(error.fields)).toEqual([field]);
      expect(error.message).toContain(listed);
    }
  });

  it("is 404 for another workspace's key and for a signed-in user who is not a member", async () => {
    const { workspace } = await workspaceWithACohort();
    const other = await workspaceWithACohort();
    expect((await get(cohortsRoute, workspace.slug, other.key, "")).status).toBe(404);
    const stranger = await seedUser();
    signIn(stranger.id);
    expect((await get(cohortsRoute, workspace.slug, null, "")).status).toBe(404);
  });
});

describe("GET /api/v1/workspaces/{slug}/reports/ltv-drivers", () => {
  it("ranks first-order groups by mean 365-day net sales, with a 95% interval from 30 customers up", async () => {
    const { owner, workspace } = await freshWorkspace();
    const today = localDate(new Date(), workspace.timeZone);
    const old = addDays(today, -400);
    await insertProfiles(workspace.id, [
      // Alpha: 15 customers at 100.00 and 15 at 200.00: mean 150.00, sample SD 50.8548, half-width 1.96 × 50.8548 / √30 = 18.1981.
      ...Array.from({ length: 30 }, (_, i) => ({ firstDay: old, groups: ["alpha"], net365: i < 15 ? "100" : "200" })),
      // Beta: 5 customers, too few for an interval.
      ...Array.from({ length: 5 }, () => ({ firstDay: old, groups: ["beta"], net365: "20" })),
      // A customer of ten days ago: their 365 days have not passed, so they do not count.
      { firstDay: addDays(today, -10), groups: ["beta"], net365: "10000" },
    ]);
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const answer = await get(driversRoute, workspace.slug, key, "window=365&by=product_group", "reports/ltv-drivers");
    expect(answer.status).toBe(200);
    const body = json(answer.text) as { overall: unknown; dimensions: { dimension: string; groups: unknown[] }[] };
    // Overall: (30 × 150 + 5 × 20) / 35 = 131.43, outside alpha's interval.
    expect(body.overall).toEqual({ customers: 35, mean: "131.43" });
    expect(body.dimensions).toEqual([
      {
        dimension: "product_group",
        groups: [
          { value: "alpha", label: "alpha", customers: 30, mean: "150.00", ci_low: "131.80", ci_high: "168.20", distinguishable: true },
          { value: "beta", label: "beta", customers: 5, mean: "20.00", ci_low: null, ci_high: null, distinguishable: null },
        ],
      },
    ]);
  });

  it("refuses an unknown window or dimension naming it, and is 404 across workspaces", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const window = await get(driversRoute, workspace.slug, key, "window=30", "reports/ltv-drivers");
    expect(window.status).toBe(400);
    expect((json(window.text).error as { message: string }).message).toBe('window: unknown value "30". Use one of: 90, 180, 365 (days).');
    const by = await get(driversRoute, workspace.slug, key, "by=country", "reports/ltv-drivers");
    expect(Object.keys((json(by.text).error as { fields: object }).fields)).toEqual(["by"]);
    const other = await freshWorkspace();
    const otherKey = await apiKey(other.workspace.id, other.owner.id, "viewer");
    expect((await get(driversRoute, workspace.slug, otherKey, "", "reports/ltv-drivers")).status).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  it("lists both reports with their parameters' valid values and an example answer", () => {
    const doc = buildOpenApiDocument();
    const cohorts = doc.paths["/api/v1/workspaces/{slug}/reports/cohorts"]!.get!;
    const period = cohorts.parameters.find((p) => p.name === "period") as unknown as { schema: { enum: string[] } };
    expect(period.schema.enum).toEqual(["week", "month", "quarter"]);
    const content = (cohorts.responses as Record<string, { content: Record<string, { example?: { rows: unknown[] } }> }>)["200"]!.content;
    expect(content["application/json"]!.example!.rows).toHaveLength(1);
    expect(content["text/csv"]).toBeDefined();
    expect(doc.paths["/api/v1/workspaces/{slug}/reports/ltv-drivers"]!.get!.operationId).toBe("getLtvDrivers");
  });
});
