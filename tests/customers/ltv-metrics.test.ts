import { describe, expect, it, vi } from "vitest";
import { GET as workspaceReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { upsertAdCampaigns, upsertAdInsights } from "@/lib/ads/ingest";
import { sealJson } from "@/lib/crypto/secrets";
import { createDashboard } from "@/lib/dashboards/service";
import { addWidget } from "@/lib/dashboards/widgets";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { runReport } from "@/lib/metrics/report/run";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { addDays } from "@/lib/time/zone";
import { unique } from "../helpers";
import { apiKey, kpiWidget } from "../dashboards/support";
import { bundle } from "../sync/fake-source";
import { customerWorkspace, get, profile } from "./factory";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const today = new Date().toISOString().slice(0, 10);
const at = (day: string) => new Date(`${day}T15:00:00Z`);

/**
 * A UTC store in January 2025, long enough ago that every LTV window has ended. Each order is
 * 100.00 of net sales (tests/sync/fake-source.ts). Customer 601 (google) orders on 01-05, 02-10
 * (inside 90 days) and 07-25 (inside 365): 90-day LTV 200, 365-day 300, predicted 12-month LTV
 * 450. Customer 602 (facebook) orders once on 01-20: 100 and 100, no prediction. Google Ads spent
 * 80.00 in January for 200.00 of revenue and 4 conversions.
 */
async function store() {
  const { owner, workspace, shopId } = await customerWorkspace();
  const scope = { workspaceId: workspace.id, connectionId: shopId };
  await upsertOrderBundles(scope, [
    bundle(1, at("2025-01-05"), { customerId: 601n, utmSource: "google" }),
    bundle(2, at("2025-02-10"), { customerId: 601n }),
    bundle(3, at("2025-07-25"), { customerId: 601n }),
    bundle(4, at("2025-01-20"), { customerId: 602n, utmSource: "facebook" }),
  ]);
  const ads = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "google_ads", externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  const adScope = { workspaceId: workspace.id, connectionId: ads.id };
  await upsertAdCampaigns(adScope, [{ platform: "google_ads", accountId: "1", campaignId: "c1", name: "Brand" }]);
  await upsertAdInsights(adScope, [
    { platform: "google_ads", accountId: "1", campaignId: "c1", day: "2025-01-10", currency: "USD", spend: "80.00", impressions: 1000, clicks: 20, conversions: "4", conversionValue: "200.00" },
  ]);
  await rebuildRollups(workspace.id, { fromDay: "2025-01-01", toDay: "2025-07-31" });
  // What a model fit leaves: a prediction for 601 only.
  await db.customerProfile.update({
    where: { workspaceId_customerKey: { workspaceId: workspace.id, customerKey: `c:${shopId}:601` } },
    data: { predictedLtv12m: new Prisma.Decimal("450.00"), pActive: 0.7, predictedAt: new Date() },
  });
  return { owner, workspace, shopId };
}

const JANUARY = { date_from: "2025-01-01", date_to: "2025-01-31" };

describe("LTV metrics in the KPI report", () => {
  it("averages the LTV windows and predictions of the customers acquired in the range, beside CAC", async () => {
    const { workspace } = await store();
    const report = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_90d", "ltv_365d", "predicted_ltv_12m", "cac", "ltv_cac"] });
    expect(report.totals).toEqual({ ltv_90d: "150.00", ltv_365d: "200.00", predicted_ltv_12m: "450.00", cac: "40.00", ltv_cac: "5.0000" });
    expect(report.warnings).toEqual([]);
    // February acquired nobody: n/a (never 0), and the report says why.
    const february = await runReport(workspace.id, { date_from: "2025-02-01", date_to: "2025-02-28", metrics: ["ltv_365d", "predicted_ltv_12m"] });
    expect(february.totals).toEqual({ ltv_365d: null, predicted_ltv_12m: null });
    expect(february.warnings).toEqual([
      "No customer acquired in this range has had 365 days since the first order yet, so LTV (365 days) is n/a.",
      "No LTV model has predicted the customers acquired in this range yet, so Predicted LTV (12 months) is n/a.",
    ]);
  });

  it("splits by the first order's channel and period, and is n/a for breakdowns it cannot split", async () => {
    const { workspace } = await store();
    const byChannel = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_365d"], group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, r.values.ltv_365d]))).toEqual({ google: "300.00", facebook: "100.00" });
    expect(byChannel.totals.ltv_365d).toBe("200.00");
    const google = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_90d"], filters: { channel: ["google"] } });
    expect(google.totals.ltv_90d).toBe("200.00");
    const byWeek = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_90d"], group_by: "week" });
    expect(byWeek.rows.filter((r) => r.values.ltv_90d !== null).map((r) => [r.key, r.values.ltv_90d])).toEqual([
      ["2024-12-30", "200.00"],
      ["2025-01-20", "100.00"],
    ]);
    // Rows the source cannot split are n/a; the range's total still stands.
    const byCampaign = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_365d", "ad_spend"], group_by: "campaign" });
    expect(byCampaign.rows.map((r) => [r.key, r.values.ltv_365d])).toEqual([["c1", null]]);
    expect(byCampaign.totals.ltv_365d).toBe("200.00");
    // A filter it cannot apply makes even the total n/a.
    const oneGroup = await runReport(workspace.id, { ...JANUARY, metrics: ["ltv_365d"], filters: { product_group: ["gear"] } });
    expect(oneGroup.totals.ltv_365d).toBeNull();
  });

  it("counts a customer only once its window has ended", async () => {
    const { workspace, shopId } = await store();
    // First ordered 100 days ago: its 90 days are over, its 365 are not.
    await profile(workspace.id, {
      key: `c:${shopId}:603`, connectionId: shopId, firstDay: addDays(today, -100), channel: "direct", netSales: "70.00", netSales90: "60.00",
    });
    const report = await runReport(workspace.id, { date_from: addDays(today, -120), date_to: today, metrics: ["ltv_90d", "ltv_365d"] });
    expect(report.totals).toEqual({ ltv_90d: "60.00", ltv_365d: null });
    expect(report.warnings).toContain("No customer acquired in this range has had 365 days since the first order yet, so LTV (365 days) is n/a.");
  });

  it("shows a new model fit's predictions at once, though no rollup moved", async () => {
    const { workspace, shopId } = await store();
    const before = await runReport(workspace.id, { ...JANUARY, metrics: ["predicted_ltv_12m"] });
    expect(before.totals.predicted_ltv_12m).toBe("450.00");
    await db.customerProfile.update({
      where: { workspaceId_customerKey: { workspaceId: workspace.id, customerKey: `c:${shopId}:602` } },
      data: { predictedLtv12m: new Prisma.Decimal("150.00"), predictedAt: new Date() },
    });
    await db.ltvModel.create({
      data: { workspaceId: workspace.id, status: "fitted", customers: 2, repeatCustomers: 1, calibrationEnd: new Date(`${today}T00:00:00Z`), durationMs: 5, fittedAt: new Date() },
    });
    const after = await runReport(workspace.id, { ...JANUARY, metrics: ["predicted_ltv_12m"] });
    expect(after.totals.predicted_ltv_12m).toBe("300.00");
  });

  it("answers metrics=ltv_365d,cac,romi,cpa in the KPI API", async () => {
    const { owner, workspace } = await store();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const response = await get(
      workspaceReport,
      `/api/v1/workspaces/${workspace.slug}/reports/kpi?date_from=2025-01-01&date_to=2025-01-31&metrics=ltv_365d,cac,romi,cpa`,
      { slug: workspace.slug },
      key,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { totals: Record<string, unknown>; metrics: { id: string; format: string }[] };
    // romi = (200 - 80) / 80; cpa = 80 / 4.
    expect(body.totals).toEqual({ ltv_365d: "200.00", cac: "40.00", romi: "1.5000", cpa: "20.00" });
    expect(body.metrics.map((m) => [m.id, m.format])).toEqual([["ltv_365d", "money"], ["cac", "money"], ["romi", "ratio"], ["cpa", "money"]]);
  });

  it("lets a KPI card show any LTV metric", async () => {
    const { owner, workspace } = await store();
    const dashboard = await createDashboard(workspace.id, { name: "LTV" }, owner.id);
    for (const metric of ["ltv_90d", "ltv_365d", "predicted_ltv_12m", "ltv_cac"]) {
      const widget = await addWidget(workspace.id, dashboard.id, kpiWidget(metric));
      expect(widget.config.metrics).toEqual([metric]);
    }
  });
});
