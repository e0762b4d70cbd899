import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as keyReport } from "@/app/api/v1/reports/kpi/route";
import { createApiKey } from "@/lib/api-keys/service";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { D1, D2, metaWorkspace } from "../metrics/ad-levels-fixture";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function report(query: string, key: string) {
  return keyReport(new NextRequest(`http://localhost/api/v1/reports/kpi?date_from=${D1}&date_to=${D2}&${query}`, { headers: { authorization: `Bearer ${key}` } }));
}

describe("ad group and ad breakdowns over the API", () => {
  it("answers a CSV by ad filtered to one ad group, and documents both dimensions and filters", async () => {
    const account = await metaWorkspace();
    const { key } = await createApiKey(account.workspaceId, { userId: account.ownerId, role: "owner" }, { name: "reports", role: "viewer" });
    const response = await report("metrics=ad_spend,clicks&group_by=ad&ad_group=g1&format=csv", key);
    expect(response.status).toBe(200);
    const lines = Papa.parse<string[]>(await response.text(), { skipEmptyLines: true }).data;
    expect(lines[0]).toEqual(["ad", "ad_spend", "clicks"]);
    // a1: 35.00 + 8.00 on two days, a2: 24.50.
    expect(lines.slice(1).sort()).toEqual([["Carousel", "24.50", "10"], ["Spring video", "43.00", "20"], ["Total", "67.50", "30"]]);

    const unknownFilter = await report("metrics=ad_spend&group_by=ad_groups", key);
    expect(unknownFilter.status).toBe(400);
    expect(JSON.stringify(await unknownFilter.json())).toContain("Did you mean ad_group");

    const document = JSON.stringify(buildOpenApiDocument());
    expect(document).toContain("Only these ad groups (Meta: ad sets)");
    expect(document).toContain("Ad dimensions below the campaign");
  });
});
