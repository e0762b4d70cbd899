import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as workspaces from "@/app/api/v1/workspaces/route";
import { auth } from "@/lib/auth";
import { createApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { workspaceWith } from "../helpers";

// Who the caller is, and which workspaces they see, whether they come with a session or a key.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string | null) =>
  vi.mocked(auth).mockResolvedValue((userId ? { user: { id: userId }, expires: "" } : null) as never);

type Body = Record<string, unknown> & { error?: { message: string } };

async function get(route: { GET: (request: NextRequest) => Promise<Response> }, path: string, key: string | null = null) {
  const request = new NextRequest(`http://localhost${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const response = await route.GET(request);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

describe("GET /api/v1/me", () => {
  it("describes a key: its name, workspace and effective role", async () => {
    const { workspace, members } = await workspaceWith(["admin"] as const);
    const admin = members[0]!.user;
    const { key, apiKey } = await createApiKey(workspace.id, { userId: admin.id, role: "admin" }, { name: "warehouse", role: "admin", expires: "30" });
    signIn(null);
    const answer = await get(me, "/api/v1/me", key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      kind: "api_key",
      user: null,
      apiKey: { id: apiKey.id, name: "warehouse", expiresAt: apiKey.expiresAt!.toISOString() },
      workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name, timeZone: workspace.timeZone, currency: workspace.currency },
      role: "admin",
    });
    expect(JSON.stringify(answer.body)).not.toContain(key);

    // Demoting the key's creator lowers what the key may do, and /me says so.
    await db.membership.update({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: admin.id } }, data: { role: "viewer" } });
    expect((await get(me, "/api/v1/me", key)).body.role).toBe("viewer");
  });

  it("describes a session: the person, and their role in a workspace they name", async () => {
    const { workspace, members } = await workspaceWith(["member"] as const);
    const member = members[0]!.user;
    signIn(member.id);
    const bare = await get(me, "/api/v1/me");
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({ kind: "user", user: { id: member.id, email: member.email, name: member.name }, apiKey: null, workspace: null, role: null });
    const named = await get(me, `/api/v1/me?workspace=${workspace.slug}`);
    expect(named.body).toMatchObject({ kind: "user", workspace: { slug: workspace.slug }, role: "member" });
  });

  it("answers 404 for a workspace the session is not in, and 401 without credentials or with a bad key", async () => {
    const { owner } = await workspaceWith();
    const other = await workspaceWith();
    signIn(owner.id);
    const foreign = await get(me, `/api/v1/me?workspace=${other.workspace.slug}`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(other.workspace.name);
    signIn(null);
    expect((await get(me, "/api/v1/me")).status).toBe(401);
    expect((await get(me, "/api/v1/me", "sb_nope.nope")).status).toBe(401);
  });

  it("ignores ?workspace for a key: a key only ever speaks for its own workspace", async () => {
    const mine = await workspaceWith();
    const theirs = await workspaceWith();
    const { key } = await createApiKey(mine.workspace.id, { userId: mine.owner.id, role: "owner" }, { name: "k", role: "viewer" });
    const answer = await get(me, `/api/v1/me?workspace=${theirs.workspace.slug}`, key);
    expect(answer.status).toBe(200);
    expect(answer.body.workspace).toMatchObject({ id: mine.workspace.id });
  });

  it("warns a rotated key's previous secret when it stops", async () => {
    const { owner, workspace } = await workspaceWith();
    const { key: old, apiKey } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "k", role: "viewer" });
    const now = new Date();
    await rotateApiKey(workspace.id, { userId: owner.id, role: "owner" }, apiKey.id, now);
    const answer = await get(me, "/api/v1/me", old);
    const until = new Date(now.getTime() + 24 * 3_600_000).toISOString();
    expect(answer.headers.get("Signalboard-Key-Expires")).toBe(until);
    expect((answer.body.apiKey as { expiresAt: string }).expiresAt).toBe(until);
  });
});

describe("GET /api/v1/workspaces", () => {
  it("lists a session's memberships with its role in each, and nothing else", async () => {
    const user = await seedUser();
    const a = await seedWorkspace(user.id, { name: "Alpha shop" });
    const owner = await seedUser();
    const b = await seedWorkspace(owner.id, { name: "Beta shop" });
    await seedMembership(b.id, user.id, "viewer");
    const stranger = await seedWorkspace(owner.id, { name: "Gamma shop" });
    signIn(user.id);
    const answer = await get(workspaces, "/api/v1/workspaces");
    expect(answer.status).toBe(200);
    const list = answer.body.workspaces as { id: string; role: string }[];
    expect(list.map((w) => [w.id, w.role])).toEqual([
      [a.id, "owner"],
      [b.id, "viewer"],
    ]);
    expect(list.map((w) => w.id)).not.toContain(stranger.id);
  });

  it("lists only a key's own workspace, with the key's effective role", async () => {
    const mine = await workspaceWith();
    await workspaceWith();
    const { key } = await createApiKey(mine.workspace.id, { userId: mine.owner.id, role: "owner" }, { name: "k", role: "member" });
    signIn(mine.owner.id);
    const answer = await get(workspaces, "/api/v1/workspaces", key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      workspaces: [{ id: mine.workspace.id, slug: mine.workspace.slug, name: mine.workspace.name, timeZone: mine.workspace.timeZone, currency: mine.workspace.currency, role: "member" }],
    });
  });

  it("answers 401 without credentials, and for a revoked or expired key", async () => {
    signIn(null);
    expect((await get(workspaces, "/api/v1/workspaces")).status).toBe(401);
    const { owner, workspace } = await workspaceWith();
    const { key, apiKey } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "k", role: "viewer", expires: "30" });
    await db.apiKey.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: apiKey.id } }, data: { expiresAt: new Date(Date.now() - 1) } });
    const expired = await get(workspaces, "/api/v1/workspaces", key);
    expect(expired.status).toBe(401);
    expect(expired.body.error?.message).toContain("expired");
  });
});
