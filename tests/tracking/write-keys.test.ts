import { describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/v1/workspaces/[slug]/write-keys/route";
import * as one from "@/app/api/v1/workspaces/[slug]/write-keys/[id]/route";
import { db } from "@/lib/db/client";
import {
  createWriteKey,
  listWriteKeys,
  newWriteKeyValue,
  resolveWriteKey,
  revokeWriteKey,
  RESOLVE_CACHE_MS,
  ZWriteKeySchema,
} from "@/lib/tracking/write-keys";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";
import { expectAppError } from "../helpers";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

describe("write keys", () => {
  it("are sbw_ and 24 base62 characters, different every time", () => {
    const values = new Set(Array.from({ length: 200 }, newWriteKeyValue));
    expect(values.size).toBe(200);
    for (const value of values) expect(value).toMatch(/^sbw_[0-9A-Za-z]{24}$/);
  });

  it("resolve to their workspace and origins, store only normalised origins and a hash to look up by", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Store", allowed_origins: ["https://Shop.Example.com/", "https://*.example.com"] });
    expect(key.allowedOrigins).toEqual(["https://shop.example.com", "https://*.example.com"]);
    const stored = await db.writeKey.findFirstOrThrow({ where: { workspaceId: workspace.id, id: key.id } });
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.keyHash).not.toContain(key.key.slice(4));
    expect(await resolveWriteKey(key.key)).toEqual({ id: key.id, workspaceId: workspace.id, allowedOrigins: key.allowedOrigins });
    expect(await resolveWriteKey("sbw_" + "0".repeat(24))).toBeNull();
    expect(await resolveWriteKey("not a key")).toBeNull();
  });

  it("stop resolving once revoked: at once in this process, within the cache interval in others", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Store" });
    const now = Date.now();
    expect(await resolveWriteKey(key.key, now)).not.toBeNull();
    // Another process revokes it: this one's cache still answers until the entry expires.
    await db.writeKey.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: key.id } }, data: { revokedAt: new Date() } });
    expect(await resolveWriteKey(key.key, now + 1)).not.toBeNull();
    expect(await resolveWriteKey(key.key, now + RESOLVE_CACHE_MS + 1)).toBeNull();

    const second = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Second" });
    expect(await resolveWriteKey(second.key)).not.toBeNull();
    await revokeWriteKey(workspace.id, second.id);
    expect(await resolveWriteKey(second.key)).toBeNull();
    expect(await listWriteKeys(workspace.id)).toEqual([]);
  });

  it("stop resolving at once in every copy of the module in this process (the production front loads its own)", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Front" });
    expect(await resolveWriteKey(key.key)).not.toBeNull();
    vi.resetModules();
    const otherCopy = await import("@/lib/tracking/write-keys");
    expect(otherCopy.resolveWriteKey).not.toBe(resolveWriteKey);
    await otherCopy.revokeWriteKey(workspace.id, key.id);
    expect(await resolveWriteKey(key.key)).toBeNull();
  });

  it("belong to one workspace: another workspace cannot read, change or revoke them", async () => {
    const a = await freshWorkspace();
    const b = await freshWorkspace();
    const key = await createWriteKey(a.workspace.id, { userId: a.owner.id }, { name: "A's key" });
    await expectAppError(revokeWriteKey(b.workspace.id, key.id), "not_found");
    const bAdmin = await apiKey(b.workspace.id, b.owner.id, "admin");
    for (const [handler, method, body] of [[one.GET, "GET"], [one.PATCH, "PATCH", { name: "Mine" }], [one.DELETE, "DELETE"]] as const) {
      const answer = await call(handler, { method, key: bAdmin, params: { slug: b.workspace.slug, id: key.id }, body });
      expect(answer.status, method).toBe(404);
    }
    // The key of workspace B addressed at workspace A's slug is refused the same way.
    const crossed = await call(list.GET, { method: "GET", key: bAdmin, params: { slug: a.workspace.slug } });
    expect(crossed.status).toBe(404);
    expect((await listWriteKeys(a.workspace.id)).map((k) => k.name)).toEqual(["A's key"]);
  });
});

describe("write keys API", () => {
  it("lets admins create, list, read, change and revoke keys", async () => {
    const { owner, workspace } = await freshWorkspace();
    const admin = await apiKey(workspace.id, owner.id, "admin");
    const slug = workspace.slug;
    const created = await call(list.POST, { method: "POST", key: admin, params: { slug }, body: { name: "Shop", allowed_origins: ["https://shop.example.com"] } });
    expect(created.status).toBe(201);
    const writeKey = ZWriteKeySchema.parse(created.body!.writeKey);
    expect(writeKey).toMatchObject({ name: "Shop", allowedOrigins: ["https://shop.example.com"], lastEventAt: null });

    const listed = await call(list.GET, { method: "GET", key: admin, params: { slug } });
    expect((listed.body!.writeKeys as { key: string }[]).map((k) => k.key)).toEqual([writeKey.key]);

    const patched = await call(one.PATCH, { method: "PATCH", key: admin, params: { slug, id: writeKey.id }, body: { allowed_origins: ["https://*.example.com"] } });
    expect(patched.status).toBe(200);
    expect(patched.body!.writeKey).toMatchObject({ name: "Shop", allowedOrigins: ["https://*.example.com"] });
    expect((await resolveWriteKey(writeKey.key))!.allowedOrigins).toEqual(["https://*.example.com"]);

    expect((await call(one.DELETE, { method: "DELETE", key: admin, params: { slug, id: writeKey.id } })).status).toBe(204);
    expect((await call(one.GET, { method: "GET", key: admin, params: { slug, id: writeKey.id } })).status).toBe(404);
    expect((await call(one.DELETE, { method: "DELETE", key: admin, params: { slug, id: writeKey.id } })).status).toBe(404);
  });

  it("refuses members (403) and names the bad field (400)", async () => {
    const { owner, workspace } = await freshWorkspace();
    const [admin, member] = await Promise.all([apiKey(workspace.id, owner.id, "admin"), apiKey(workspace.id, owner.id, "member")]);
    const slug = workspace.slug;
    expect((await call(list.GET, { method: "GET", key: member, params: { slug } })).status).toBe(403);
    expect((await call(list.POST, { method: "POST", key: member, params: { slug }, body: { name: "x" } })).status).toBe(403);

    const noName = await call(list.POST, { method: "POST", key: admin, params: { slug }, body: { allowed_origins: [] } });
    expect(noName.status).toBe(400);
    expect(Object.keys(errorFields(noName))).toEqual(["name"]);
    const badOrigin = await call(list.POST, { method: "POST", key: admin, params: { slug }, body: { name: "x", allowed_origins: ["https://ok.example.com", "javascript:alert(1)"] } });
    expect(badOrigin.status).toBe(400);
    expect(Object.keys(errorFields(badOrigin))).toEqual(["allowed_origins.1"]);
    const wrongType = await call(list.POST, { method: "POST", key: admin, params: { slug }, body: { name: "x", allowed_origins: "https://ok.example.com" } });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(errorFields(wrongType))).toEqual(["allowed_origins"]);
    const emptyPatch = await call(list.POST, { method: "POST", key: admin, params: { slug }, rawBody: "{" });
    expect(emptyPatch.status).toBe(400);
    expect(await listWriteKeys(workspace.id)).toEqual([]);
  });
});
