import crypto from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as callbackRoute } from "@/app/api/connect/shopify/callback/route";
import { GET as beginGet, POST as beginPost } from "@/app/api/connect/shopify/route";
import { currentUser } from "@/lib/auth/session";
import { completeShopifyConnect } from "@/lib/connections/oauth/shopify-callback";
import { computeCallbackHmac } from "@/lib/connectors/shopify/oauth/query-hmac";
import { ensureFreshToken, refreshAccessToken, type ShopifyOAuthCredentials } from "@/lib/connectors/shopify/oauth/tokens";
import { ShopifyApiError, ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { classifyFailure } from "@/lib/sync/failures";
import { startInitialSync } from "@/lib/sync/schedule";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { expectAppError } from "../helpers";
import { API_KEY, API_SECRET, seedShopifyConnection, uniqueShop } from "./support";

// The session is the only thing faked: the begin route runs the real workspace guard on it.
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
// The sync engine's entry point is the lead's; here we only check that a new connection asks for it.
vi.mock("@/lib/sync/schedule", () => ({ startInitialSync: vi.fn(async () => {}) }));

const APP_URL = "https://signalboard.test";
const signIn = (user: { id: string; email: string } | null) =>
  vi.mocked(currentUser).mockResolvedValue(user ? { id: user.id, email: user.email, name: null } : null);

type TokenCall = { shop: string; body: Record<string, string> };
const tokenCalls: TokenCall[] = [];
let tokenReply: (call: TokenCall) => Response = () =>
  HttpResponse.json({
    access_token: `shpat_${crypto.randomBytes(12).toString("hex")}`,
    scope: "read_orders,read_all_orders,read_products,read_customers,read_inventory",
    expires_in: 3599,
    refresh_token: `shprt_${crypto.randomBytes(12).toString("hex")}`,
    refresh_token_expires_in: 7776000,
  });

const server = setupServer(
  http.post("https://:shop/admin/oauth/access_token", async ({ request, params }) => {
    const call = { shop: String(params.shop), body: (await request.json()) as Record<string, string> };
    tokenCalls.push(call);
    return tokenReply(call);
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const defaultReply = tokenReply;
beforeEach(() => {
  vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
  vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
  vi.stubEnv("APP_URL", APP_URL);
  tokenCalls.length = 0;
  tokenReply = defaultReply;
  signIn(null);
  vi.mocked(startInitialSync).mockClear();
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});

async function adminWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const admin = await seedUser();
  await seedMembership(workspace.id, admin.id, "admin");
  return { owner, admin, workspace };
}

const beginUrl = (query: Record<string, string>) => `${APP_URL}/api/connect/shopify?${new URLSearchParams(query)}`;

/** Runs the begin route as `user` and returns what the browser would carry to the callback. */
async function begin(user: { id: string; email: string }, slug: string, shop: string) {
  signIn(user);
  const response = await beginGet(new Request(beginUrl({ workspace: slug, shop })));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  const setCookie = response.headers.get("set-cookie")!;
  const cookie = setCookie.split(";")[0]!;
  return { location, setCookie, cookie, state: location.searchParams.get("state")! };
}

function callbackRequest(input: { shop: string; state: string; cookie?: string; code?: string; tamper?: (p: URLSearchParams) => void }) {
  const params = new URLSearchParams({
    code: input.code ?? crypto.randomBytes(16).toString("hex"),
    host: Buffer.from(`admin.shopify.com/store/${input.shop.split(".")[0]}`).toString("base64url"),
    shop: input.shop,
    state: input.state,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  params.set("hmac", computeCallbackHmac(params, API_SECRET));
  input.tamper?.(params);
  return new Request(`${APP_URL}/api/connect/shopify/callback?${params}`, { headers: input.cookie ? { cookie: input.cookie } : {} });
}

const connectionsFor = (workspaceId: string) => db.connection.findMany({ where: { workspaceId, provider: "shopify" } });

describe("begin: /api/connect/shopify", () => {
  it("answers 503 with what to set when Shopify is not configured", async () => {
    vi.stubEnv("SHOPIFY_API_KEY", "");
    const response = await beginGet(new Request(beginUrl({ workspace: "x", shop: "mystore" })));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "not_configured", message: "Shopify is not configured on this server: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET" },
    });
  });

  it("sends a signed-out browser to sign-in and back, and answers an API client 401", async () => {
    const url = beginUrl({ workspace: "acme", shop: "mystore" });
    const browser = await beginGet(new Request(url, { headers: { accept: "text/html,application/xhtml+xml" } }));
    expect(browser.status).toBe(303);
    const location = new URL(browser.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("/api/connect/shopify?workspace=acme&shop=mystore");

    const api = await beginGet(new Request(url));
    expect(api.status).toBe(401);
  });

  it("is for admins of that workspace: 404 for outsiders, 403 for members (as the guard says)", async () => {
    const { workspace } = await adminWorkspace();
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    const outsider = await seedUser();

    signIn(outsider);
    const notFound = await beginGet(new Request(beginUrl({ workspace: workspace.slug, shop: "mystore" })));
    expect(notFound.status).toBe(404);
    signIn(member);
    const forbidden = await beginGet(new Request(beginUrl({ workspace: workspace.slug, shop: "mystore" })));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("set-cookie")).toBeNull();
    // The same helper, directly.
    await expectAppError(workspaceForUser(workspace.slug, member.id, "connections.manage"), "forbidden");
  });

  it("rejects a malformed shop with a 400 naming the shop field", async () => {
    const { admin, workspace } = await adminWorkspace();
    signIn(admin);
    const response = await beginGet(new Request(beginUrl({ workspace: workspace.slug, shop: "evil.example.com" })));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("bad_request");
    expect(Object.keys(body.error.fields)).toEqual(["shop"]);
  });

  it("redirects an admin to Shopify's authorize page for offline access, with a signed HttpOnly state cookie", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { location, setCookie, state } = await begin(admin, workspace.slug, "MyStore");
    expect(`${location.origin}${location.pathname}`).toBe("https://mystore.myshopify.com/admin/oauth/authorize");
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: API_KEY,
      scope: "read_orders,read_all_orders,read_products,read_customers,read_inventory,write_pixels,read_customer_events",
      redirect_uri: `${APP_URL}/api/connect/shopify/callback`,
      state,
      "grant_options[]": "",
    });
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(setCookie).toMatch(/^sb_shopify_oauth=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/Path=\/api\/connect\/shopify/);
    expect(setCookie).toMatch(/Max-Age=600/);
  });

  it("takes the same fields from a POSTed form and answers 303", async () => {
    const { admin, workspace } = await adminWorkspace();
    signIn(admin);
    const response = await beginPost(
      new Request(`${APP_URL}/api/connect/shopify`, { method: "POST", body: new URLSearchParams({ workspace: workspace.slug, shop: "form-store" }) }),
    );
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).host).toBe("form-store.myshopify.com");
  });
});

