import { describe, expect, it } from "vitest";
import { runCohortReport } from "@/lib/cohorts/report";
import { getPool } from "@/lib/db/pool";
import { createDashboard } from "@/lib/dashboards/service";
import { addWidget, updateWidget } from "@/lib/dashboards/widgets";
import { expectAppError } from "../helpers";
import { freshWorkspace } from "../dashboards/support";
import { insertCells } from "./factory";

const layout = { x: 0, y: 0, w: 12, h: 5 };

async function dashboardOf() {
  const { owner, workspace } = await freshWorkspace();
  const dashboard = await createDashboard(workspace.id, { name: "Cohorts" }, owner.id);
  return { workspace, dashboard };
}

describe("cohort widgets", () => {
  it("are stored with their cohort settings, defaults filled in, and no metrics", async () => {
    const { workspace, dashboard } = await dashboardOf();
    const widget = await addWidget(workspace.id, dashboard.id, {
      type: "cohort_heatmap", title: "Retention", layout, config: { metrics: [], cohort: { period: "week", metric: "ltv" } },
    });
    expect(widget.type).toBe("cohort_heatmap");
    expect(widget.problem).toBeNull();
    expect(widget.config.metrics).toEqual([]);
    expect(widget.config.cohort).toEqual({ period: "week", metric: "ltv", segment: null, segment_value: null, cohort_by: null });
    const moved = await updateWidget(workspace.id, dashboard.id, widget.id, { type: "ltv_curves", config: { metrics: [] } });
    expect([moved.type, moved.config.cohort?.period]).toEqual(["ltv_curves", "month"]);
  });

  it("refuses a bad cohort setting naming it, and a report widget still needs a metric", async () => {
    const { workspace, dashboard } = await dashboardOf();
    const period = await expectAppError(
      addWidget(workspace.id, dashboard.id, { type: "ltv_curves", title: "x", layout, config: { metrics: [], cohort: { period: "year" } } }),
      "bad_request",
    );
    expect(Object.keys(period.fields ?? {})).toEqual(["config.cohort.period"]);
    const value = await expectAppError(
      addWidget(workspace.id, dashboard.id, { type: "ltv_cac", title: "x", layout, config: { metrics: [], cohort: { segment: "channel" } } }),
      "bad_request",
    );
    expect(Object.keys(value.fields ?? {})).toEqual(["config.cohort.segment_value"]);
    const kpi = await expectAppError(addWidget(workspace.id, dashboard.id, { type: "kpi", title: "x", layout, config: { metrics: [] } }), "bad_request");
    expect(kpi.fields).toEqual({ "config.metrics": "Pick at least one metric." });
  });
});

describe("predicted LTV beside the cohorts", () => {
  it("is absent before any fit, and shows the model's 12-month prediction per monthly cohort once fitted", async () => {
    const { workspace } = await freshWorkspace();
    await insertCells(workspace.id, [{ cohort: "2026-01-01", offset: 0, customers: 10, active: 10, orders: 10, net: "500", profit: "100" }]);
    const now = new Date("2026-03-10T12:00:00Z");
    const before = await runCohortReport(workspace.id, { period: "month", metric: "ltv" }, { now });
    expect(before.model).toBeNull();
    expect(before.rows[0]!.predicted_ltv_12m).toBeNull();

    await getPool().query(
      `INSERT INTO ltv_models (workspace_id, status, customers, repeat_customers, calibration_end, cohorts, duration_ms, fitted_at)
       VALUES ($1, 'fitted', 10, 4, '2026-03-01', $2::jsonb, 120, '2026-03-02T03:00:00Z')`,
      [workspace.id, JSON.stringify([{ cohort: "2026-01-01", customers: 10, predicted: "120.5" }])],
    );
    const after = await runCohortReport(workspace.id, { period: "month", metric: "ltv" }, { now });
    expect(after.model).toEqual({ status: "fitted", reason: null, fitted_at: "2026-03-02T03:00:00.000Z" });
    expect(after.rows[0]!.predicted_ltv_12m).toBe("120.50");
    // Weekly cohorts are not what the model predicts.
    const weekly = await runCohortReport(workspace.id, { period: "week", metric: "ltv", date_from: "2026-01-01" }, { now });
    expect(weekly.rows.every((r) => r.predicted_ltv_12m === null)).toBe(true);
  });
});
