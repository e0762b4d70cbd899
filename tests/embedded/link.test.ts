import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as linkRoute } from "@/app/api/embedded/link/route";
import { POST as sessionRoute } from "@/app/api/embedded/session/route";
import { hashToken } from "@/lib/auth/tokens";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { createShopLinkCode, LINK_CODE_PREFIX } from "@/lib/embedded/link";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { API_SECRET, callEmbedded, configureApp, installCounts, sessionToken, uniqueShop } from "./support";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

// Shopify's token exchange and Admin GraphQL `shop` query, in their documented shapes (as in
// install.test.ts); a host in `refused` answers invalid_subject_token.
let issued = 0;
const refused = new Set<string>();
const server = setupServer(
  http.post("https://:host/admin/oauth/access_token", async ({ request, params }) => {
    const body = (await request.json()) as Record<string, unknown>;
    if (refused.has(String(params.host)) || body.client_secret !== API_SECRET) {
      return HttpResponse.json({ error: "invalid_subject_token", error_description: "Session token is invalid." }, { status: 400 });
    }
    issued += 1;
    return HttpResponse.json({ access_token: `shpat_link_${issued}`, scope: "read_orders", expires_in: 3600, refresh_token: `shprt_link_${issued}`, refresh_token_expires_in: 7_776_000 });
  }),
  http.post("https://:host/admin/api/:version/graphql.json", ({ params }) =>
    HttpResponse.json({ data: { shop: { name: "Fjord Supply", myshopifyDomain: params.host, ianaTimezone: "Europe/Oslo", currency: "NOK", currencyCode: "NOK" } } }),
  ),
);

beforeAll(() => {
  configureApp(vi.stubEnv);
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

const load = async (shop: string, sub: string) => callEmbedded(sessionRoute, { method: "POST", path: "/api/embedded/session", token: await sessionToken(shop, sub) });
const link = async (shop: string, sub: string, code: unknown) =>
  callEmbedded(linkRoute, { method: "POST", path: "/api/embedded/link", token: await sessionToken(shop, sub), body: { code } });

/** A standalone workspace with an owner (who makes codes) and a code made by `role`. */
async function standalone(role: "owner" | "admin" = "owner") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { name: "Existing Co" });
  let maker = owner;
  if (role !== "owner") {
    maker = await seedUser();
    await seedMembership(workspace.id, maker.id, role);
  }
  const { code, expiresAt } = await createShopLinkCode(await workspaceForUser(workspace.slug, maker.id));
  return { owner, maker, workspace, code, expiresAt };
}

const codeRow = (workspaceId: string, code: string) => db.shopLinkCode.findUniqueOrThrow({ where: { workspaceId_tokenHash: { workspaceId, tokenHash: hashToken(code) } } });

