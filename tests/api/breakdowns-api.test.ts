import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as keyReport } from "@/app/api/v1/reports/kpi/route";
import { createApiKey } from "@/lib/api-keys/service";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { breakdownStore } from "../metrics/breakdown-fixture";
import { D1, D3 } from "../metrics/store-fixture";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function report(query: string, key: string) {
  const response = await keyReport(new NextRequest(`http://localhost/api/v1/reports/kpi?date_from=${D1}&date_to=${D3}&${query}`, { headers: { authorization: `Bearer ${key}` } }));
  return { status: response.status, response };
}

async function keyFor(store: Awaited<ReturnType<typeof breakdownStore>>) {
  return (await createApiKey(store.workspaceId, { userId: store.ownerId, role: "owner" }, { name: "reports", role: "viewer" })).key;
}

describe("two-dimension reports over the API", () => {
  it("answers product x country as JSON and as CSV with a column per dimension, and only from the caller's workspace", async () => {
    const store = await breakdownStore();
    const key = await keyFor(store);
    const json = await report("metrics=net_sales,units&group_by=product,country", key);
    expect(json.status).toBe(200);
    const body = (await json.response.json()) as { group_by: string; then_by: string; rows: { key: string; keys: string[] }[] };
    expect([body.group_by, body.then_by]).toEqual(["product", "country"]);
    expect(body.rows.map((r) => r.key)).toEqual(["11|US", "22|US", "11|CA"]);

    const csv = await report("metrics=net_sales,units&group_by=product,country&country=US&format=csv", key);
    expect(Papa.parse<string[]>(await csv.response.text(), { skipEmptyLines: true }).data).toEqual([
      ["product", "country", "net_sales", "units"],
      ["Classic Tee", "United States", "61.00", "3"],
      ["Mug", "United States", "42.00", "3"],
      ["Total", "", "103.00", "6"],
    ]);

    // Another workspace's key reads its own (empty) store, never this one's.
    const otherOwner = await seedUser();
    const other = await seedWorkspace(otherOwner.id, { timeZone: "America/New_York" });
    const otherKey = await keyFor({ workspaceId: other.id, ownerId: otherOwner.id, slug: other.slug });
    const theirs = await report("metrics=net_sales&group_by=product,country", otherKey);
    expect(((await theirs.response.json()) as { rows: unknown[] }).rows).toEqual([]);
  });

  it("answers 400 naming group_by for three dimensions or an unknown one, and documents the dimensions", async () => {
    const { workspaceId, ownerId, slug } = await breakdownStore();
    const key = await keyFor({ workspaceId, ownerId, slug });
    for (const groupBy of ["product,country,region", "product,galaxy"]) {
      const { status, response } = await report(`metrics=units&group_by=${groupBy}`, key);
      expect(status).toBe(400);
      const body = (await response.json()) as { error: { fields: Record<string, string> } };
      expect(body.error.fields.group_by).toContain("product, variant, product_type, vendor, country, region, customer_type, discount_code, sales_channel");
    }
    const document = JSON.stringify(buildOpenApiDocument());
    expect(document).toContain("then_by");
    expect(document).toContain("Only orders shipped to these countries");
  });
});
