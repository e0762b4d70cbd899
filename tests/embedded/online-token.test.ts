import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as subscribeRoute } from "@/app/api/embedded/billing/subscribe/route";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { EmbeddedAuthError } from "@/lib/embedded/errors";
import { embeddedContext } from "@/lib/embedded/guard";
import { onlineAccessToken } from "@/lib/embedded/online-token";
import { verifySessionToken } from "@/lib/embedded/session-token";
import { markShopUninstalled } from "@/lib/embedded/uninstall";
import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { API_KEY, callEmbedded, configureApp, installedShop, sessionToken } from "./support";
import { shopifyAdminStandIn } from "./shopify-admin";

// Online access tokens against a stand-in of Shopify's token endpoint answering the documented
// online-access-token shape (access_token, scope, expires_in, associated_user_scope, associated_user).

const shopify = shopifyAdminStandIn();
const server = setupServer(shopify.handler, shopify.tokenHandler);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  configureApp(vi.stubEnv);
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const contextOf = async (shop: string, sub: string) => embeddedContext(await verifySessionToken(await sessionToken(shop, sub), shopifyAppConfig()!));
const exchangesFor = (shop: string) => shopify.exchanges.filter((e) => e.host === shop);
const DAY_MS = 86_399_000;

describe("online access tokens", () => {
  it("exchanges the session token once, stores the token sealed with its expiry and staff member, and exchanges again near expiry", async () => {
    const { shop, sub, staff } = await installedShop("owner");
    const context = await contextOf(shop, sub);
    const start = Date.now();
    const first = await onlineAccessToken(context, { now: () => start });
    expect(first).toMatch(/^shpua_/);
    const [exchange] = exchangesFor(shop);
    expect(exchange!.body).toEqual({
      client_id: API_KEY,
      client_secret: expect.any(String),
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: context.sessionToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token",
    });
    const row = await db.embeddedOnlineToken.findUniqueOrThrow({ where: { shop_staffId: { shop, staffId: sub } } });
    expect(row.userId).toBe(staff.id);
    expect(row.accountOwner).toBe(true);
    expect(row.expiresAt.getTime()).toBe(start + DAY_MS);
    expect(row.credentials).not.toContain(first);
    expect(openJson<{ accessToken: string; userScope: string }>(row.credentials)).toMatchObject({ accessToken: first, userScope: "read_orders" });
    // Nothing of the person beyond their id is kept.
    expect(JSON.stringify(row)).not.toMatch(/sam@example|Staff/);

    // Still valid: no exchange. Within five minutes of lapsing: exchanged again and replaced.
    expect(await onlineAccessToken(context, { now: () => start + DAY_MS - 10 * 60_000 })).toBe(first);
    expect(exchangesFor(shop)).toHaveLength(1);
    const second = await onlineAccessToken(context, { now: () => start + DAY_MS - 60_000 });
    expect(second).not.toBe(first);
    expect(exchangesFor(shop)).toHaveLength(2);
    const replaced = await db.embeddedOnlineToken.findUniqueOrThrow({ where: { shop_staffId: { shop, staffId: sub } } });
    expect(openJson<{ accessToken: string }>(replaced.credentials).accessToken).toBe(second);
  });

  it("keeps each staff member's token apart", async () => {
    const { shop, sub, workspace } = await installedShop("owner");
    const other = await db.user.create({ data: { email: `${crypto.randomUUID()}@example.test`, name: "Other staff" } });
    await db.membership.create({ data: { workspaceId: workspace.id, userId: other.id, role: "admin" } });
    await db.oAuthAccount.create({ data: { userId: other.id, provider: "shopify", providerAccountId: `${shop}/777` } });
    const mine = await onlineAccessToken(await contextOf(shop, sub));
    const theirs = await onlineAccessToken(await contextOf(shop, "777"));
    expect(mine).not.toBe(theirs);
    expect(await db.embeddedOnlineToken.count({ where: { shop } })).toBe(2);
  });

  it("refuses, storing nothing, when Shopify refuses the session token or answers for another staff member", async () => {
    const refused = await installedShop("owner");
    shopify.refusedExchanges.add(refused.shop);
    await expect(onlineAccessToken(await contextOf(refused.shop, refused.sub))).rejects.toBeInstanceOf(EmbeddedAuthError);
    const swapped = await installedShop("owner");
    shopify.answerAs.set(swapped.shop, "999999");
    await expect(onlineAccessToken(await contextOf(swapped.shop, swapped.sub))).rejects.toThrow(/another staff member/);
    expect(await db.embeddedOnlineToken.count({ where: { shop: { in: [refused.shop, swapped.shop] } } })).toBe(0);
  });

  it("is what the owner's subscription through Shopify is made with, and an uninstall deletes it", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_signalboard");
    const { shop, sub } = await installedShop("owner");
    const result = await callEmbedded(subscribeRoute, { method: "POST", path: "/api/embedded/billing/subscribe", token: await sessionToken(shop, sub), body: { plan: "growth", interval: "monthly" } });
    expect(result.status).toBe(200);
    const row = await db.embeddedOnlineToken.findUniqueOrThrow({ where: { shop_staffId: { shop, staffId: sub } } });
    const [call] = shopify.callsTo(shop, "AppSubscriptionCreate");
    expect(call!.accessToken).toBe(openJson<{ accessToken: string }>(row.credentials).accessToken);
    expect(call!.accessToken).not.toBe("shpat_test");

    // A refused exchange is the usual 401 with the reload hint, and no subscription is asked for.
    const refused = await installedShop("owner");
    shopify.refusedExchanges.add(refused.shop);
    const answer = await callEmbedded(subscribeRoute, { method: "POST", path: "/api/embedded/billing/subscribe", token: await sessionToken(refused.shop, refused.sub), body: { plan: "growth", interval: "monthly" } });
    expect(answer.status).toBe(401);
    expect(shopify.callsTo(refused.shop, "AppSubscriptionCreate")).toHaveLength(0);

    await markShopUninstalled(shop);
    expect(await db.embeddedOnlineToken.count({ where: { shop } })).toBe(0);
  });
});