describe("link codes", () => {
  it("are made by owners and admins only, stored as a hash, and last 15 minutes", async () => {
    const made = await standalone("admin");
    expect(made.code.startsWith(`${LINK_CODE_PREFIX}${made.workspace.id}.`)).toBe(true);
    expect(made.expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(made.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const row = await codeRow(made.workspace.id, made.code);
    expect(row).toMatchObject({ createdById: made.maker.id, usedAt: null });
    expect(JSON.stringify(row)).not.toContain(made.code.split(".")[1]);

    const member = await seedUser();
    await seedMembership(made.workspace.id, member.id, "member");
    await expect(createShopLinkCode(await workspaceForUser(made.workspace.slug, member.id))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("linking a shop to an existing workspace", () => {
  it("moves a just-installed shop into the workspace, removes the shop's own, and maps its staff in as members", async () => {
    const shop = uniqueShop();
    const installed = await load(shop, "501");
    expect(installed.body).toMatchObject({ role: "owner" });
    const own = (installed.body as { workspace: { id: string } }).workspace.id;
    const target = await standalone();

    const answer = await link(shop, "501", target.code);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ shop, role: "member", workspace: { id: target.workspace.id, name: "Existing Co" } });

    // The shop's own workspace and everything in it are gone; the shop now opens the target.
    expect(await db.workspace.findUnique({ where: { id: own } })).toBeNull();
    expect(await db.connection.count({ where: { workspaceId: own } })).toBe(0);
    expect(await db.syncRun.count({ where: { workspaceId: own } })).toBe(0);
    const installation = await db.embeddedShop.findUniqueOrThrow({ where: { shop } });
    expect(installation.workspaceId).toBe(target.workspace.id);
    const connection = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: target.workspace.id, id: installation.connectionId } } });
    expect(connection).toMatchObject({ provider: "shopify", externalAccountId: shop, status: "active" });
    expect(connection.credentials).not.toContain("shpat_");
    expect(openJson<{ accessToken: string }>(connection.credentials).accessToken).toMatch(/^shpat_link_/);
    expect(await db.syncRun.count({ where: { workspaceId: target.workspace.id, connectionId: connection.id, kind: "backfill" } })).toBe(1);
    expect(await codeRow(target.workspace.id, target.code)).toMatchObject({ usedByShop: shop, usedAt: expect.any(Date) });

    // The installer and later staff are members of the target; its owner stays its only owner.
    expect(await load(shop, "501")).toMatchObject({ status: 200, body: { role: "member", workspace: { id: target.workspace.id } } });
    expect(await load(shop, "502")).toMatchObject({ status: 200, body: { role: "member", workspace: { id: target.workspace.id } } });
    const roles = await db.membership.findMany({ where: { workspaceId: target.workspace.id }, select: { role: true, userId: true } });
    expect(roles.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual([target.owner.id]);
    expect(roles).toHaveLength(3);
  });

  it("opens the workspace a shop was connected to through the standalone app, which the install refused", async () => {
    const target = await standalone();
    const shop = uniqueShop();
    const existing = await db.connection.create({
      data: { workspaceId: target.workspace.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: "-", status: "needs_reauth" },
    });
    expect((await load(shop, "601")).status).toBe(409);
    const workspaces = await db.workspace.count();

    const answer = await link(shop, "601", target.code);
    expect(answer).toMatchObject({ status: 200, body: { workspace: { id: target.workspace.id } } });
    expect(await db.workspace.count()).toBe(workspaces);
    expect(await db.embeddedShop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ workspaceId: target.workspace.id, connectionId: existing.id });
    const connection = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: target.workspace.id, id: existing.id } } });
    expect(connection.status).toBe("active");
    expect(openJson<{ accessToken: string }>(connection.credentials).accessToken).toMatch(/^shpat_link_/);
    expect(await db.syncRun.count({ where: { connectionId: existing.id, kind: "backfill" } })).toBe(1);
    expect((await load(shop, "601")).body).toMatchObject({ role: "member", workspace: { id: target.workspace.id } });
  });
});

