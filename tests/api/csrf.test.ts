import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import * as dashboards from "@/app/api/v1/workspaces/[slug]/dashboards/route";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { apiKey, freshWorkspace } from "../dashboards/support";

// A browser attaches the session cookie to any site's request: a cookie-authenticated write must
// come from the app's own pages, with a JSON body that a cross-site form cannot forge.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValue({ user: { id: userId }, expires: "" } as never);

const SMUGGLED_JSON = "text/plain;charset=UTF-8;application/json";

async function createDashboard(slug: string, headers: Record<string, string>) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/dashboards`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Planted" }),
  });
  const response = await dashboards.POST(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

const planted = (workspaceId: string) => db.dashboard.count({ where: { workspaceId, name: "Planted" } });

describe("cookie-authenticated REST writes", () => {
  it("refuses another site's request, with or without an Origin header, and writes nothing", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner.id);
    const foreign = await createDashboard(workspace.slug, { origin: "https://evil.test", "content-type": SMUGGLED_JSON });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error?.message).toContain("another site");
    const fetchMetadata = await createDashboard(workspace.slug, { "sec-fetch-site": "cross-site", "content-type": "application/json" });
    expect(fetchMetadata.status).toBe(403);
    expect(await planted(workspace.id)).toBe(0);
  });

  it("reads the media type exactly, so a text/plain body is not taken for JSON", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner.id);
    const smuggled = await createDashboard(workspace.slug, { origin: "http://localhost", "content-type": SMUGGLED_JSON });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.error?.message).toContain("Content-Type: application/json");
    expect(await planted(workspace.id)).toBe(0);
  });

  it("accepts the app's own pages, and API keys from anywhere", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner.id);
    expect((await createDashboard(workspace.slug, { origin: "http://localhost", "content-type": "application/json; charset=utf-8" })).status).toBe(201);
    vi.mocked(auth).mockResolvedValue(null as never);
    const key = await apiKey(workspace.id, owner.id, "member");
    const keyed = await createDashboard(workspace.slug, { authorization: `Bearer ${key}`, origin: "https://evil.test", "content-type": "application/json" });
    expect(keyed.status).toBe(201);
    expect(await planted(workspace.id)).toBe(2);
  });
});
