import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as statusRoute, POST as activateRoute } from "@/app/api/embedded/pixel/route";
import { db } from "@/lib/db/client";
import { markShopUninstalled } from "@/lib/embedded/uninstall";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { revokeWriteKey } from "@/lib/tracking/write-keys";
import { callEmbedded, configureApp, installedShop, sessionToken, uniqueShop } from "./support";
import { shopifyAdminStandIn } from "./shopify-admin";

const shopify = shopifyAdminStandIn();
const server = setupServer(shopify.handler);
const APP_URL = "https://app.signalboard.test";

beforeAll(() => {
  configureApp(vi.stubEnv);
  vi.stubEnv("APP_URL", APP_URL);
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

const activate = async (shop: string, sub: string) => callEmbedded(activateRoute, { method: "POST", path: "/api/embedded/pixel", token: await sessionToken(shop, sub) });
const status = async (shop: string, sub: string) => callEmbedded(statusRoute, { path: "/api/embedded/pixel", token: await sessionToken(shop, sub) });
const keysOf = (workspaceId: string) => db.writeKey.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
const settingsSent = (shop: string, operation: string) =>
  shopify.callsTo(shop, operation).map((c) => JSON.parse((c.variables.webPixel as { settings: string }).settings) as Record<string, string>);

describe("POST /api/embedded/pixel", () => {
  it("gives the shop a write key of its own and creates the web pixel with it, once", async () => {
    const { shop, workspace, sub } = await installedShop("admin");
    expect((await status(shop, sub)).body).toMatchObject({ active: false, state: "not_activated" });

    const result = await activate(shop, sub);
    expect(result.status).toBe(200);
    const [key, ...others] = await keysOf(workspace.id);
    expect(others).toEqual([]);
    // Sandboxed pixels send Origin: null; the storefront's own origins are listed beside it.
    expect(key!.allowedOrigins.sort()).toEqual(["null", `https://${shop}`, `https://www.${shop.replace(".myshopify.com", "")}.example`].sort());
    expect(settingsSent(shop, "WebPixelCreate")).toEqual([{ writeKey: key!.value, endpoint: `${APP_URL}/api/v1/track` }]);
    const pixel = shopify.pixels.get(shop)!;
    expect(result.body).toMatchObject({ active: true, state: "active", writeKey: { id: key!.id, lastEventAt: null }, endpoint: `${APP_URL}/api/v1/track` });
    expect(await db.embeddedShop.findUnique({ where: { shop } })).toMatchObject({ webPixelId: pixel.id, webPixelWriteKeyId: key!.id });

    // A second click updates the same pixel with the same key.
    expect((await activate(shop, sub)).status).toBe(200);
    expect(shopify.callsTo(shop, "WebPixelCreate")).toHaveLength(1);
    expect(shopify.callsTo(shop, "WebPixelUpdate").map((c) => c.variables.id)).toEqual([pixel.id]);
    expect(await keysOf(workspace.id)).toHaveLength(1);
    expect((await status(shop, sub)).body).toMatchObject({ active: true, state: "active" });
  });

  it("creates one key and one pixel when two clicks race", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    const results = await Promise.all([activate(shop, sub), activate(shop, sub)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await keysOf(workspace.id)).toHaveLength(1);
    expect(shopify.callsTo(shop, "WebPixelCreate")).toHaveLength(1);
  });

  it("updates a pixel Shopify already holds (TAKEN) and recreates one Shopify lost (NOT_FOUND)", async () => {
    const { shop, sub } = await installedShop("owner");
    shopify.pixels.set(shop, { id: "gid://shopify/WebPixel/77", settings: "{}" });
    expect((await activate(shop, sub)).status).toBe(200);
    expect(shopify.callsTo(shop, "WebPixelUpdate").map((c) => c.variables.id)).toEqual(["gid://shopify/WebPixel/77"]);
    expect((await db.embeddedShop.findUnique({ where: { shop } }))!.webPixelId).toBe("gid://shopify/WebPixel/77");

    shopify.pixels.delete(shop);
    expect((await activate(shop, sub)).status).toBe(200);
    const recreated = shopify.pixels.get(shop)!;
    expect(recreated.id).not.toBe("gid://shopify/WebPixel/77");
    expect((await db.embeddedShop.findUnique({ where: { shop } }))!.webPixelId).toBe(recreated.id);
  });

  it("shows Shopify's userErrors with what to do, records no pixel, and reuses the key on the next try", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    shopify.pixelRefusals.set(shop, { code: "NO_EXTENSION", message: "No extension found." });
    const refused = await activate(shop, sub);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("No extension found. (NO_EXTENSION)") } });
    expect((refused.body!.error as { message: string }).message).toContain("shopify app deploy");
    expect((await db.embeddedShop.findUnique({ where: { shop } }))!.webPixelId).toBeNull();
    expect((await status(shop, sub)).body).toMatchObject({ active: false });

    shopify.pixelRefusals.delete(shop);
    expect((await activate(shop, sub)).status).toBe(200);
    expect(await keysOf(workspace.id)).toHaveLength(1);
  });

  it("says which permissions to approve when the shop has not granted the pixel scopes", async () => {
    const { shop, sub } = await installedShop("owner");
    shopify.deniedHosts.add(shop);
    const refused = await activate(shop, sub);
    expect(refused.status).toBe(409);
    expect((refused.body!.error as { message: string }).message).toMatch(/write_pixels, read_customer_events/);
    expect((await db.embeddedShop.findUnique({ where: { shop } }))!.webPixelId).toBeNull();
  });

  it("gives a new key to a pixel whose key was revoked", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    await activate(shop, sub);
    const [first] = await keysOf(workspace.id);
    await revokeWriteKey(workspace.id, first!.id);
    expect((await status(shop, sub)).body).toMatchObject({ active: false, state: "key_revoked" });

    expect((await activate(shop, sub)).body).toMatchObject({ active: true });
    const keys = await keysOf(workspace.id);
    expect(keys).toHaveLength(2);
    expect(settingsSent(shop, "WebPixelUpdate").at(-1)!.writeKey).toBe(keys[1]!.value);
  });

  it("forgets the pixel when the shop uninstalls (Shopify removes it with the app)", async () => {
    const { shop, sub } = await installedShop("owner");
    await activate(shop, sub);
    await markShopUninstalled(shop);
    expect(await db.embeddedShop.findUnique({ where: { shop } })).toMatchObject({ webPixelId: null, webPixelWriteKeyId: null });
  });

  it("lets members see the state but only admins and owners turn it on", async () => {
    const { shop, workspace, sub } = await installedShop("member", "4242");
    expect((await status(shop, sub)).status).toBe(200);
    const refused = await activate(shop, sub);
    expect(refused.status).toBe(403);
    expect(shopify.callsTo(shop)).toEqual([]);
    expect(await keysOf(workspace.id)).toEqual([]);
  });
});

describe("the pixel routes' tenancy", () => {
  it("acts on the token's own shop and workspace only", async () => {
    const a = await installedShop("owner", "1");
    const b = await installedShop("owner", "2");
    // A key in another workspace named for shop A is never A's pixel key.
    const stranger = await seedWorkspace((await seedUser()).id);
    await db.writeKey.create({ data: { workspaceId: stranger.id, name: `Shopify web pixel (${a.shop})`, value: "sbw_000000000000000000000000", keyHash: "x".repeat(64), allowedOrigins: ["null"] } });

    expect((await activate(a.shop, a.sub)).status).toBe(200);
    expect(shopify.callsTo(b.shop)).toEqual([]);
    expect(await keysOf(b.workspace.id)).toEqual([]);
    expect(await keysOf(a.workspace.id)).toHaveLength(1);
    expect((await db.embeddedShop.findUnique({ where: { shop: b.shop } }))!.webPixelId).toBeNull();

    // B's staff member does not exist in A's shop; a shop that never installed is refused.
    expect((await activate(a.shop, b.sub)).status).toBe(401);
    const nowhere = uniqueShop();
    expect((await activate(nowhere, "1")).status).toBe(401);
    expect(shopify.callsTo(nowhere)).toEqual([]);
  });
});
