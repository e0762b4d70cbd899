import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DEFAULT_DASHBOARDS, ensureDefaultDashboards } from "@/lib/dashboards/defaults";
import { GRID_COLUMNS, ZWidgetInputSchema, type TWidgetLayout } from "@/lib/dashboards/schema";
import { createDashboard, getDashboard, listDashboards } from "@/lib/dashboards/service";
import { availableMetrics } from "@/lib/metrics/definitions/catalog";
import { dashboardRows, freshWorkspace } from "./support";

const overlaps = (a: TWidgetLayout, b: TWidgetLayout) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("the default dashboards", () => {
  it("are valid widgets laid out on the grid without overlaps", () => {
    for (const dashboard of DEFAULT_DASHBOARDS) {
      for (const widget of dashboard.widgets) {
        expect(ZWidgetInputSchema.safeParse(widget).success, `${dashboard.name} / ${widget.title}`).toBe(true);
        expect(widget.layout.x + widget.layout.w, widget.title).toBeLessThanOrEqual(GRID_COLUMNS);
      }
      dashboard.widgets.forEach((a, i) =>
        dashboard.widgets.slice(i + 1).forEach((b) => expect(overlaps(a.layout, b.layout), `${a.title} overlaps ${b.title}`).toBe(false)),
      );
    }
    expect(DEFAULT_DASHBOARDS.filter((d) => d.isDefault).map((d) => d.name)).toEqual(["Overview"]);
  });

  it("name only metrics a new workspace has", async () => {
    const { workspace } = await freshWorkspace();
    const known = new Set((await availableMetrics(workspace.id)).map((m) => m.id));
    const used = DEFAULT_DASHBOARDS.flatMap((d) => d.widgets.flatMap((w) => w.config.metrics));
    expect(used.filter((id) => !known.has(id))).toEqual([]);
  });

  it("are created with every new workspace, Overview first and default", async () => {
    const { workspace } = await freshWorkspace();
    const rows = await dashboardRows(workspace.id);
    expect(rows.map((r) => [r.name, r.isDefault, r.position])).toEqual([
      ["Overview", true, 0],
      ["Ads", false, 1],
    ]);
    expect(rows.map((r) => r.widgets.length)).toEqual(DEFAULT_DASHBOARDS.map((d) => d.widgets.length));
    const overview = await getDashboard(workspace.id, rows[0]!.id);
    const kpis = overview.widgets.filter((w) => w.type === "kpi").map((w) => w.config.metrics[0]);
    expect(kpis).toEqual(["total_sales", "orders", "aov", "ad_spend", "mer", "roas", "sessions", "conversion_rate", "new_customers", "returning_customers"]);
    expect(overview.widgets.every((w) => w.problem === null)).toBe(true);
    const ads = await getDashboard(workspace.id, rows[1]!.id);
    const campaigns = ads.widgets.find((w) => w.title === "Campaigns");
    expect(campaigns?.config).toMatchObject({ breakdown: "campaign", sort: { metric: "ad_spend", direction: "desc" }, limit: 50 });
  });

  it("are created once, however many callers race", async () => {
    const { workspace } = await freshWorkspace();
    // A workspace from before dashboards existed.
    await db.dashboard.deleteMany({ where: { workspaceId: workspace.id } });
    await Promise.all([
      ...Array.from({ length: 4 }, () => ensureDefaultDashboards(workspace.id)),
      ...Array.from({ length: 4 }, () => listDashboards(workspace.id)),
    ]);
    const rows = await dashboardRows(workspace.id);
    expect(rows.map((r) => r.name)).toEqual(["Overview", "Ads"]);
    expect(await db.dashboardWidget.count({ where: { workspaceId: workspace.id } })).toBe(
      DEFAULT_DASHBOARDS.reduce((sum, d) => sum + d.widgets.length, 0),
    );
  });

  it("are not added again to a workspace that has dashboards", async () => {
    const { workspace } = await freshWorkspace();
    const overview = (await dashboardRows(workspace.id))[0]!;
    await db.dashboard.delete({ where: { workspaceId_id: { workspaceId: workspace.id, id: overview.id } } });
    await ensureDefaultDashboards(workspace.id);
    const list = await listDashboards(workspace.id);
    expect(list.map((d) => d.name)).toEqual(["Ads"]);
  });

  it("appear lazily when a workspace without any lists its dashboards", async () => {
    const { workspace } = await freshWorkspace();
    await db.dashboard.deleteMany({ where: { workspaceId: workspace.id } });
    const list = await listDashboards(workspace.id);
    expect(list.map((d) => [d.name, d.is_default])).toEqual([
      ["Overview", true],
      ["Ads", false],
    ]);
  });

  it("come first when a workspace without any creates its own dashboard", async () => {
    const { workspace, owner } = await freshWorkspace();
    await db.dashboard.deleteMany({ where: { workspaceId: workspace.id } });
    await createDashboard(workspace.id, { name: "Mine" }, owner.id);
    const list = await listDashboards(workspace.id);
    expect(list.map((d) => [d.name, d.is_default])).toEqual([
      ["Overview", true],
      ["Ads", false],
      ["Mine", false],
    ]);
  });
});
