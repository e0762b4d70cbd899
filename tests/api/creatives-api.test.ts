import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/v1/workspaces/[slug]/creatives/route";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { D1, D2, metaWorkspace } from "../metrics/ad-levels-fixture";
import { apiKey, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function creatives(slug: string, key: string, query: string) {
  const response = await GET(new NextRequest(`http://localhost/api/v1/workspaces/${slug}/creatives?${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ slug }),
  });
  return response;
}

describe("the creative table API", () => {
  it("lists each ad with its figures, comparison and names, sorted, as JSON and CSV", async () => {
    const account = await metaWorkspace();
    const key = await apiKey(account.workspaceId, account.ownerId, "viewer");
    // D2 alone, compared with D1: a1 spent 8.00 (35.00 the day before).
    const day = await creatives(account.slug, key, `date_from=${D2}&date_to=${D2}`);
    expect(day.status).toBe(200);
    const one = (await day.json()) as { rows: Record<string, unknown>[]; compare_from: string };
    expect(one.compare_from).toBe(D1);
    expect(one.rows).toEqual([
      expect.objectContaining({
        ad_id: "a1", name: "Spring video", platform: "meta_ads", campaign_id: "c1", campaign_name: "Prospecting",
        spend: "8.00", clicks: 10, impressions: 1000, ctr: "0.0100", conversions: "1", cpa: "8.00", conversion_value: "50.00", roas: "6.2500",
        compare_spend: "35.00", compare_roas: "1.4286", spend_change: "-0.7714", thumbnail_url: null,
      }),
    ]);

    // Both days, cheapest first; spend reported only above the ad level has no row.
    const both = await creatives(account.slug, key, `date_from=${D1}&date_to=${D2}&sort=spend&direction=asc`);
    const rows = ((await both.json()) as { rows: { ad_id: string; spend: string }[] }).rows;
    expect(rows.map((r) => [r.ad_id, r.spend])).toEqual([["a4", "5.00"], ["a3", "15.00"], ["a2", "24.50"], ["a1", "43.00"]]);

    const filtered = await creatives(account.slug, key, `date_from=${D1}&date_to=${D2}&campaign=Retargeting&format=csv`);
    const lines = Papa.parse<string[]>(await filtered.text(), { skipEmptyLines: true }).data;
    expect(lines.map((l) => l.slice(0, 6))).toEqual([
      ["ad_id", "ad", "status", "platform", "campaign", "spend"],
      ["a3", "Reminder", "", "meta_ads", "Retargeting", "15.00"],
      ["a4", "Discount", "", "meta_ads", "Retargeting", "5.00"],
    ]);
    expect(JSON.stringify(buildOpenApiDocument())).toContain("/api/v1/workspaces/{slug}/creatives");
  });

  it("answers 400 naming the field for bad input, and 404 to another workspace's key", async () => {
    const account = await metaWorkspace();
    const key = await apiKey(account.workspaceId, account.ownerId, "viewer");
    for (const [query, field] of [
      [`date_from=${D2}&date_to=${D1}`, "date_to"], [`date_from=yesterday&date_to=${D1}`, "date_from"], [`date_to=${D1}`, "date_from"],
      [`date_from=${D1}&date_to=${D2}&sort=magic`, "sort"], [`date_from=${D1}&date_to=${D2}&colour=red`, "colour"],
    ]) {
      const response = await creatives(account.slug, key, query!);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty([field!]);
    }
    const { owner, workspace } = await freshWorkspace();
    const otherKey = await apiKey(workspace.id, owner.id, "owner");
    expect((await creatives(account.slug, otherKey, `date_from=${D1}&date_to=${D2}`)).status).toBe(404);
  });
});
