import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as sessionRoute } from "@/app/api/embedded/session/route";
import { GET as homeRoute } from "@/app/api/embedded/home/route";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { RETRY_HEADER } from "@/lib/embedded/errors";
import { CONNECTED_ELSEWHERE } from "@/lib/embedded/install";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { handleShopRedact } from "@/lib/stores/webhooks/handlers/compliance";
import { placeOrder } from "../attribution/support";
import { API_KEY, API_SECRET, callEmbedded, configureApp, installCounts, sessionToken, uniqueShop } from "./support";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

// Shopify's token endpoint and Admin GraphQL API as documented: the token exchange takes the
// session token as subject_token and answers an expiring offline token with its refresh token;
// invalid_subject_token is a 400.
const exchanges: Record<string, unknown>[] = [];
const refused = new Set<string>();
const server = setupServer(
  http.post("https://:host/admin/oauth/access_token", async ({ request, params }) => {
    const body = (await request.json()) as Record<string, unknown>;
    exchanges.push({ ...body, host: params.host });
    if (refused.has(String(params.host)) || body.client_secret !== API_SECRET) {
      return HttpResponse.json({ error: "invalid_subject_token", error_description: "Session token is invalid." }, { status: 400 });
    }
    return HttpResponse.json({
      access_token: `shpat_${exchanges.length}`,
      scope: "read_orders,read_all_orders,read_products,read_customers,read_inventory",
      expires_in: 3600,
      refresh_token: `shprt_${exchanges.length}`,
      refresh_token_expires_in: 7_776_000,
    });
  }),
  http.post("https://:host/admin/api/:version/graphql.json", ({ params }) =>
    HttpResponse.json({ data: { shop: { name: "Fjord Supply", myshopifyDomain: params.host, ianaTimezone: "Europe/Oslo", currencyCode: "NOK" } } }),
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

const firstLoad = async (shop: string, sub: string) => callEmbedded(sessionRoute, { method: "POST", path: "/api/embedded/session", token: await sessionToken(shop, sub) });
const exchangesFor = (shop: string) => exchanges.filter((e) => e.host === shop);

async function installationOf(shop: string) {
  const row = await db.embeddedShop.findUniqueOrThrow({ where: { shop } });
  const [workspace, connection, members, runs] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: row.workspaceId } }),
    db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: row.workspaceId, id: row.connectionId } } }),
    db.membership.findMany({ where: { workspaceId: row.workspaceId }, include: { user: { include: { accounts: true } } }, orderBy: { createdAt: "asc" } }),
    db.syncRun.findMany({ where: { workspaceId: row.workspaceId, kind: "backfill" } }),
  ]);
  return { row, workspace, connection, members, runs };
}

