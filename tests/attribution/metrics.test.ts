import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as workspaceReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { createDashboard, getDashboard } from "@/lib/dashboards/service";
import { widgetReportRequest } from "@/lib/dashboards/report-request";
import { addWidget } from "@/lib/dashboards/widgets";
import { db } from "@/lib/db/client";
import { runReport } from "@/lib/metrics/report/run";
import { apiKey, kpiWidget } from "../dashboards/support";
import { expectAppError } from "../helpers";
import { workspaceWithSpend } from "./screen-support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// The attribution metrics of the registry, read from the stored daily credits by the report
// engine: a new customer's $10 order after a Google click and an email visit, an unmatched $5
// order, $4.00 on Google and EUR 2 (at 1.1) on Meta the day before (screen-support.ts).

// Not whole weeks or months, so every source reads its daily rows.
const RANGE = { date_from: "2026-11-18", date_to: "2026-11-21" };

describe("attribution metrics", () => {
  it("reads each model's and window's credits per channel, with ROAS over attributed revenue", async () => {
    const { workspace } = await workspaceWithSpend();
    const report = await runReport(workspace.id, {
      ...RANGE, group_by: "channel",
      metrics: ["attributed_revenue:linear:7", "attributed_orders:first_touch:7", "attributed_roas:first_touch:7", "attributed_revenue:last_touch"],
    });
    expect(report.metrics.map((m) => m.label)).toEqual([
      "Attributed revenue (Linear, 7 days)", "Attributed orders (First touch, 7 days)", "Attributed ROAS (First touch, 7 days)", "Attributed revenue (Last touch)",
    ]);
    const byChannel = Object.fromEntries(report.rows.map((r) => [r.key, r.values]));
    expect(byChannel.google).toEqual({
      "attributed_revenue:linear:7": "5.00", "attributed_orders:first_touch:7": 1, "attributed_roas:first_touch:7": "2.5000", "attributed_revenue:last_touch": "0.00",
    });
    expect(byChannel.email).toMatchObject({ "attributed_revenue:linear:7": "5.00", "attributed_orders:first_touch:7": 0, "attributed_revenue:last_touch": "10.00" });
    // Spend without credit: ROAS 0; the unmatched $5 order is nobody's.
    expect(byChannel.facebook).toMatchObject({ "attributed_revenue:linear:7": "0.00", "attributed_roas:first_touch:7": "0.0000" });
    // $10 over $6.20 of spend.
    expect(report.totals).toMatchObject({ "attributed_revenue:linear:7": "10.00", "attributed_orders:first_touch:7": 1, "attributed_roas:first_touch:7": "1.6129" });
  });

  it("uses the workspace's default model and window without parameters, and follows a change of them at once", async () => {
    const { workspace } = await workspaceWithSpend();
    const ask = () => runReport(workspace.id, { ...RANGE, group_by: "channel", metrics: ["attributed_revenue"] });
    // The defaults: last non-direct over 28 days, so the email visit closes it.
    expect(Object.fromEntries((await ask()).rows.map((r) => [r.key, r.values.attributed_revenue]))).toEqual({ email: "10.00" });
    await db.attributionSettings.create({
      data: { workspaceId: workspace.id, halfLifeDays: 7, positionFirst: 0.4, positionLast: 0.4, defaultModel: "first_touch", defaultWindow: 7 },
    });
    expect(Object.fromEntries((await ask()).rows.map((r) => [r.key, r.values.attributed_revenue]))).toEqual({ google: "10.00" });
  });

  it("breaks down and filters by campaign and platform", async () => {
    const { workspace } = await workspaceWithSpend();
    const google = await runReport(workspace.id, { ...RANGE, metrics: ["attributed_revenue:first_touch:7", "attributed_revenue:last_touch:7"], filters: { campaign: ["Brand search"] } });
    expect(google.totals).toEqual({ "attributed_revenue:first_touch:7": "10.00", "attributed_revenue:last_touch:7": "0.00" });
    const meta = await runReport(workspace.id, { ...RANGE, metrics: ["attributed_revenue:first_touch:7"], filters: { platform: ["meta_ads"] } });
    expect(meta.totals).toEqual({ "attributed_revenue:first_touch:7": "0.00" });
    const campaigns = await runReport(workspace.id, { ...RANGE, metrics: ["attributed_revenue:first_touch:7", "ad_spend"], group_by: "campaign" });
    expect(campaigns.rows.map((r) => [r.key, r.label, r.values["attributed_revenue:first_touch:7"], r.values.ad_spend])).toEqual(
      expect.arrayContaining([["987", "Brand search", "10.00", "4.00"], ["555", "Prospecting", "0.00", "2.20"]]),
    );
    // Two dimensions at once: the channel and the campaign its credit went to.
    const pairs = await runReport(workspace.id, { ...RANGE, metrics: ["attributed_revenue:linear:7"], group_by: "channel,campaign" });
    expect(Object.fromEntries(pairs.rows.map((r) => [r.key, r.values["attributed_revenue:linear:7"]]))).toEqual({
      "google|987": "5.00", "email|utm:winter": "5.00",
    });
  });

  it("refuses an unknown model or window with a 400 naming it", async () => {
    const { workspace } = await workspaceWithSpend();
    for (const [metric, named] of [["attributed_revenue:gut_feeling", "model"], ["attributed_orders:linear:3", "window"], ["attributed_roas:linear:7:cash", "at most a model and a window"]] as const) {
      const error = await expectAppError(runReport(workspace.id, { ...RANGE, metrics: [metric] }), "bad_request");
      expect(error.fields?.metrics, metric).toContain(named);
    }
  });

  it("serves dashboards' KPI widgets and the reports API", async () => {
    const { workspace, owner } = await workspaceWithSpend();
    const dashboard = await createDashboard(workspace.id, { name: "Attribution" }, owner.id);
    const widget = await addWidget(workspace.id, dashboard.id, kpiWidget("attributed_revenue:first_touch:7"));
    expect(widget.problem).toBeNull();
    expect((await getDashboard(workspace.id, dashboard.id)).widgets[0]!.problem).toBeNull();
    const shown = await runReport(workspace.id, widgetReportRequest(widget, { from: RANGE.date_from, to: RANGE.date_to }, "none"));
    expect(shown.totals).toEqual({ "attributed_revenue:first_touch:7": "10.00" });
    const bad = await expectAppError(addWidget(workspace.id, dashboard.id, kpiWidget("attributed_revenue:gut_feeling")), "bad_request");
    expect(bad.fields?.["config.metrics"]).toContain('unknown model "gut_feeling"');

    const key = await apiKey(workspace.id, owner.id, "viewer");
    const call = async (query: string) => {
      const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?date_from=${RANGE.date_from}&date_to=${RANGE.date_to}&${query}`;
      const response = await workspaceReport(new NextRequest(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ slug: workspace.slug }) });
      return { status: response.status, body: await response.json() };
    };
    const ok = await call("metrics=attributed_orders:linear:7,attributed_revenue:linear:7&group_by=platform");
    expect(ok.status).toBe(200);
    expect(ok.body.totals).toEqual({ "attributed_orders:linear:7": 1, "attributed_revenue:linear:7": "10.00" });
    expect(ok.body.rows.find((r: { key: string }) => r.key === "google_ads").values).toEqual({ "attributed_orders:linear:7": 1, "attributed_revenue:linear:7": "5.00" });
    const refused = await call("metrics=attributed_orders:linear:3");
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.metrics).toContain('unknown window "3"');
  });
});
