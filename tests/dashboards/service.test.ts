import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ZDashboardSchema } from "@/lib/dashboards/schema";
import {
  createDashboard, deleteDashboard, duplicateDashboard, getDashboard, listDashboards, updateDashboard,
} from "@/lib/dashboards/service";
import { addWidget, removeWidget, saveLayout, updateWidget } from "@/lib/dashboards/widgets";
import { expectAppError } from "../helpers";
import { dashboardRows, freshWorkspace, kpiWidget } from "./support";

async function withDashboard() {
  const { owner, workspace } = await freshWorkspace();
  const dashboard = await createDashboard(workspace.id, { name: "  Growth  " }, owner.id);
  return { owner, workspace, dashboard };
}

const defaultsOf = async (workspaceId: string) =>
  (await listDashboards(workspaceId)).filter((d) => d.is_default).map((d) => d.id);

describe("dashboards", () => {
  it("creates a dashboard last in the list, not the default", async () => {
    const { workspace, dashboard } = await withDashboard();
    expect(ZDashboardSchema.parse(dashboard)).toEqual(dashboard);
    expect(dashboard).toMatchObject({ name: "Growth", is_default: false, widgets: [] });
    const list = await listDashboards(workspace.id);
    expect(list.map((d) => d.name)).toEqual(["Overview", "Ads", "Growth"]);
    expect(list.map((d) => d.position)).toEqual([0, 1, 2]);
  });

  it("refuses a blank or overlong name, naming the field", async () => {
    const { workspace, owner } = await freshWorkspace();
    for (const name of ["   ", "x".repeat(81)]) {
      const error = await expectAppError(createDashboard(workspace.id, { name }, owner.id), "bad_request");
      expect(Object.keys(error.fields ?? {})).toEqual(["name"]);
    }
    expect(await db.dashboard.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it("keeps exactly one default when another is marked", async () => {
    const { workspace, dashboard } = await withDashboard();
    const updated = await updateDashboard(workspace.id, dashboard.id, { is_default: true, name: "Growth team" });
    expect(updated).toMatchObject({ is_default: true, name: "Growth team" });
    expect(await defaultsOf(workspace.id)).toEqual([dashboard.id]);
  });

  it("keeps exactly one default when two are marked at once", async () => {
    const { workspace, dashboard } = await withDashboard();
    const ads = (await listDashboards(workspace.id)).find((d) => d.name === "Ads")!;
    await Promise.all([
      updateDashboard(workspace.id, dashboard.id, { is_default: true }),
      updateDashboard(workspace.id, ads.id, { is_default: true }),
    ]);
    expect(await defaultsOf(workspace.id)).toHaveLength(1);
  });

  it("refuses to unmark the default directly", async () => {
    const { workspace } = await freshWorkspace();
    const [overview] = await listDashboards(workspace.id);
    const error = await expectAppError(updateDashboard(workspace.id, overview!.id, { is_default: false }), "bad_request");
    expect(error.fields).toHaveProperty("is_default");
    expect(await defaultsOf(workspace.id)).toEqual([overview!.id]);
  });

  it("duplicates a dashboard with copies of its widgets", async () => {
    const { workspace, owner, dashboard } = await withDashboard();
    await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    await addWidget(workspace.id, dashboard.id, {
      type: "table", title: "By channel",
      config: { metrics: ["net_sales", "orders"], breakdown: "channel", sort: { metric: "orders", direction: "asc" }, limit: 25 },
      layout: { x: 3, y: 0, w: 9, h: 5 },
    });
    const source = await getDashboard(workspace.id, dashboard.id);
    const copy = await duplicateDashboard(workspace.id, dashboard.id, {}, owner.id);

    expect(copy).toMatchObject({ name: "Growth (copy)", is_default: false, position: 3 });
    const strip = (d: typeof copy) => d.widgets.map((w) => ({ ...w, id: undefined }));
    expect(strip(copy)).toEqual(strip(source));
    expect(copy.widgets.map((w) => w.id)).not.toEqual(expect.arrayContaining(source.widgets.map((w) => w.id)));
    // The source keeps its own widgets.
    expect((await getDashboard(workspace.id, dashboard.id)).widgets).toHaveLength(2);

    const named = await duplicateDashboard(workspace.id, dashboard.id, { name: "Growth Q3" }, owner.id);
    expect(named.name).toBe("Growth Q3");
  });

  it("keeps a copy's name within the limit", async () => {
    const { workspace, owner } = await freshWorkspace();
    const long = await createDashboard(workspace.id, { name: "n".repeat(80) }, owner.id);
    const copy = await duplicateDashboard(workspace.id, long.id, {}, owner.id);
    expect(copy.name.length).toBeLessThanOrEqual(80);
    expect(copy.name.endsWith(" (copy)")).toBe(true);
  });

  it("makes the first remaining dashboard the default when the default is deleted", async () => {
    const { workspace } = await withDashboard();
    const [overview, ads] = await listDashboards(workspace.id);
    await deleteDashboard(workspace.id, overview!.id);
    expect(await db.dashboardWidget.count({ where: { workspaceId: workspace.id, dashboardId: overview!.id } })).toBe(0);
    const list = await listDashboards(workspace.id);
    expect(list.map((d) => [d.name, d.is_default])).toEqual([
      ["Ads", true],
      ["Growth", false],
    ]);
    expect(list[0]!.id).toBe(ads!.id);
  });

  it("refuses to delete the last dashboard", async () => {
    const { workspace } = await freshWorkspace();
    const [overview, ads] = await listDashboards(workspace.id);
    await deleteDashboard(workspace.id, ads!.id);
    const error = await expectAppError(deleteDashboard(workspace.id, overview!.id), "conflict");
    expect(error.message).toMatch(/only dashboard/);
    expect((await listDashboards(workspace.id)).map((d) => [d.id, d.is_default])).toEqual([[overview!.id, true]]);
  });

  it("treats another workspace's dashboard as missing", async () => {
    const { workspace, owner } = await freshWorkspace();
    const theirs = await withDashboard();
    const id = theirs.dashboard.id;
    await expectAppError(getDashboard(workspace.id, id), "not_found");
    await expectAppError(updateDashboard(workspace.id, id, { name: "Mine now" }), "not_found");
    await expectAppError(duplicateDashboard(workspace.id, id, {}, owner.id), "not_found");
    await expectAppError(deleteDashboard(workspace.id, id), "not_found");
    await expectAppError(addWidget(workspace.id, id, kpiWidget("orders")), "not_found");
    await expectAppError(saveLayout(workspace.id, id, { items: [] }), "not_found");
    expect(await getDashboard(theirs.workspace.id, id)).toMatchObject({ name: "Growth", widgets: [] });
  });
});

describe("widgets", () => {
  it("adds, edits in part and removes a widget", async () => {
    const { workspace, dashboard } = await withDashboard();
    const widget = await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    expect(widget).toMatchObject({ type: "kpi", title: "KPI orders", problem: null, config: { metrics: ["orders"], breakdown: null, limit: 10 } });

    const renamed = await updateWidget(workspace.id, dashboard.id, widget.id, { title: "Orders today" });
    expect(renamed).toMatchObject({ title: "Orders today", config: widget.config, layout: widget.layout });

    const changed = await updateWidget(workspace.id, dashboard.id, widget.id, {
      type: "line", config: { metrics: ["orders", "aov"], breakdown: "week" }, layout: { x: 0, y: 2, w: 12, h: 4 },
    });
    expect(changed).toMatchObject({ type: "line", title: "Orders today", config: { metrics: ["orders", "aov"], breakdown: "week" }, layout: { x: 0, y: 2, w: 12, h: 4 } });

    await removeWidget(workspace.id, dashboard.id, widget.id);
    expect((await getDashboard(workspace.id, dashboard.id)).widgets).toEqual([]);
  });

  it("refuses unknown metrics, sorting by a metric not shown and widgets past the grid", async () => {
    const { workspace, dashboard } = await withDashboard();
    const unknown = await expectAppError(addWidget(workspace.id, dashboard.id, kpiWidget("revenue_per_vibe")), "bad_request");
    expect(unknown.fields?.["config.metrics"]).toMatch(/revenue_per_vibe/);
    expect(unknown.fields?.["config.metrics"]).toMatch(/total_sales/);

    const sort = await expectAppError(
      addWidget(workspace.id, dashboard.id, { ...kpiWidget("orders"), type: "table", config: { metrics: ["orders"], sort: { metric: "aov", direction: "desc" } } }),
      "bad_request",
    );
    expect(sort.fields).toHaveProperty(["config.sort.metric"]);

    const wide = await expectAppError(addWidget(workspace.id, dashboard.id, kpiWidget("orders", { x: 8, y: 0, w: 6, h: 2 })), "bad_request");
    expect(wide.fields).toHaveProperty(["layout.w"]);

    const empty = await expectAppError(addWidget(workspace.id, dashboard.id, { ...kpiWidget("orders"), title: " ", config: { metrics: [] } }), "bad_request");
    expect(Object.keys(empty.fields ?? {}).sort()).toEqual(["config.metrics", "title"]);

    const widget = await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    const edit = await expectAppError(updateWidget(workspace.id, dashboard.id, widget.id, { config: { metrics: ["nope"] } }), "bad_request");
    expect(edit.fields).toHaveProperty(["config.metrics"]);
    expect((await getDashboard(workspace.id, dashboard.id)).widgets.map((w) => w.config.metrics)).toEqual([["orders"]]);
  });

  it("accepts a product group's metrics while the group exists", async () => {
    const { workspace, dashboard } = await withDashboard();
    await db.productGroup.create({ data: { workspaceId: workspace.id, key: "alpha", name: "Alpha Pro" } });
    const widget = await addWidget(workspace.id, dashboard.id, kpiWidget("product_group_sales:alpha"));
    expect(widget.problem).toBeNull();

    await db.productGroup.deleteMany({ where: { workspaceId: workspace.id, key: "alpha" } });
    const [shown] = (await getDashboard(workspace.id, dashboard.id)).widgets;
    expect(shown!.problem).toBe(
      "This widget uses the metric product_group_sales:alpha, which no longer exists. Edit the widget to pick another.",
    );
    expect(shown!.config.metrics).toEqual(["product_group_sales:alpha"]);
  });

  it("shows a stored config it cannot read as a problem instead of failing", async () => {
    const { workspace, dashboard } = await withDashboard();
    const good = await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    const base = { workspaceId: workspace.id, dashboardId: dashboard.id, type: "kpi" as const, x: 3, y: 0, w: 3, h: 2 };
    await db.dashboardWidget.create({ data: { ...base, title: "Old group", config: { metrics: ["product_group_sales:old"] } } });
    await db.dashboardWidget.create({ data: { ...base, x: 6, title: "Garbled", config: { metrics: "orders", breakdown: "weekday", limit: 3 } } });

    const shown = await getDashboard(workspace.id, dashboard.id);
    expect(ZDashboardSchema.safeParse(shown).success).toBe(true);
    const byTitle = Object.fromEntries(shown.widgets.map((w) => [w.title, w]));
    expect(byTitle[good.title]!.problem).toBeNull();
    expect(byTitle["Old group"]!.problem).toBe(
      "This widget uses the metric product_group_sales:old, which no longer exists. Edit the widget to pick another.",
    );
    expect(byTitle["Garbled"]!.problem).toMatch(/cannot be read \(metrics, breakdown\)/);
    // What still parses is kept, so the edit form opens with it.
    expect(byTitle["Garbled"]!.config).toMatchObject({ metrics: ["total_sales"], breakdown: null, limit: 3 });
  });

  it("treats a widget of another dashboard as missing", async () => {
    const { workspace, owner, dashboard } = await withDashboard();
    const other = await createDashboard(workspace.id, { name: "Other" }, owner.id);
    const widget = await addWidget(workspace.id, other.id, kpiWidget("orders"));
    await expectAppError(updateWidget(workspace.id, dashboard.id, widget.id, { title: "x" }), "not_found");
    await expectAppError(removeWidget(workspace.id, dashboard.id, widget.id), "not_found");
    const elsewhere = await freshWorkspace();
    await expectAppError(updateWidget(elsewhere.workspace.id, other.id, widget.id, { title: "x" }), "not_found");
    await expectAppError(removeWidget(elsewhere.workspace.id, other.id, widget.id), "not_found");
    expect((await getDashboard(workspace.id, other.id)).widgets.map((w) => w.title)).toEqual(["KPI orders"]);
  });
});

describe("saveLayout", () => {
  it("moves and resizes the listed widgets in one go", async () => {
    const { workspace, dashboard } = await withDashboard();
    const a = await addWidget(workspace.id, dashboard.id, kpiWidget("orders", { x: 0, y: 0, w: 3, h: 2 }));
    const b = await addWidget(workspace.id, dashboard.id, kpiWidget("aov", { x: 3, y: 0, w: 3, h: 2 }));
    const c = await addWidget(workspace.id, dashboard.id, kpiWidget("units", { x: 6, y: 0, w: 3, h: 2 }));
    const saved = await saveLayout(workspace.id, dashboard.id, {
      items: [
        { id: a.id, x: 6, y: 2, w: 6, h: 3 },
        { id: b.id, x: 0, y: 0, w: 12, h: 2 },
      ],
    });
    const layouts = Object.fromEntries(saved.widgets.map((w) => [w.id, w.layout]));
    expect(layouts).toEqual({
      [a.id]: { x: 6, y: 2, w: 6, h: 3 },
      [b.id]: { x: 0, y: 0, w: 12, h: 2 },
      [c.id]: c.layout,
    });
    expect(saved.widgets.map((w) => w.id)).toEqual([b.id, c.id, a.id]);
  });

  it("saves nothing when one item is wrong, naming it", async () => {
    const { workspace, owner, dashboard } = await withDashboard();
    const a = await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    const other = await createDashboard(workspace.id, { name: "Other" }, owner.id);
    const foreign = await addWidget(workspace.id, other.id, kpiWidget("orders"));

    const move = { id: a.id, x: 3, y: 4, w: 3, h: 2 };
    for (const [items, field] of [
      [[move, { id: "no-such-widget", x: 0, y: 0, w: 3, h: 2 }], "items.1.id"],
      [[move, { id: foreign.id, x: 0, y: 0, w: 3, h: 2 }], "items.1.id"],
      [[move, { ...move, x: 0 }], "items.1.id"],
      [[move, { id: a.id, x: 10, y: 0, w: 4, h: 2 }], "items.1.w"],
      [[move, { id: a.id, x: 0, y: 0, w: 0, h: 2 }], "items.1.w"],
    ] as const) {
      const error = await expectAppError(saveLayout(workspace.id, dashboard.id, { items }), "bad_request");
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
    }
    expect((await getDashboard(workspace.id, dashboard.id)).widgets[0]!.layout).toEqual(a.layout);
    expect((await dashboardRows(workspace.id)).find((d) => d.id === other.id)!.widgets[0]).toMatchObject({ x: 0, y: 0 });
  });
});
