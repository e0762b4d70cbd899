import Papa from "papaparse";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/workspaces/[slug]/funnels/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/v1/workspaces/[slug]/funnels/[id]/route";
import { GET as reportRoute } from "@/app/api/v1/workspaces/[slug]/reports/funnels/route";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";
import { storeStream } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// The funnel report and saved funnels over REST: answers, bad input named by parameter, tenancy.

async function report(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/funnels?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await reportRoute(request, { params: Promise.resolve({ slug }) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", text, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
}

async function trackedWorkspace() {
  const { owner, workspace } = await freshWorkspace();
  const today = new Date(Date.now() - 3_600_000);
  const at = (minutes: number) => new Date(today.getTime() + minutes * 60_000).toISOString();
  await storeStream(workspace.id, [
    { visitor: "a", at: at(0), event: "page_view" },
    { visitor: "a", at: at(1), event: "quiz_finished" },
    { visitor: "b", at: at(0), event: "page_view" },
  ]);
  return { owner, workspace, viewer: await apiKey(workspace.id, owner.id, "viewer"), member: await apiKey(workspace.id, owner.id, "member") };
}

const SAVED = { name: "Quiz", steps: [{ event: "page_view" }, { event: "quiz_finished" }], window_days: 3, count_by: "session", breakdown: "device" };

describe("GET /api/v1/workspaces/{slug}/reports/funnels", () => {
  it("answers the funnel as JSON and as CSV", async () => {
    const { workspace, viewer } = await trackedWorkspace();
    const answer = await report(workspace.slug, viewer, "steps=page_view,quiz_finished&breakdown=device");
    expect(answer.status).toBe(200);
    expect(answer.body.total.steps.map((s: { count: number }) => s.count)).toEqual([2, 1]);
    expect(answer.body.breakdown_rows).toEqual([expect.objectContaining({ value: "desktop" })]);

    const csv = await report(workspace.slug, viewer, "steps=page_view&steps=quiz_finished&format=csv");
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = Papa.parse<string[]>(csv.text.trim()).data;
    expect(lines[0]!.slice(0, 6)).toEqual(["segment", "step", "event", "label", "count", "conversion"]);
    expect(lines.slice(1).map((l) => [l[0], l[2], l[4], l[5]])).toEqual([["total", "page_view", "2", "1.0000"], ["total", "quiz_finished", "1", "0.5000"]]);
  });

  it("refuses bad input with a 400 naming the parameter", async () => {
    const { workspace, viewer } = await trackedWorkspace();
    const eleven = Array.from({ length: 11 }, () => "page_view").join(",");
    for (const [query, field] of [
      ["steps=page_view", "steps"],
      [`steps=${eleven}`, "steps"],
      ["steps=page_view,quiz_started", "steps.1"],
      ["steps=page_view,checkout_completed:page_url~a,b", "steps.2"],
      ["window=0", "window"],
      ["window=-3", "window"],
      ["window=91", "window"],
      ["window=week", "window"],
      ["breakdown=browser", "breakdown"],
      ["count_by=person", "count_by"],
      ["date_from=2026-13-01", "date_from"],
      ["date_from=2025-01-01&date_to=2026-06-01", "date_to"],
      ["include_bots=maybe", "include_bots"],
      ["stepz=page_view", "stepz"],
      ["steps=page_view:page_url~,checkout_completed", "steps.0"],
    ] as const) {
      const answer = await report(workspace.slug, viewer, query);
      expect(answer.status, query).toBe(400);
      expect(Object.keys(answer.body.error.fields), query).toContain(field);
    }
  });

  it("runs a saved funnel by id, and not another workspace's", async () => {
    const { workspace, member, viewer } = await trackedWorkspace();
    const saved = await call(createRoute, { method: "POST", key: member, params: { slug: workspace.slug }, body: SAVED });
    const id = saved.body!.id as string;
    const answer = await report(workspace.slug, viewer, `funnel_id=${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ count_by: "session", window_days: 3, breakdown: "device" });
    expect((await report(workspace.slug, viewer, `funnel_id=${id}&window=3`)).status).toBe(400);

    const other = await trackedWorkspace();
    expect((await report(other.workspace.slug, other.viewer, `funnel_id=${id}`)).status).toBe(404);
    // A key of one workspace cannot read another's report at all.
    expect((await report(other.workspace.slug, viewer, "steps=page_view,quiz_finished")).status).toBe(404);
  });

  it("is in the OpenAPI document with its parameters", () => {
    const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    const names = doc.paths["/api/v1/workspaces/{slug}/reports/funnels"]!.get!.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["steps", "window", "count_by", "breakdown", "date_from", "date_to", "format"]));
    expect(Object.keys(doc.paths["/api/v1/workspaces/{slug}/funnels/{id}"]!)).toEqual(["get", "patch", "delete"]);
  });
});

describe("saved funnels", () => {
  it("creates, lists, reads, changes and deletes a funnel", async () => {
    const { workspace, member, viewer } = await trackedWorkspace();
    const params = { slug: workspace.slug };
    const created = await call(createRoute, { method: "POST", key: member, params, body: SAVED });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Quiz", window_days: 3, count_by: "session", breakdown: "device" });
    const id = created.body!.id as string;

    const list = await call(listRoute, { method: "GET", key: viewer, params });
    expect((list.body!.funnels as { id: string }[]).map((f) => f.id)).toEqual([id]);

    const patched = await call(patchRoute, { method: "PATCH", key: member, params: { ...params, id }, body: { name: "Quiz 2", breakdown: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Quiz 2", breakdown: null, window_days: 3, steps: SAVED.steps });

    expect((await call(getRoute, { method: "GET", key: viewer, params: { ...params, id } })).body).toMatchObject({ name: "Quiz 2" });
    expect((await call(deleteRoute, { method: "DELETE", key: member, params: { ...params, id } })).status).toBe(204);
    expect((await call(getRoute, { method: "GET", key: viewer, params: { ...params, id } })).status).toBe(404);
  });

  it("refuses bad funnels naming the field, and a viewer's writes", async () => {
    const { workspace, member, viewer } = await trackedWorkspace();
    const params = { slug: workspace.slug };
    for (const [body, field] of [
      [{ ...SAVED, steps: [{ event: "page_view" }] }, "steps"],
      [{ ...SAVED, steps: Array.from({ length: 11 }, () => ({ event: "page_view" })) }, "steps"],
      [{ ...SAVED, steps: [{ event: "page_view" }, { event: "never_sent" }] }, "steps.1"],
      [{ ...SAVED, window_days: 0 }, "window_days"],
      [{ ...SAVED, window_days: 365 }, "window_days"],
      [{ ...SAVED, breakdown: "browser" }, "breakdown"],
      [{ ...SAVED, name: "" }, "name"],
      [{ ...SAVED, steps: [{ event: "page_view", where: { property: "page_url", operator: "starts", value: "/" } }, { event: "page_view" }] }, "steps.0.where.operator"],
    ] as const) {
      const answer = await call(createRoute, { method: "POST", key: member, params, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(errorFields(answer)), JSON.stringify(body)).toContain(field);
    }
    expect((await call(createRoute, { method: "POST", key: viewer, params, body: SAVED })).status).toBe(403);
  });

  it("keeps each workspace's funnels to itself", async () => {
    const mine = await trackedWorkspace();
    const theirs = await trackedWorkspace();
    const created = await call(createRoute, { method: "POST", key: mine.member, params: { slug: mine.workspace.slug }, body: SAVED });
    const id = created.body!.id as string;
    const elsewhere = { slug: theirs.workspace.slug, id };
    expect((await call(getRoute, { method: "GET", key: theirs.viewer, params: elsewhere })).status).toBe(404);
    expect((await call(patchRoute, { method: "PATCH", key: theirs.member, params: elsewhere, body: { name: "Mine now" } })).status).toBe(404);
    expect((await call(deleteRoute, { method: "DELETE", key: theirs.member, params: elsewhere })).status).toBe(404);
    expect((await call(listRoute, { method: "GET", key: theirs.viewer, params: { slug: theirs.workspace.slug } })).body).toEqual({ funnels: [] });
    // My key on my funnel's id under their slug.
    expect((await call(getRoute, { method: "GET", key: mine.viewer, params: elsewhere })).status).toBe(404);
    expect((await call(getRoute, { method: "GET", key: mine.viewer, params: { slug: mine.workspace.slug, id } })).status).toBe(200);
  });
});
