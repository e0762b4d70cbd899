import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { hashToken } from "@/lib/auth/tokens";
import { API_KEY_PREFIX, authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/service";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError } from "./helpers";

async function workspace() {
  const owner = await seedUser({ name: "Kim Keys" });
  const ws = await seedWorkspace(owner.id);
  return { owner, ws, actor: { userId: owner.id, role: "owner" as const } };
}

describe("createApiKey", () => {
  it("returns the key once and stores only its hash", async () => {
    const { owner, ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "  Zapier  ", role: "member" });

    expect(key.startsWith(`${API_KEY_PREFIX}${ws.id}.`)).toBe(true);
    expect(key.length).toBeGreaterThan(API_KEY_PREFIX.length + ws.id.length + 40);
    expect(apiKey).toMatchObject({ name: "Zapier", role: "member", lastUsedAt: null, createdBy: { email: owner.email, name: "Kim Keys" } });
    expect(JSON.stringify(apiKey)).not.toContain(key.split(".")[1]);

    const row = await db.apiKey.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: ws.id, id: apiKey.id } } });
    expect(row.keyHash).toBe(hashToken(key));
    const secret = key.slice(key.indexOf(".") + 1);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(secret);
    // Even a raw look at the table finds no plaintext.
    const raw = await db.$queryRaw<unknown[]>`SELECT * FROM api_keys WHERE workspace_id = ${ws.id}`;
    expect(JSON.stringify(raw)).not.toContain(secret);
  });

  it("keeps a short prefix that identifies the key without revealing it", async () => {
    const { ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "k", role: "viewer" });
    expect(apiKey.prefix).toBe(`${API_KEY_PREFIX}…${key.slice(-6)}`);
    expect(apiKey.prefix.length).toBeLessThan(15);
  });

  it("makes a different key every time", async () => {
    const { ws, actor } = await workspace();
    const a = await createApiKey(ws.id, actor, { name: "same", role: "viewer" });
    const b = await createApiKey(ws.id, actor, { name: "same", role: "viewer" });
    expect(a.key).not.toBe(b.key);
    expect(a.apiKey.id).not.toBe(b.apiKey.id);
  });

  it("does not let anyone create a key above their own role", async () => {
    const { ws } = await workspace();
    const admin = await seedUser();
    const error = await expectAppError(createApiKey(ws.id, { userId: admin.id, role: "admin" }, { name: "root", role: "owner" }), "forbidden");
    expect(error.fields).toHaveProperty("role");
    await expectAppError(createApiKey(ws.id, { userId: null, role: "member" }, { name: "x", role: "admin" }), "forbidden");
    expect(await db.apiKey.count({ where: { workspaceId: ws.id } })).toBe(0);
    // Up to their own role is fine.
    await createApiKey(ws.id, { userId: admin.id, role: "admin" }, { name: "ok", role: "admin" });
    expect(await db.apiKey.count({ where: { workspaceId: ws.id } })).toBe(1);
  });

  it("validates name and role", async () => {
    const { ws, actor } = await workspace();
    const error = await expectAppError(createApiKey(ws.id, actor, { name: "   ", role: "root" }), "bad_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["name", "role"]);
    await expectAppError(createApiKey(ws.id, actor, { name: "x".repeat(65), role: "viewer" }), "bad_request");
  });
});

describe("listApiKeys", () => {
  it("lists this workspace's live keys, newest first, without secrets", async () => {
    const { ws, actor } = await workspace();
    const other = await workspace();
    const first = await createApiKey(ws.id, actor, { name: "first", role: "viewer" });
    const second = await createApiKey(ws.id, actor, { name: "second", role: "member" });
    const revoked = await createApiKey(ws.id, actor, { name: "revoked", role: "member" });
    await createApiKey(other.ws.id, other.actor, { name: "theirs", role: "member" });
    await revokeApiKey(ws.id, revoked.apiKey.id);

    const list = await listApiKeys(ws.id);
    expect(list.map((k) => k.id)).toEqual([second.apiKey.id, first.apiKey.id]);
    expect(JSON.stringify(list)).not.toContain(first.key);
    expect(JSON.stringify(list)).not.toContain("keyHash");
  });
});

describe("revokeApiKey", () => {
  it("revokes the key: it stops authenticating", async () => {
    const { ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "k", role: "admin" });
    expect(await authenticateApiKey(key)).not.toBeNull();
    await revokeApiKey(ws.id, apiKey.id);
    expect(await authenticateApiKey(key)).toBeNull();
    expect((await db.apiKey.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: ws.id, id: apiKey.id } } })).revokedAt).toBeInstanceOf(Date);
    await expectAppError(revokeApiKey(ws.id, apiKey.id), "not_found");
  });

  it("answers not_found for another workspace's key and leaves it working", async () => {
    const mine = await workspace();
    const theirs = await workspace();
    const { key, apiKey } = await createApiKey(theirs.ws.id, theirs.actor, { name: "theirs", role: "admin" });
    await expectAppError(revokeApiKey(mine.ws.id, apiKey.id), "not_found");
    expect(await authenticateApiKey(key)).toMatchObject({ id: apiKey.id, workspaceId: theirs.ws.id });
  });

  it("answers not_found for an unknown id", async () => {
    const { ws } = await workspace();
    await expectAppError(revokeApiKey(ws.id, "no-such-key"), "not_found");
  });
});

describe("authenticateApiKey", () => {
  it("resolves a key to its id, workspace and role", async () => {
    const { ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "k", role: "viewer" });
    expect(await authenticateApiKey(key)).toEqual({ id: apiKey.id, workspaceId: ws.id, name: "k", role: "viewer", expiresAt: null, workspace: ws });
  });

  it("records when a key was last used, at most about once a minute", async () => {
    const { ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "k", role: "viewer" });
    const where = { workspaceId_id: { workspaceId: ws.id, id: apiKey.id } };
    const before = Date.now();
    await authenticateApiKey(key);
    const first = (await db.apiKey.findUniqueOrThrow({ where })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect(first!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(first!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await listApiKeys(ws.id))[0]!.lastUsedAt).toEqual(first);

    // Used again right away: not rewritten.
    await authenticateApiKey(key);
    expect((await db.apiKey.findUniqueOrThrow({ where })).lastUsedAt).toEqual(first);

    // Last used long ago: refreshed.
    const old = new Date(Date.now() - 10 * 60_000);
    await db.apiKey.update({ where, data: { lastUsedAt: old } });
    await authenticateApiKey(key);
    expect((await db.apiKey.findUniqueOrThrow({ where })).lastUsedAt!.getTime()).toBeGreaterThan(old.getTime() + 9 * 60_000);
  });

  it("returns null for anything that is not a live key, without touching lastUsedAt", async () => {
    const { ws, actor } = await workspace();
    const { key, apiKey } = await createApiKey(ws.id, actor, { name: "k", role: "viewer" });
    const secret = key.slice(key.indexOf(".") + 1);
    for (const bad of ["", "sb_", key.slice(API_KEY_PREFIX.length), `${key}A`, `sb_${ws.id}.${secret.slice(1)}`, `sb_${"a".repeat(25)}.${secret}`]) {
      expect(await authenticateApiKey(bad), bad).toBeNull();
    }
    expect((await db.apiKey.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: ws.id, id: apiKey.id } } })).lastUsedAt).toBeNull();
  });
});