describe("managed installation on the first load", () => {
  it("exchanges the session token, makes the shop a workspace owned by its opener and starts the backfill", async () => {
    const shop = uniqueShop();
    const token = await sessionToken(shop, "501");
    const result = await callEmbedded(sessionRoute, { method: "POST", path: "/api/embedded/session", token });
    expect(result.status).toBe(200);

    expect(exchangesFor(shop)).toEqual([
      expect.objectContaining({
        client_id: API_KEY,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: token,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      }),
    ]);
    const { workspace, connection, members, runs } = await installationOf(shop);
    expect(workspace).toMatchObject({ name: "Fjord Supply", timeZone: "Europe/Oslo", currency: "NOK" });
    expect(result.body).toMatchObject({ shop, role: "owner", workspace: { id: workspace.id } });
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ role: "owner", user: { passwordHash: null, accounts: [{ provider: "shopify", providerAccountId: `${shop}/501` }] } });

    // Sealed like the standalone flow's tokens, so the sync engine refreshes and uses them.
    expect(connection.credentials).not.toContain("shpat_");
    const credentials = openJson<Record<string, string>>(connection.credentials);
    expect(credentials).toMatchObject({ mode: "oauth", shop, accessToken: expect.stringMatching(/^shpat_/), refreshToken: expect.stringMatching(/^shprt_/) });
    expect(Date.parse(credentials.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    expect(connection).toMatchObject({ provider: "shopify", externalAccountId: shop, status: "active", timeZone: "Europe/Oslo", currency: "NOK" });
    expect(runs).toHaveLength(1);

    // The guard now lets the same token read the home.
    const home = await callEmbedded(homeRoute, { token });
    expect(home.status).toBe(200);
    expect(home.body).toMatchObject({ store: { id: connection.id, current_run: { kind: "backfill" } } });
  });

  it("joins other staff as members without exchanging again", async () => {
    const shop = uniqueShop();
    expect((await firstLoad(shop, "1")).status).toBe(200);
    const second = await firstLoad(shop, "2");
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ role: "member" });
    expect(exchangesFor(shop)).toHaveLength(1);
    const { members, runs } = await installationOf(shop);
    expect(members.map((m) => m.role)).toEqual(["owner", "member"]);
    expect(runs).toHaveLength(1);
    // A later load by the owner changes nothing.
    expect((await firstLoad(shop, "1")).body).toMatchObject({ role: "owner" });
    expect((await installationOf(shop)).members).toHaveLength(2);
  });

  it("installs once when two first loads race", async () => {
    const shop = uniqueShop();
    const before = await installCounts();
    const results = await Promise.all([firstLoad(shop, "7"), firstLoad(shop, "7"), firstLoad(shop, "8")]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = await installCounts();
    expect(after.shops - before.shops).toBe(1);
    expect(after.workspaces - before.workspaces).toBe(1);
    expect(after.connections - before.connections).toBe(1);
    expect(after.users - before.users).toBe(2);
    const { members, runs } = await installationOf(shop);
    expect(members.map((m) => m.role).sort()).toEqual(["member", "owner"]);
    expect(runs).toHaveLength(1);
  });

  it("gives each of several shops of one name its own workspace when they install at once", async () => {
    const shops = [uniqueShop(), uniqueShop(), uniqueShop(), uniqueShop()];
    const results = await Promise.all(shops.map((shop) => firstLoad(shop, "9")));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const slugs = await Promise.all(shops.map(async (shop) => (await installationOf(shop)).workspace.slug));
    expect(new Set(slugs).size).toBe(shops.length);
  });

  it("finds the same workspace again when the shop reinstalls after an uninstall", async () => {
    const shop = uniqueShop();
    await firstLoad(shop, "1");
    const first = await installationOf(shop);
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    await db.connection.update({ where: { workspaceId_id: { workspaceId: first.workspace.id, id: first.connection.id } }, data: { status: "disconnected", disconnectedAt: new Date() } });
    await db.syncRun.updateMany({ where: { workspaceId: first.workspace.id }, data: { status: "succeeded", finishedAt: new Date() } });

    const again = await firstLoad(shop, "1");
    expect(again.status).toBe(200);
    const second = await installationOf(shop);
    expect(second.workspace.id).toBe(first.workspace.id);
    expect(second.connection).toMatchObject({ id: first.connection.id, status: "active", disconnectedAt: null });
    expect(second.row.uninstalledAt).toBeNull();
    expect(second.members).toHaveLength(1);
    expect(second.runs).toHaveLength(2);
    expect(exchangesFor(shop)).toHaveLength(2);
  });

  it("reinstalls into the same workspace after shop/redact erased the store, and backfills it again", async () => {
    const shop = uniqueShop();
    await firstLoad(shop, "1");
    const first = await installationOf(shop);
    const scope = { workspaceId: first.workspace.id, connectionId: first.connection.id };
    await placeOrder(scope, 6001, new Date("2026-11-01T10:00:00Z"), "12.00");
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    await db.connection.update({ where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } }, data: { status: "disconnected", disconnectedAt: new Date() } });
    await db.syncRun.updateMany({ where: { workspaceId: scope.workspaceId }, data: { status: "succeeded", finishedAt: new Date() } });
    await handleShopRedact({ ...scope, topic: "shop/redact", webhookId: `redact-${shop}` }, { shop_domain: shop });
    expect(await db.order.count({ where: { workspaceId: scope.workspaceId } })).toBe(0);

    const again = await firstLoad(shop, "1");
    expect(again.status).toBe(200);
    const second = await installationOf(shop);
    expect(second.workspace.id).toBe(first.workspace.id);
    expect(second.connection).toMatchObject({ id: first.connection.id, status: "active" });
    expect(second.runs).toHaveLength(2);
  });

  it("does not open a second workspace for a shop connected through the standalone app, and lets its staff into none", async () => {
    const shop = uniqueShop();
    const owner = await seedUser();
    const standalone = await seedWorkspace(owner.id);
    await db.connection.create({ data: { workspaceId: standalone.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: "-" } });
    const before = await installCounts();

    const answer = await firstLoad(shop, "77");
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { message: CONNECTED_ELSEWHERE } });
    expect(await installCounts()).toEqual(before);
    expect(await db.membership.count({ where: { workspaceId: standalone.id } })).toBe(1);
  });

  it("installs a shop whose standalone connection was disconnected into a workspace of its own", async () => {
    const shop = uniqueShop();
    const owner = await seedUser();
    const standalone = await seedWorkspace(owner.id);
    await db.connection.create({ data: { workspaceId: standalone.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: "-", status: "disconnected" } });

    expect((await firstLoad(shop, "78")).status).toBe(200);
    const installed = await installationOf(shop);
    expect(installed.workspace.id).not.toBe(standalone.id);
    expect(installed.members.map((m) => m.role)).toEqual(["owner"]);
  });

  it("answers a token Shopify refuses (invalid_subject_token) with 401, a reload hint and nothing written", async () => {
    const shop = uniqueShop();
    refused.add(shop);
    const before = await installCounts();
    const result = await firstLoad(shop, "1");
    expect(result.status).toBe(401);
    expect(result.headers.get(RETRY_HEADER)).toBe("1");
    expect(result.body).toMatchObject({ error: { code: "unauthorized", reload: true } });
    expect(await installCounts()).toEqual(before);
  });

  it("answers an uninstalled shop's old token, which Shopify refuses, with 401 and leaves the shop uninstalled", async () => {
    const shop = uniqueShop();
    await firstLoad(shop, "1");
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    refused.add(shop);
    const before = await installCounts();
    const result = await firstLoad(shop, "1");
    expect(result.status).toBe(401);
    expect(await installCounts()).toEqual(before);
    expect((await db.embeddedShop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).not.toBeNull();
  });

  it("refuses a forged token before calling Shopify", async () => {
    const shop = uniqueShop();
    const token = await sessionToken(shop, "1", {}, "forged-secret");
    const result = await callEmbedded(sessionRoute, { method: "POST", path: "/api/embedded/session", token });
    expect(result.status).toBe(401);
    expect(exchangesFor(shop)).toHaveLength(0);
  });
});
