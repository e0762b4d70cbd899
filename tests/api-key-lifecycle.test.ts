import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { rotateApiKeyAction } from "@/app/w/[slug]/settings/api-keys/actions";
import * as workspaceRoute from "@/app/api/v1/workspaces/[slug]/route";
import { currentUser } from "@/lib/auth/session";
import { expiresSoon, expiryInstant } from "@/lib/api-keys/expiry";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { updateWorkspace } from "@/lib/workspaces/service";
import { expectAppError, workspaceWith } from "./helpers";

// Keys that expire, warn a week ahead, and rotate with a day's grace for the secret they replace.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const DAY = 86_400_000;
const HOUR = 3_600_000;
const owner = (userId: string) => ({ userId, role: "owner" as const });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function getWorkspace(slug: string, key: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await workspaceRoute.GET(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, expires: response.headers.get("Signalboard-Key-Expires"), body: (await response.json()) as Record<string, never> };
}

describe("a key's expiry", () => {
  it("is none, a number of days, or the end of a chosen day in the workspace's time zone", async () => {
    const { owner: user, workspace } = await workspaceWith();
    await updateWorkspace(workspace.id, { timeZone: "America/New_York" });
    const now = new Date("2026-03-01T12:00:00Z");
    const never = await createApiKey(workspace.id, owner(user.id), { name: "never", role: "viewer" }, now);
    const month = await createApiKey(workspace.id, owner(user.id), { name: "month", role: "viewer", expires: "30" }, now);
    const year = await createApiKey(workspace.id, owner(user.id), { name: "year", role: "viewer", expires: "365" }, now);
    const dated = await createApiKey(workspace.id, owner(user.id), { name: "dated", role: "viewer", expires: "date", expiresOn: "2026-03-20" }, now);
    expect(never.apiKey.expiresAt).toBeNull();
    expect(month.apiKey.expiresAt).toEqual(at(now, 30 * DAY));
    expect(year.apiKey.expiresAt).toEqual(at(now, 365 * DAY));
    // Works through March 20 in New York (UTC-4 after the clocks change on March 8).
    expect(dated.apiKey.expiresAt).toEqual(new Date("2026-03-21T04:00:00Z"));
    const listed = await listApiKeys(workspace.id);
    expect(listed.find((k) => k.name === "dated")!.expiresAt).toEqual(dated.apiKey.expiresAt);
  });

  it("refuses unusable choices naming the field", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const now = new Date("2026-03-01T12:00:00Z");
    const create = (input: Record<string, string>) => createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer", ...input }, now);
    expect((await expectAppError(create({ expires: "7" }), "bad_request")).fields).toHaveProperty("expires");
    expect((await expectAppError(create({ expires: "date" }), "bad_request")).fields).toHaveProperty("expiresOn");
    expect((await expectAppError(create({ expires: "date", expiresOn: "2026-02-28" }), "bad_request")).fields).toHaveProperty("expiresOn");
    expect((await expectAppError(create({ expires: "date", expiresOn: "2031-01-01" }), "bad_request")).fields).toHaveProperty("expiresOn");
    expect((await expectAppError(create({ expires: "date", expiresOn: "March 3" }), "bad_request")).fields).toHaveProperty("expiresOn");
    expect(await db.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("lets a key work until it expires, then answers 401 saying so", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const now = new Date();
    const { key } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "admin", expires: "30" }, at(now, -30 * DAY + HOUR));
    expect((await getWorkspace(workspace.slug, key)).status).toBe(200);
    expect(await authenticateApiKey(key, at(now, HOUR - 1000))).toMatchObject({ role: "admin" });
    const error = await expectAppError(authenticateApiKey(key, at(now, HOUR)), "unauthorized");
    expect(error.message).toMatch(/expired/);
  });

  it("reads a key's expiry and grace as the same instants whatever the server's own time zone", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const now = new Date("2026-03-01T12:00:00Z");
    // The secret a rotation replaces has a grace period; the new one has the key's expiry.
    const { key: previous, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer", expires: "30" }, now);
    const { key: current } = await rotateApiKey(workspace.id, owner(user.id), apiKey.id, now);
    const zone = process.env.TZ;
    // Times are stored as UTC wall time: read as local time they would move by the zone's offset.
    process.env.TZ = "Pacific/Kiritimati";
    try {
      expect((await authenticateApiKey(previous, at(now, 24 * HOUR - 1000)))?.expiresAt).toEqual(at(now, 24 * HOUR));
      expect((await expectAppError(authenticateApiKey(previous, at(now, 24 * HOUR)), "unauthorized")).message).toMatch(/rotated/);
      expect((await authenticateApiKey(current, at(now, 30 * DAY - 1000)))?.expiresAt).toEqual(at(now, 30 * DAY));
      expect((await expectAppError(authenticateApiKey(current, at(now, 30 * DAY)), "unauthorized")).message).toMatch(/expired/);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("answers an expired key's request with 401 and the reason", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const { key, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "admin", expires: "30" });
    await db.apiKey.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: apiKey.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await getWorkspace(workspace.slug, key);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.body)).toContain("expired");
  });
});

