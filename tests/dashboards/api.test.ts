import { describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/v1/workspaces/[slug]/dashboards/route";
import * as one from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/route";
import * as duplicate from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/duplicate/route";
import * as layout from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/layout/route";
import * as widgets from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/widgets/route";
import * as widget from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/widgets/[widgetId]/route";
import { db } from "@/lib/db/client";
import { ZDashboardSchema, ZDashboardSummarySchema, ZWidgetSchema } from "@/lib/dashboards/schema";
import { apiKey, call, errorFields, freshWorkspace, kpiWidget } from "./support";

// Callers authenticate with real API keys; only the browser session is stubbed out (never present).
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function setup() {
  const { owner, workspace } = await freshWorkspace();
  const [member, viewer] = await Promise.all([apiKey(workspace.id, owner.id, "member"), apiKey(workspace.id, owner.id, "viewer")]);
  const slug = workspace.slug;
  const created = await call(list.POST, { method: "POST", key: member, params: { slug }, body: { name: "Growth" } });
  expect(created.status).toBe(201);
  const dashboardId = created.body!.id as string;
  const added = await call(widgets.POST, { method: "POST", key: member, params: { slug, id: dashboardId }, body: kpiWidget("orders") });
  expect(added.status).toBe(201);
  return { owner, workspace, slug, member, viewer, dashboardId, widgetId: added.body!.id as string };
}

describe("dashboards API", () => {
  it("lists, creates, reads, edits and deletes dashboards and widgets", async () => {
    const { slug, member, dashboardId, widgetId } = await setup();
    const params = { slug, id: dashboardId };

    const listed = await call(list.GET, { method: "GET", key: member, params: { slug } });
    expect(listed.status).toBe(200);
    const summaries = listed.body!.dashboards as unknown[];
    expect(summaries.map((d) => ZDashboardSummarySchema.parse(d).name)).toEqual(["Overview", "Ads", "Growth"]);

    const read = await call(one.GET, { method: "GET", key: member, params });
    expect(read.status).toBe(200);
    expect(ZDashboardSchema.parse(read.body).widgets.map((w) => w.id)).toEqual([widgetId]);

    const patched = await call(one.PATCH, { method: "PATCH", key: member, params, body: { name: "Growth team", is_default: true } });
    expect(patched.status).toBe(200);
    expect(ZDashboardSchema.parse(patched.body)).toMatchObject({ name: "Growth team", is_default: true });

    const edited = await call(widget.PATCH, { method: "PATCH", key: member, params: { ...params, widgetId }, body: { title: "Orders" } });
    expect(edited.status).toBe(200);
    expect(ZWidgetSchema.parse(edited.body)).toMatchObject({ title: "Orders", config: { metrics: ["orders"] } });

    const moved = await call(layout.PUT, { method: "PUT", key: member, params, body: { items: [{ id: widgetId, x: 4, y: 1, w: 8, h: 3 }] } });
    expect(moved.status).toBe(200);
    expect(ZDashboardSchema.parse(moved.body).widgets[0]!.layout).toEqual({ x: 4, y: 1, w: 8, h: 3 });

    const copied = await call(duplicate.POST, { method: "POST", key: member, params });
    expect(copied.status).toBe(201);
    const copy = ZDashboardSchema.parse(copied.body);
    expect(copy).toMatchObject({ name: "Growth team (copy)", is_default: false });
    expect(copy.widgets).toHaveLength(1);

    const removed = await call(widget.DELETE, { method: "DELETE", key: member, params: { ...params, widgetId } });
    expect(removed).toEqual({ status: 204, body: null });
    const deleted = await call(one.DELETE, { method: "DELETE", key: member, params: { slug, id: copy.id } });
    expect(deleted).toEqual({ status: 204, body: null });
    expect((await call(one.GET, { method: "GET", key: member, params: { slug, id: copy.id } })).status).toBe(404);
  });

  it("lets a viewer read but refuses every write with 403, changing nothing", async () => {
    const { workspace, slug, viewer, dashboardId, widgetId } = await setup();
    const params = { slug, id: dashboardId };
    expect((await call(list.GET, { method: "GET", key: viewer, params: { slug } })).status).toBe(200);
    expect((await call(one.GET, { method: "GET", key: viewer, params })).status).toBe(200);

    const before = await db.dashboard.findMany({ where: { workspaceId: workspace.id }, include: { widgets: true }, orderBy: { position: "asc" } });
    const writes = [
      call(list.POST, { method: "POST", key: viewer, params: { slug }, body: { name: "Mine" } }),
      call(one.PATCH, { method: "PATCH", key: viewer, params, body: { name: "Renamed" } }),
      call(one.DELETE, { method: "DELETE", key: viewer, params }),
      call(duplicate.POST, { method: "POST", key: viewer, params, body: {} }),
      call(widgets.POST, { method: "POST", key: viewer, params, body: kpiWidget("aov") }),
      call(widget.PATCH, { method: "PATCH", key: viewer, params: { ...params, widgetId }, body: { title: "x" } }),
      call(widget.DELETE, { method: "DELETE", key: viewer, params: { ...params, widgetId } }),
      call(layout.PUT, { method: "PUT", key: viewer, params, body: { items: [{ id: widgetId, x: 0, y: 5, w: 3, h: 2 }] } }),
    ];
    for (const result of await Promise.all(writes)) expect(result.status).toBe(403);
    const after = await db.dashboard.findMany({ where: { workspaceId: workspace.id }, include: { widgets: true }, orderBy: { position: "asc" } });
    expect(after).toEqual(before);
  });

  it("answers 404 for another workspace's dashboards and widgets", async () => {
    const mine = await setup();
    const theirs = await setup();
    const params = { slug: mine.slug, id: theirs.dashboardId };
    const widgetParams = { ...params, widgetId: theirs.widgetId };
    const results = await Promise.all([
      call(one.GET, { method: "GET", key: mine.member, params }),
      call(one.PATCH, { method: "PATCH", key: mine.member, params, body: { name: "Mine now" } }),
      call(one.DELETE, { method: "DELETE", key: mine.member, params }),
      call(duplicate.POST, { method: "POST", key: mine.member, params }),
      call(widgets.POST, { method: "POST", key: mine.member, params, body: kpiWidget("aov") }),
      call(widget.PATCH, { method: "PATCH", key: mine.member, params: widgetParams, body: { title: "x" } }),
      call(widget.DELETE, { method: "DELETE", key: mine.member, params: widgetParams }),
      // Their widget under my dashboard is just as unknown.
      call(widget.DELETE, { method: "DELETE", key: mine.member, params: { slug: mine.slug, id: mine.dashboardId, widgetId: theirs.widgetId } }),
      call(layout.PUT, { method: "PUT", key: mine.member, params, body: { items: [] } }),
      // My key against their slug.
      call(one.GET, { method: "GET", key: mine.member, params: { slug: theirs.slug, id: theirs.dashboardId } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 404));
    const survivor = await call(one.GET, { method: "GET", key: theirs.member, params: { slug: theirs.slug, id: theirs.dashboardId } });
    expect(survivor.body).toMatchObject({ name: "Growth", widgets: [{ id: theirs.widgetId, title: "KPI orders" }] });
  });

  it("answers 400 naming the field for bad bodies and unknown metrics", async () => {
    const { slug, member, dashboardId, widgetId } = await setup();
    const params = { slug, id: dashboardId };
    const cases = [
      [await call(list.POST, { method: "POST", key: member, params: { slug }, body: { name: "" } }), ["name"]],
      [await call(list.POST, { method: "POST", key: member, params: { slug }, body: [] }), ["body"]],
      [await call(one.PATCH, { method: "PATCH", key: member, params, body: { is_default: "yes" } }), ["is_default"]],
      [await call(duplicate.POST, { method: "POST", key: member, params, body: { name: 42 } }), ["name"]],
      [await call(widgets.POST, { method: "POST", key: member, params, body: { ...kpiWidget("orders"), type: "pie" } }), ["type"]],
      [await call(widgets.POST, { method: "POST", key: member, params, body: kpiWidget("ghost_metric") }), ["config.metrics"]],
      [await call(widgets.POST, { method: "POST", key: member, params, body: { ...kpiWidget("orders"), layout: { x: 0, y: 0, w: 13, h: 2 } } }), ["layout.w"]],
      [await call(widget.PATCH, { method: "PATCH", key: member, params: { ...params, widgetId }, body: { config: { metrics: ["ghost_metric"] } } }), ["config.metrics"]],
      [await call(layout.PUT, { method: "PUT", key: member, params, body: { items: [{ id: "ghost", x: 0, y: 0, w: 1, h: 1 }] } }), ["items.0.id"]],
      [await call(layout.PUT, { method: "PUT", key: member, params, body: {} }), ["items"]],
    ] as const;
    for (const [result, fields] of cases) {
      expect(result.status).toBe(400);
      expect(Object.keys(errorFields(result))).toEqual(fields);
    }
    const malformed = await call(list.POST, { method: "POST", key: member, params: { slug }, rawBody: "{name:" });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toMatch(/not valid JSON/);
  });
});