describe("callback: /api/connect/shopify/callback", () => {
  it("with a bad HMAC: 400 page, no token exchange, no connection", async () => {
    const { admin, workspace } = await adminWorkspace();
    const shop = uniqueShop();
    const { cookie, state } = await begin(admin, workspace.slug, shop);
    const response = await callbackRoute(callbackRequest({ shop, state, cookie, tamper: (p) => p.set("code", "swapped") }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("This connection attempt could not be verified");
    expect(tokenCalls).toEqual([]);
    expect(await connectionsFor(workspace.id)).toEqual([]);
  });

  it("with a bad or missing state, or a cookie for another shop: 400, no connection", async () => {
    const { admin, workspace } = await adminWorkspace();
    const shop = uniqueShop();
    const { cookie, state } = await begin(admin, workspace.slug, shop);

    const wrongState = await callbackRoute(callbackRequest({ shop, state: `${state}x`, cookie }));
    expect(wrongState.status).toBe(400);
    const noCookie = await callbackRoute(callbackRequest({ shop, state }));
    expect(noCookie.status).toBe(400);
    const forged = await callbackRoute(callbackRequest({ shop, state, cookie: cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")) }));
    expect(forged.status).toBe(400);
    const other = await begin(admin, workspace.slug, uniqueShop());
    const otherShop = await callbackRoute(callbackRequest({ shop, state: other.state, cookie: other.cookie }));
    expect(otherShop.status).toBe(400);

    expect(tokenCalls).toEqual([]);
    expect(await connectionsFor(workspace.id)).toEqual([]);
  });

  it("exchanges the code for an expiring offline token, stores it sealed, starts the first sync and goes to the connections page", async () => {
    const { admin, workspace } = await adminWorkspace();
    const shop = uniqueShop();
    const { cookie, state } = await begin(admin, workspace.slug, shop);
    const code = crypto.randomBytes(16).toString("hex");
    const before = Date.now();

    const response = await callbackRoute(callbackRequest({ shop, state, cookie, code }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP_URL}/w/${workspace.slug}/connections`);
    expect(response.headers.get("set-cookie")).toMatch(/sb_shopify_oauth=;.*Max-Age=0/i);

    expect(tokenCalls).toEqual([{ shop, body: { client_id: API_KEY, client_secret: API_SECRET, code, expiring: "1" } }]);
    const [connection] = await connectionsFor(workspace.id);
    expect(connection).toMatchObject({ externalAccountId: shop, displayName: shop, status: "active", provider: "shopify" });
    expect(connection!.scopes).toEqual(["read_orders", "read_all_orders", "read_products", "read_customers", "read_inventory"]);

    const credentials = openJson<ShopifyOAuthCredentials>(connection!.credentials);
    expect(credentials).toMatchObject({ mode: "oauth", shop });
    expect(credentials.accessToken).toMatch(/^shpat_/);
    expect(credentials.refreshToken).toMatch(/^shprt_/);
    // Sealed: neither token (nor any recognisable part of the JSON) is readable in the column.
    expect(connection!.credentials).not.toContain(credentials.accessToken);
    expect(connection!.credentials).not.toContain(credentials.refreshToken!);
    expect(connection!.credentials).not.toContain("shpat_");
    expect(connection!.credentials).toMatch(/^v1\./);
    const expiresIn = Date.parse(credentials.expiresAt!) - before;
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThan(3700_000);
    expect(Date.parse(credentials.refreshTokenExpiresAt!) - before).toBeGreaterThan(89 * 24 * 3600_000);

    expect(startInitialSync).toHaveBeenCalledWith({ workspaceId: workspace.id, connectionId: connection!.id });
  });

  it("reconnecting a disconnected shop reactivates the same connection with the new token", async () => {
    const { admin, workspace } = await adminWorkspace();
    const existing = await seedShopifyConnection({ workspaceId: workspace.id, status: "disconnected" });
    await db.connection.update({
      where: { workspaceId_id: { workspaceId: workspace.id, id: existing.connectionId } },
      data: { disconnectedAt: new Date(), lastError: "Shopify refused our access" },
    });
    const { cookie, state } = await begin(admin, workspace.slug, existing.shop);
    expect((await callbackRoute(callbackRequest({ shop: existing.shop, state, cookie }))).status).toBe(303);

    const connections = await connectionsFor(workspace.id);
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ id: existing.connectionId, status: "active", disconnectedAt: null, lastError: null });
  });

  it("stores nothing when the user lost the admin role in between", async () => {
    const { admin, workspace } = await adminWorkspace();
    const shop = uniqueShop();
    const { cookie, state } = await begin(admin, workspace.slug, shop);
    await seedMembership(workspace.id, admin.id, "viewer");
    const response = await callbackRoute(callbackRequest({ shop, state, cookie }));
    expect(response.status).toBe(403);
    expect(tokenCalls).toEqual([]);
    expect(await connectionsFor(workspace.id)).toEqual([]);
  });

  it("with billing on, refuses a store past the plan, or a workspace that became read-only, before the code is spent", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_signalboard");
    const { admin, workspace } = await adminWorkspace();
    await seedShopifyConnection({ workspaceId: workspace.id });
    await db.workspaceBilling.create({ data: { workspaceId: workspace.id, provider: "stripe", plan: "free", status: "free" } });
    const shop = uniqueShop();
    let { cookie, state } = await begin(admin, workspace.slug, shop);
    const overLimit = await callbackRoute(callbackRequest({ shop, state, cookie }));
    expect(overLimit.status).toBe(402);
    expect(await overLimit.text()).toContain("Store connections: the Free plan allows 1 and this workspace has 1.");

    await db.workspaceBilling.update({ where: { workspaceId: workspace.id }, data: { plan: "growth", status: "active" } });
    ({ cookie, state } = await begin(admin, workspace.slug, shop));
    await db.workspaceBilling.update({ where: { workspaceId: workspace.id }, data: { status: "past_due", graceEndsAt: new Date(Date.now() - 1000) } });
    const readOnly = await callbackRoute(callbackRequest({ shop, state, cookie }));
    expect(readOnly.status).toBe(402);
    expect(await readOnly.text()).toContain("read-only");

    expect(tokenCalls).toEqual([]);
    expect(await connectionsFor(workspace.id)).toHaveLength(1);
  });

  it("retries a failing token endpoint, then shows an error page and stores nothing", async () => {
    const { admin, workspace } = await adminWorkspace();
    const shop = uniqueShop();
    const { cookie, state } = await begin(admin, workspace.slug, shop);
    tokenReply = () => new HttpResponse("upstream down", { status: 503 });
    const response = await completeShopifyConnect(callbackRequest({ shop, state, cookie }), { baseDelayMs: 1 });
    expect(response.status).toBe(502);
    expect(tokenCalls).toHaveLength(3);
    expect(await connectionsFor(workspace.id)).toEqual([]);
  });
});

describe("token refresh", () => {
  const config = { apiKey: API_KEY, apiSecret: API_SECRET };
  const expiring = (shop: string, inMs: number): ShopifyOAuthCredentials => ({
    mode: "oauth",
    shop,
    accessToken: "shpat_old",
    scope: "read_orders,read_products",
    expiresAt: new Date(Date.now() + inMs).toISOString(),
    refreshToken: "shprt_old",
    refreshTokenExpiresAt: new Date(Date.now() + 80 * 24 * 3600_000).toISOString(),
  });
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

  it("posts grant_type=refresh_token and returns the rotated tokens", async () => {
    const fetchMock = vi.fn(async () => json(200, { access_token: "shpat_new", scope: "read_orders,read_products", expires_in: 3600, refresh_token: "shprt_new", refresh_token_expires_in: 7776000 }));
    const next = await refreshAccessToken({ ...expiring("a.myshopify.com", 60_000), shop: "a.myshopify.com" }, fetchMock, { config });
    expect(next).toMatchObject({ mode: "oauth", accessToken: "shpat_new", refreshToken: "shprt_new", shop: "a.myshopify.com" });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://a.myshopify.com/admin/oauth/access_token");
    expect(JSON.parse(String(init.body))).toEqual({ client_id: API_KEY, client_secret: API_SECRET, grant_type: "refresh_token", refresh_token: "shprt_old" });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it("a revoked refresh token (400 invalid_grant) is a ShopifyAuthError the engine maps to needs_reauth", async () => {
    const fetchMock = vi.fn(async () => json(400, { error: "invalid_grant", error_description: "The refresh token is revoked." }));
    let caught: unknown;
    try {
      await refreshAccessToken({ ...expiring("a.myshopify.com", 60_000), shop: "a.myshopify.com" }, fetchMock, { config });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ShopifyAuthError);
    expect(String(caught)).toContain("invalid_grant");
    expect(String(caught)).not.toContain("shprt_old");
    expect(classifyFailure(caught).status).toBe("needs_reauth");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("retries 5xx and network errors with backoff, and gives up with a ShopifyApiError", async () => {
    const flaky = vi
      .fn<typeof fetch>()
      .mockRejectedValueOnce(new TypeError("fetch failed"))
      .mockResolvedValueOnce(json(502, {}))
      .mockResolvedValueOnce(json(200, { access_token: "shpat_after_retries", expires_in: 3600, refresh_token: "shprt_2" }));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const next = await refreshAccessToken({ ...expiring("a.myshopify.com", 0), shop: "a.myshopify.com" }, flaky, { config, baseDelayMs: 1 });
    expect(next.accessToken).toBe("shpat_after_retries");
    // No scope came back: the old one is kept.
    expect(next.scope).toBe("read_orders,read_products");
    expect(flaky).toHaveBeenCalledTimes(3);

    const down = vi.fn(async () => json(503, {}));
    await expect(refreshAccessToken({ ...expiring("a.myshopify.com", 0), shop: "a.myshopify.com" }, down, { config, baseDelayMs: 1 })).rejects.toBeInstanceOf(ShopifyApiError);
    expect(down).toHaveBeenCalledTimes(3);
  });

  it("times out a hanging request", async () => {
    const hanging = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    );
    const error = await refreshAccessToken({ ...expiring("a.myshopify.com", 0), shop: "a.myshopify.com" }, hanging as typeof fetch, {
      config,
      timeoutMs: 20,
      attempts: 2,
      baseDelayMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect((error as ShopifyApiError).code).toBe("NETWORK");
    expect(hanging).toHaveBeenCalledTimes(2);
  });

  it("an expired refresh token needs a reconnect without asking Shopify", async () => {
    const fetchMock = vi.fn<typeof fetch>();
    const credentials = { ...expiring("a.myshopify.com", 0), shop: "a.myshopify.com", refreshTokenExpiresAt: new Date(Date.now() - 1000).toISOString() };
    await expect(refreshAccessToken(credentials, fetchMock, { config })).rejects.toBeInstanceOf(ShopifyAuthError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("ensureFreshToken refreshes under 5 minutes left, re-seals, and refreshes once for concurrent callers", async () => {
    const shop = uniqueShop();
    const { workspaceId, connectionId } = await seedShopifyConnection({ shop, credentials: expiring(shop, 2 * 60_000) });
    let refreshes = 0;
    tokenReply = () => {
      refreshes++;
      return HttpResponse.json({ access_token: `shpat_fresh_${refreshes}`, scope: "read_orders", expires_in: 3600, refresh_token: `shprt_fresh_${refreshes}`, refresh_token_expires_in: 7776000 });
    };

    const tokens = await Promise.all([1, 2, 3].map(() => ensureFreshToken({ workspaceId, connectionId })));
    expect(tokens).toEqual(["shpat_fresh_1", "shpat_fresh_1", "shpat_fresh_1"]);
    expect(refreshes).toBe(1);
    expect(tokenCalls[0]!.body).toMatchObject({ grant_type: "refresh_token", refresh_token: "shprt_old" });

    const row = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: connectionId } } });
    expect(row.credentials).not.toContain("shpat_fresh_1");
    expect(openJson<ShopifyOAuthCredentials>(row.credentials)).toMatchObject({ accessToken: "shpat_fresh_1", refreshToken: "shprt_fresh_1" });
    expect(row.scopes).toEqual(["read_orders"]);

    // Now valid for an hour: no further call.
    expect(await ensureFreshToken({ workspaceId, connectionId })).toBe("shpat_fresh_1");
    expect(refreshes).toBe(1);
  });

  it("ensureFreshToken with a revoked refresh token throws ShopifyAuthError and keeps the stored credentials", async () => {
    const shop = uniqueShop();
    const stored = expiring(shop, -60_000);
    const { workspaceId, connectionId, connection } = await seedShopifyConnection({ shop, credentials: stored });
    tokenReply = () => HttpResponse.json({ error: "invalid_grant" }, { status: 400 });
    await expect(ensureFreshToken({ workspaceId, connectionId })).rejects.toBeInstanceOf(ShopifyAuthError);
    const row = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: connectionId } } });
    expect(row.credentials).toBe(connection.credentials);
  });

  it("ensureFreshToken leaves a non-expiring token alone and refuses demo credentials", async () => {
    const shop = uniqueShop();
    const legacy = await seedShopifyConnection({ shop, credentials: { mode: "oauth", accessToken: "shpat_forever" } });
    expect(await ensureFreshToken(legacy)).toBe("shpat_forever");
    const demo = await seedShopifyConnection({ credentials: { mode: "demo", seed: 1, orders: 100, createdAt: new Date().toISOString() } });
    await expect(ensureFreshToken(demo)).rejects.toThrow(/does not use OAuth/);
    expect(tokenCalls).toEqual([]);
  });
});