describe("the expiry warning", () => {
  it("is sent on answers to a key in its last week, and not before", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const { key, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer", expires: "30" });
    expect((await getWorkspace(workspace.slug, key)).expires).toBeNull();
    const soon = new Date(Date.now() + 6 * DAY);
    await db.apiKey.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: apiKey.id } }, data: { expiresAt: soon } });
    const answer = await getWorkspace(workspace.slug, key);
    expect(answer.status).toBe(200);
    expect(answer.expires).toBe(soon.toISOString());
  });

  it("is never sent for a key without an expiry", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const { key } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer" });
    expect((await getWorkspace(workspace.slug, key)).expires).toBeNull();
  });

  it("covers exactly the last seven days before the expiry", () => {
    const expiry = new Date("2026-06-08T00:00:00Z");
    expect(expiresSoon(expiry, new Date("2026-05-31T23:59:59Z"))).toBe(false);
    expect(expiresSoon(expiry, new Date("2026-06-01T00:00:00Z"))).toBe(true);
    expect(expiresSoon(expiry, new Date("2026-06-07T23:59:59Z"))).toBe(true);
    expect(expiresSoon(expiry, expiry)).toBe(false);
    expect(expiresSoon(null, expiry)).toBe(false);
    // A chosen day ends at the workspace's midnight, so "today" still works until tonight.
    expect(expiryInstant({ expires: "date", expiresOn: "2026-06-01" }, "UTC", new Date("2026-06-01T09:00:00Z"))).toEqual({
      expiresAt: new Date("2026-06-02T00:00:00Z"),
    });
  });
});