describe("refused links write nothing", () => {
  async function refusedWith(shop: string, sub: string, code: unknown, status: number, message: RegExp, field?: string) {
    const before = await installCounts();
    const answer = await link(shop, sub, code);
    expect(answer.status).toBe(status);
    const error = (answer.body as { error: { message: string; fields?: Record<string, string> } }).error;
    expect(error.message).toMatch(message);
    if (field) expect(error.fields?.[field]).toMatch(message);
    expect(await installCounts()).toEqual(before);
  }

  it("a forged, garbled or missing code is a 400 naming the code", async () => {
    const shop = uniqueShop();
    await load(shop, "1");
    const target = await standalone();
    const secret = target.code.split(".")[1]!;
    await refusedWith(shop, "1", `${LINK_CODE_PREFIX}${target.workspace.id}.${secret.slice(0, -2)}xx`, 400, /not valid/, "code");
    await refusedWith(shop, "1", "pasted the wrong thing", 400, /not valid/, "code");
    await refusedWith(shop, "1", undefined, 400, /not valid/, "code");
    expect(await codeRow(target.workspace.id, target.code)).toMatchObject({ usedAt: null });
  });

  it("an expired code, and a code already used by another shop", async () => {
    const shop = uniqueShop();
    await load(shop, "1");
    const expired = await standalone();
    await db.shopLinkCode.updateMany({ where: { workspaceId: expired.workspace.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await refusedWith(shop, "1", expired.code, 400, /already used or has expired/, "code");

    const target = await standalone();
    const first = uniqueShop();
    await load(first, "1");
    expect((await link(first, "1", target.code)).status).toBe(200);
    // The first shop left: the workspace has no other shop now, but the code is spent.
    await db.connection.updateMany({ where: { workspaceId: target.workspace.id }, data: { status: "disconnected" } });
    await refusedWith(shop, "1", target.code, 400, /already used or has expired/, "code");
  });

  it("two shops racing with one code: one links, the other is refused", async () => {
    const target = await standalone();
    const [a, b] = [uniqueShop(), uniqueShop()];
    await Promise.all([load(a, "1"), load(b, "1")]);
    const answers = await Promise.all([link(a, "1", target.code), link(b, "1", target.code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await db.embeddedShop.count({ where: { workspaceId: target.workspace.id } })).toBe(1);
  });

  it("a code whose maker is no longer an admin", async () => {
    const shop = uniqueShop();
    await load(shop, "1");
    const target = await standalone("admin");
    await db.membership.update({ where: { workspaceId_userId: { workspaceId: target.workspace.id, userId: target.maker.id } }, data: { role: "member" } });
    await refusedWith(shop, "1", target.code, 403, /no longer an owner or admin/, "code");
  });

  it("a workspace that already has another Shopify store", async () => {
    const shop = uniqueShop();
    await load(shop, "1");
    const target = await standalone();
    const other = uniqueShop();
    await db.connection.create({ data: { workspaceId: target.workspace.id, provider: "shopify", externalAccountId: other, displayName: other, credentials: "-" } });
    await refusedWith(shop, "1", target.code, 409, new RegExp(`another Shopify store \\(${other.replace(/\./g, "\\.")}\\)`));
  });

  it("a shop already connected to a third workspace", async () => {
    const shop = uniqueShop();
    const elsewhere = await standalone();
    await db.connection.create({ data: { workspaceId: elsewhere.workspace.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: "-" } });
    const target = await standalone();
    await refusedWith(shop, "1", target.code, 409, /already connected to another Signalboard workspace/);
  });

  it("a shop whose own workspace holds more than the shop, and a staff member who did not install it", async () => {
    const shop = uniqueShop();
    const installed = await load(shop, "1");
    const own = (installed.body as { workspace: { id: string } }).workspace.id;
    await load(shop, "2");
    const target = await standalone();
    await refusedWith(shop, "2", target.code, 403, /Only the staff member who installed/);

    const outsider = await seedUser();
    await seedMembership(own, outsider.id, "admin");
    await refusedWith(shop, "1", target.code, 409, /holds more than the shop's own data/);
    expect(await db.workspace.findUnique({ where: { id: own } })).not.toBeNull();
  });

  it("a session token Shopify refuses to exchange is a 401 with the reload hint", async () => {
    const shop = uniqueShop();
    await load(shop, "1");
    const target = await standalone();
    refused.add(shop);
    await refusedWith(shop, "1", target.code, 401, /Reload Signalboard from your Shopify admin/);
    expect(await codeRow(target.workspace.id, target.code)).toMatchObject({ usedAt: null });
  });

  it("a forged session token is a 401 before the code is looked at", async () => {
    const shop = uniqueShop();
    const target = await standalone();
    const before = await installCounts();
    const answer = await callEmbedded(linkRoute, { method: "POST", path: "/api/embedded/link", token: await sessionToken(shop, "1", {}, "not-the-secret"), body: { code: target.code } });
    expect(answer.status).toBe(401);
    expect(await installCounts()).toEqual(before);
    expect(await codeRow(target.workspace.id, target.code)).toMatchObject({ usedAt: null });
  });
});
