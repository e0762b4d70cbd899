import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as connectionRoute } from "@/app/api/embedded/connections/[id]/route";
import { GET as homeRoute } from "@/app/api/embedded/home/route";
import { db } from "@/lib/db/client";
import { RETRY_HEADER } from "@/lib/embedded/errors";
import { verifySessionToken } from "@/lib/embedded/session-token";
import { API_KEY, API_SECRET, callEmbedded, configureApp, installCounts, installedShop, sessionToken, uniqueShop } from "./support";

const config = { apiKey: API_KEY, apiSecret: API_SECRET };
const now = () => Math.floor(Date.now() / 1000);

beforeAll(() => configureApp(vi.stubEnv));
afterAll(() => vi.unstubAllEnvs());

describe("verifySessionToken", () => {
  it("accepts the admin's token and reads the shop from dest and the staff member from sub", async () => {
    const shop = uniqueShop();
    const claims = await verifySessionToken(await sessionToken(shop, "777"), config);
    expect(claims).toMatchObject({ shop, userId: "777" });
  });

  it.each([
    ["expired beyond the leeway", { exp: now() - 60 }],
    ["not valid yet", { nbf: now() + 60 }],
    ["for another app (audience)", { aud: "someone-elses-client-id" }],
    ["for a shop outside myshopify.com", { dest: "https://shop.example.com", iss: "https://shop.example.com/admin" }],
    ["whose dest carries a path", { dest: "https://x.myshopify.com/evil" }],
    ["whose issuer is another shop's admin", { iss: "https://other.myshopify.com/admin" }],
    ["without a staff member", { sub: "" }],
  ])("refuses a token %s", async (_label, overrides) => {
    const token = await sessionToken(uniqueShop(), "12345", overrides);
    await expect(verifySessionToken(token, config)).rejects.toMatchObject({ name: "EmbeddedAuthError" });
  });

  it("accepts a token a few seconds past exp (clock skew) but not a minute", async () => {
    await expect(verifySessionToken(await sessionToken(uniqueShop(), "1", { exp: now() - 3 }), config)).resolves.toBeTruthy();
    await expect(verifySessionToken(await sessionToken(uniqueShop(), "1", { exp: now() - 60 }), config)).rejects.toThrow();
  });

  it("refuses a token signed with another secret, without repeating the token", async () => {
    const token = await sessionToken(uniqueShop(), "12345", {}, "not-the-app-secret");
    const error = await verifySessionToken(token, config).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(token.split(".")[2]);
  });
});

describe("the embedded API's guard", () => {
  it("answers a valid token with its shop's workspace and store", async () => {
    const { shop, workspace, connection, sub } = await installedShop();
    const result = await callEmbedded(homeRoute, { token: await sessionToken(shop, sub) });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ shop, role: "owner", workspace: { id: workspace.id, slug: workspace.slug }, store: { id: connection.id } });
  });

  it.each([
    ["no token", async () => null],
    ["an expired token", async (shop: string) => sessionToken(shop, "12345", { exp: now() - 60 })],
    ["a token for another app", async (shop: string) => sessionToken(shop, "12345", { aud: "other" })],
    ["a token with a wrong signature", async (shop: string) => sessionToken(shop, "12345", {}, "wrong-secret")],
    ["a malformed token", async () => "not.a.jwt"],
  ])("answers %s with 401, a reload hint and nothing written", async (_label, make) => {
    const { shop } = await installedShop();
    const before = await installCounts();
    const result = await callEmbedded(homeRoute, { token: await make(shop) });
    expect(result.status).toBe(401);
    expect(result.headers.get(RETRY_HEADER)).toBe("1");
    expect(result.body).toMatchObject({ error: { code: "unauthorized", reload: true } });
    expect(String((result.body!.error as { message: string }).message)).toMatch(/Reload Signalboard/);
    expect(await installCounts()).toEqual(before);
  });

  it("refuses a shop that never installed, and one that uninstalled, with 401", async () => {
    const before = await installCounts();
    const never = await callEmbedded(homeRoute, { token: await sessionToken(uniqueShop()) });
    expect(never.status).toBe(401);
    expect(await installCounts()).toEqual(before);

    const { shop, sub } = await installedShop();
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    const gone = await callEmbedded(homeRoute, { token: await sessionToken(shop, sub) });
    expect(gone.status).toBe(401);
    expect(gone.body).toMatchObject({ error: { reload: true } });
  });

  it("refuses a staff member who has not joined yet, without joining them", async () => {
    const { shop } = await installedShop("owner", "100");
    const before = await installCounts();
    const result = await callEmbedded(homeRoute, { token: await sessionToken(shop, "200") });
    expect(result.status).toBe(401);
    expect(await installCounts()).toEqual(before);
  });

  it("answers 404 to another shop's token asking for this shop's connection", async () => {
    const mine = await installedShop();
    const theirs = await installedShop();
    const own = await callEmbedded(connectionRoute, { token: await sessionToken(mine.shop, mine.sub), params: { id: mine.connection.id } });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: mine.connection.id, account: { id: mine.shop } });

    const crossed = await callEmbedded(connectionRoute, { token: await sessionToken(theirs.shop, theirs.sub), params: { id: mine.connection.id } });
    expect(crossed.status).toBe(404);
    expect(JSON.stringify(crossed.body)).not.toContain(mine.shop);
  });

  it("answers 503 when the app's credentials are not configured", async () => {
    vi.stubEnv("SHOPIFY_API_SECRET", "");
    try {
      const result = await callEmbedded(homeRoute, { token: await sessionToken(uniqueShop()) });
      expect(result.status).toBe(503);
    } finally {
      vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
    }
  });
});