describe("rotating a key", () => {
  it("issues a new secret and keeps the old one working for 24 hours, then stops it", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const { key: old, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "etl", role: "member" });
    const now = new Date();
    const { key: fresh, apiKey: rotated } = await rotateApiKey(workspace.id, owner(user.id), apiKey.id, now);
    expect(fresh).not.toBe(old);
    expect(rotated).toMatchObject({ id: apiKey.id, name: "etl", role: "member", rotatedAt: now, previousValidUntil: at(now, 24 * HOUR) });
    expect(rotated.prefix).toBe(`sb_…${fresh.slice(-6)}`);

    expect(await authenticateApiKey(fresh, at(now, 1000))).toMatchObject({ id: apiKey.id, role: "member", expiresAt: null });
    // The old secret works through the grace period, and says when it stops.
    expect(await authenticateApiKey(old, at(now, 23 * HOUR))).toMatchObject({ id: apiKey.id, expiresAt: at(now, 24 * HOUR) });
    const answer = await getWorkspace(workspace.slug, old);
    expect(answer.status).toBe(200);
    expect(answer.expires).toBe(at(now, 24 * HOUR).toISOString());
    expect((await getWorkspace(workspace.slug, fresh)).expires).toBeNull();

    const error = await expectAppError(authenticateApiKey(old, at(now, 24 * HOUR)), "unauthorized");
    expect(error.message).toMatch(/rotated/);
    expect(await authenticateApiKey(fresh, at(now, 48 * HOUR))).toMatchObject({ id: apiKey.id });
  });

  it("stops a secret two rotations old at once, and keeps the key's expiry", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const { key: first, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer", expires: "90" });
    const { key: second } = await rotateApiKey(workspace.id, owner(user.id), apiKey.id);
    const { key: third, apiKey: after } = await rotateApiKey(workspace.id, owner(user.id), apiKey.id);
    expect(after.expiresAt).toEqual(apiKey.expiresAt);
    expect(await authenticateApiKey(first)).toBeNull();
    expect(await authenticateApiKey(second)).toMatchObject({ id: apiKey.id });
    expect(await authenticateApiKey(third)).toMatchObject({ id: apiKey.id, expiresAt: apiKey.expiresAt });
  });

  it("never extends a grace period past the key's own expiry", async () => {
    const { owner: user, workspace } = await workspaceWith();
    const now = new Date();
    const { key: old, apiKey } = await createApiKey(workspace.id, owner(user.id), { name: "k", role: "viewer", expires: "30" }, at(now, -30 * DAY + 2 * HOUR));
    await rotateApiKey(workspace.id, owner(user.id), apiKey.id, now);
    expect(await authenticateApiKey(old, at(now, HOUR))).toMatchObject({ expiresAt: apiKey.expiresAt });
    await expectAppError(authenticateApiKey(old, at(now, 3 * HOUR)), "unauthorized");
  });

  it("refuses an expired key, a revoked one, and another workspace's key (404, untouched)", async () => {
    const mine = await workspaceWith();
    const theirs = await workspaceWith();
    const { key: theirKey, apiKey: theirApiKey } = await createApiKey(theirs.workspace.id, owner(theirs.owner.id), { name: "theirs", role: "viewer" });
    await expectAppError(rotateApiKey(mine.workspace.id, owner(mine.owner.id), theirApiKey.id), "not_found");
    expect(await authenticateApiKey(theirKey)).toMatchObject({ id: theirApiKey.id });
    expect((await listApiKeys(theirs.workspace.id))[0]!.rotatedAt).toBeNull();
    await expectAppError(rotateApiKey(mine.workspace.id, owner(mine.owner.id), "no-such-key"), "not_found");
    await expectAppError(rotateApiKey(mine.workspace.id, owner(mine.owner.id), 42), "not_found");

    const now = new Date();
    const { apiKey: expired } = await createApiKey(mine.workspace.id, owner(mine.owner.id), { name: "old", role: "viewer", expires: "30" }, at(now, -31 * DAY));
    await expectAppError(rotateApiKey(mine.workspace.id, owner(mine.owner.id), expired.id, now), "conflict");
    const { key: revokedKey, apiKey: revoked } = await createApiKey(mine.workspace.id, owner(mine.owner.id), { name: "gone", role: "viewer" });
    await revokeApiKey(mine.workspace.id, revoked.id);
    await expectAppError(rotateApiKey(mine.workspace.id, owner(mine.owner.id), revoked.id), "not_found");
    expect(await authenticateApiKey(revokedKey)).toBeNull();
  });

  it("takes an admin for keys up to their own role, through the settings action", async () => {
    const { owner: user, workspace, members } = await workspaceWith(["admin", "member", "viewer"] as const);
    const [admin, member, viewer] = members;
    const { apiKey: ownerKey } = await createApiKey(workspace.id, owner(user.id), { name: "root", role: "owner" });
    const { key: adminSecret, apiKey: adminKey } = await createApiKey(workspace.id, owner(user.id), { name: "ops", role: "admin" });
    const rotate = async (who: { id: string; email: string }, id: string) => {
      vi.mocked(currentUser).mockResolvedValue({ id: who.id, email: who.email, name: null });
      const form = new FormData();
      form.set("slug", workspace.slug);
      form.set("id", id);
      return rotateApiKeyAction(null, form);
    };

    for (const lower of [member!, viewer!]) {
      expect(await rotate(lower.user, adminKey.id)).toMatchObject({ ok: false, error: expect.stringContaining("role") });
    }
    expect(await rotate(admin!.user, ownerKey.id)).toMatchObject({ ok: false, error: expect.stringContaining("higher role") });
    expect(await authenticateApiKey(adminSecret)).toMatchObject({ id: adminKey.id });
    expect((await listApiKeys(workspace.id)).every((k) => k.rotatedAt === null)).toBe(true);

    const done = await rotate(admin!.user, adminKey.id);
    expect(done).toMatchObject({ ok: true, message: expect.stringContaining("24 more hours") });
    const fresh = done!.data!.key!;
    // The key now answers to the admin who holds its secret.
    expect(await authenticateApiKey(fresh)).toMatchObject({ id: adminKey.id, role: "admin" });
    expect((await listApiKeys(workspace.id)).find((k) => k.id === adminKey.id)!.createdBy?.email).toBe(admin!.user.email);
  });
});
