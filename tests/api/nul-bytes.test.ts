import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import * as dashboards from "@/app/api/v1/workspaces/[slug]/dashboards/route";
import * as dashboard from "@/app/api/v1/workspaces/[slug]/dashboards/[id]/route";
import { GET as workspaceReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { createProductGroup } from "@/lib/metrics/settings/product-groups";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";
import { expectAppError } from "../helpers";

// Postgres cannot hold a NUL character in text: every way one can arrive is refused up front with
// a 4xx naming where it was, never a 500 from the database.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

describe("NUL characters in input", () => {
  it("are refused in JSON bodies, naming the field", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "member");
    const result = await call(dashboards.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { name: "Growth\u0000" } });
    expect(result.status).toBe(400);
    expect(errorFields(result)).toHaveProperty("name");
  });

  it("find nothing in path ids and slugs", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "member");
    expect((await call(dashboard.GET, { method: "GET", key, params: { slug: workspace.slug, id: "x\u0000" } })).status).toBe(404);
    expect((await call(dashboards.GET, { method: "GET", key, params: { slug: `${workspace.slug}\u0000` } })).status).toBe(404);
  });

  it("are refused in report filters read from the query string", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?date_from=2026-01-01&date_to=2026-01-31&metrics=orders&channel=%00google`;
    const response = await workspaceReport(new NextRequest(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ slug: workspace.slug }) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("channel");
  });

  it("are refused by every service that validates its input", async () => {
    const { workspace } = await freshWorkspace();
    const error = await expectAppError(createProductGroup(workspace.id, { name: "Alpha\u0000", rules: [{ field: "title", value: "x" }] }), "bad_request");
    expect(error.fields).toHaveProperty("name");
  });
});
