import { describe, expect, it, vi } from "vitest";
import { GET as googleBegin } from "@/app/api/connect/google/route";
import { GET as metaCallback } from "@/app/api/connect/meta/callback/route";
import { GET as tiktokCallback } from "@/app/api/connect/tiktok/callback/route";
import { GET as tiktokBegin } from "@/app/api/connect/tiktok/route";
import { GET as metaBegin, POST as metaBeginPost } from "@/app/api/connect/meta/route";
import { createOAuthState, openPending, PENDING_COOKIE, stateCookieName } from "@/lib/connections/oauth/flow";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { adminWorkspace, APP_URL, calls, connectionsOf, cookieHeader, cookiesFrom, expectPage, signIn, servePlatforms } from "./support";

// The session is the only thing faked (the routes run the real workspace guard on it), and the
// platforms answer through msw with their documented shapes.
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/ads/backfill", () => ({ startAdBackfill: vi.fn(async () => ({ runId: "run", reused: false })) }));

servePlatforms(() => {
  signIn(null);
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

const url = (path: string, query: Record<string, string>) => `${APP_URL}${path}?${new URLSearchParams(query)}`;

/** Runs Meta's begin route as `user` and returns what the browser carries to the callback. */
async function beginMeta(user: { id: string; email: string }, query: Record<string, string>) {
  signIn(user);
  const response = await metaBegin(new Request(url("/api/connect/meta", query)));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  const cookie = cookiesFrom(response).get(stateCookieName("meta"))!;
  return { location, cookie, state: location.searchParams.get("state")! };
}

const callback = (query: Record<string, string>, cookie?: string) =>
  metaCallback(new Request(url("/api/connect/meta/callback", query), { headers: cookie ? cookieHeader(stateCookieName("meta"), cookie) : {} }));

describe("begin", () => {
  it("sends an admin to Meta's consent screen with our state, scopes and callback, in a short-lived HttpOnly cookie", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { location, cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    expect(location.origin).toBe("https://www.facebook.com");
    expect(location.pathname).toMatch(/\/dialog\/oauth$/);
    expect(location.searchParams.get("client_id")).toBe("meta-app-id");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/connect/meta/callback`);
    expect(location.searchParams.get("scope")!.split(",")).toEqual(expect.arrayContaining(["ads_read"]));
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/Path=\/api\/connect\/meta/);
    expect(cookie.attributes).toMatch(/Max-Age=600/);
    // The cookie names the workspace and user but holds no secret of the platform's.
    expect(cookie.value).not.toContain("meta-app-secret");
  });

  it("asks Google for offline access with the Ads scope, and needs to know which Google product", async () => {
    const { admin, workspace } = await adminWorkspace();
    signIn(admin);
    const unnamed = await googleBegin(new Request(url("/api/connect/google", { workspace: workspace.slug })));
    expect(unnamed.status).toBe(400);
    expect((await unnamed.json()).error.fields).toHaveProperty("provider");

    const response = await googleBegin(new Request(url("/api/connect/google", { workspace: workspace.slug, provider: "google_ads" })));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.hostname).toBe("accounts.google.com");
    expect(location.searchParams.get("access_type")).toBe("offline");
    expect(location.searchParams.get("scope")).toContain("https://www.googleapis.com/auth/adwords");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/connect/google/callback`);
    expect(location.searchParams.get("state")).toBeTruthy();
  });

  it("answers 503 naming the variables to set when the platform is not configured", async () => {
    const { admin, workspace } = await adminWorkspace();
    vi.stubEnv("META_APP_SECRET", "");
    signIn(admin);
    const response = await metaBegin(new Request(url("/api/connect/meta", { workspace: workspace.slug })));
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toBe("Meta Ads is not set up on this server yet: an operator must set META_APP_SECRET.");
  });

  it("is for admins: outsiders 404, members 403, signed-out browsers go to sign-in", async () => {
    const { workspace } = await adminWorkspace();
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    signIn(await seedUser());
    expect((await metaBegin(new Request(url("/api/connect/meta", { workspace: workspace.slug })))).status).toBe(404);
    signIn(member);
    const forbidden = await metaBegin(new Request(url("/api/connect/meta", { workspace: workspace.slug })));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.getSetCookie()).toEqual([]);
    signIn(null);
    const form = new URLSearchParams({ workspace: workspace.slug });
    const browser = await metaBeginPost(
      new Request(`${APP_URL}/api/connect/meta`, { method: "POST", body: form, headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" } }),
    );
    expect(browser.status).toBe(303);
    expect(new URL(browser.headers.get("location")!).pathname).toBe("/sign-in");
  });

  it("refuses to reconnect another workspace's connection (404)", async () => {
    const { admin, workspace } = await adminWorkspace();
    const other = await adminWorkspace();
    const foreign = await db.connection.create({
      data: { workspaceId: other.workspace.id, provider: "meta_ads", externalAccountId: "act_1", displayName: "Theirs", credentials: sealJson({}) },
    });
    signIn(admin);
    const response = await metaBegin(new Request(url("/api/connect/meta", { workspace: workspace.slug, connection: foreign.id })));
    expect(response.status).toBe(404);
  });
});

describe("callback", () => {
  it("exchanges the code for a long-lived token and keeps it sealed until an account is picked", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    const response = await callback({ code: "good-code", state }, cookie.value);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).pathname).toBe(`/w/${workspace.slug}/connections/pick`);

    const exchanges = calls.filter((c) => c.url.pathname.endsWith("/oauth/access_token"));
    expect(exchanges.map((c) => c.url.searchParams.get("grant_type"))).toEqual([null, "fb_exchange_token"]);
    expect(exchanges[0]!.url.searchParams.get("code")).toBe("good-code");

    const jar = cookiesFrom(response);
    const pending = jar.get(PENDING_COOKIE)!;
    expect(pending.attributes).toMatch(/HttpOnly/i);
    expect(pending.attributes).toContain(`Path=/w/${workspace.slug}/connections`);
    expect(pending.value).not.toContain("long-lived");
    const opened = openPending(pending.value)!;
    expect(opened).toMatchObject({ provider: "meta_ads", workspaceId: workspace.id, userId: admin.id });
    expect(opened.tokens.accessToken).toBe("EAAB-long-lived-user-token-91c2d");
    // Nothing is connected until an account is picked.
    expect(await connectionsOf(workspace.id)).toEqual([]);
    // The state is spent.
    expect(jar.get(stateCookieName("meta"))!.value).toBe(`used.${state}`);
  });

  it("refuses a reused state with 400 and says so", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    const first = await callback({ code: "good-code", state }, cookie.value);
    const spent = cookiesFrom(first).get(stateCookieName("meta"))!.value;
    await expectPage(await callback({ code: "good-code", state }, spent), 400, "already used");
  });

  it("refuses a missing, forged or expired state with 400 and a message", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    await expectPage(await callback({ code: "c", state }), 400, "could not be matched");
    await expectPage(await callback({ code: "c", state: "another-nonce" }, cookie.value), 400, "could not be verified");
    const [payload] = cookie.value.split(".");
    await expectPage(await callback({ code: "c", state }, `${payload}.forged-signature`), 400, "could not be verified");

    const old = createOAuthState({ provider: "meta_ads", workspaceId: workspace.id, slug: workspace.slug, userId: admin.id, connectionId: null }, Date.now() - 11 * 60_000);
    signIn(admin);
    await expectPage(await callback({ code: "c", state: old.state.nonce }, old.cookieValue), 400, "expired");
    expect(calls).toEqual([]);
  });

  it("answers 404 for a state of a workspace the user is not a member of, and 403 once demoted", async () => {
    const { admin, workspace } = await adminWorkspace();
    const other = await seedWorkspace((await seedUser()).id);
    const foreign = createOAuthState({ provider: "meta_ads", workspaceId: other.id, slug: other.slug, userId: admin.id, connectionId: null });
    signIn(admin);
    await expectPage(await callback({ code: "c", state: foreign.state.nonce }, foreign.cookieValue), 404, "not a member");

    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    await db.membership.update({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: admin.id } }, data: { role: "member" } });
    await expectPage(await callback({ code: "c", state }, cookie.value), 403, "owners and admins");
    expect(calls).toEqual([]);
  });

  it("refuses a state started by another user", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    signIn(await seedUser());
    await expectPage(await callback({ code: "c", state }, cookie.value), 400, "another Signalboard user");
  });

  it("brings a declined consent back to the connections page with a notice, storing nothing", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    const response = await callback(
      { error: "access_denied", error_code: "200", error_description: "Permissions error", error_reason: "user_denied", state },
      cookie.value,
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe(`/w/${workspace.slug}/connections`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ oauth: "denied", provider: "meta_ads" });
    expect(cookiesFrom(response).has(PENDING_COOKIE)).toBe(false);
    expect(calls).toEqual([]);
  });

  it("shows the platform's refusal of the code in plain words (502) and stores nothing", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug });
    const response = await callback({ code: "refused-code", state }, cookie.value);
    expect(response.status).toBe(502);
    expect(cookiesFrom(response).has(PENDING_COOKIE)).toBe(false);
  });
});

describe("TikTok", () => {
  it("sends the advertiser to TikTok's authorisation page and takes its auth_code back", async () => {
    const { admin, workspace } = await adminWorkspace();
    signIn(admin);
    const begun = await tiktokBegin(new Request(url("/api/connect/tiktok", { workspace: workspace.slug })));
    expect(begun.status).toBe(302);
    const location = new URL(begun.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://business-api.tiktok.com/portal/auth");
    expect(location.searchParams.get("app_id")).toBe("tiktok-app-id");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/connect/tiktok/callback`);
    const state = location.searchParams.get("state")!;
    const cookie = cookiesFrom(begun).get(stateCookieName("tiktok"))!.value;

    const response = await tiktokCallback(
      new Request(url("/api/connect/tiktok/callback", { auth_code: "tt-auth-code", state }), { headers: cookieHeader(stateCookieName("tiktok"), cookie) }),
    );
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).pathname).toBe(`/w/${workspace.slug}/connections/pick`);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ app_id: "tiktok-app-id", auth_code: "tt-auth-code" });
    const pending = openPending(cookiesFrom(response).get(PENDING_COOKIE)!.value)!;
    expect(pending).toMatchObject({ provider: "tiktok_ads", workspaceId: workspace.id });
    expect(pending.tokens.accessToken).toBe("tt-long-term-access-token-3c9a");
  });
});

describe("reconnect", () => {
  it("renews the existing connection's tokens, clears needs_reauth and its error, and adds no connection", async () => {
    const { admin, workspace } = await adminWorkspace();
    const stale = { mode: "oauth", tokens: { accessToken: "EAAB-expired-token", refreshToken: null, expiresAt: "2026-01-01T00:00:00.000Z", refreshExpiresAt: "2026-01-01T00:00:00.000Z", scopes: ["ads_read"] } };
    const connection = await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_1029384756", displayName: "Acme Store", status: "needs_reauth",
        credentials: sealJson(stale), timeZone: "America/Los_Angeles", currency: "USD", settings: { attributionWindow: ["7d_click"] },
        lastError: "Meta no longer accepts Signalboard's access.", lastErrorAt: new Date(), alertedAt: new Date(),
      },
    });
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug, connection: connection.id });
    const response = await callback({ code: "good-code", state }, cookie.value);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe(`/w/${workspace.slug}/connections/${connection.id}`);
    expect(location.searchParams.get("oauth")).toBe("reconnected");
    expect(cookiesFrom(response).has(PENDING_COOKIE)).toBe(false);

    const rows = await connectionsOf(workspace.id);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ id: connection.id, status: "active", lastError: null, lastErrorAt: null, alertedAt: null, externalAccountId: "act_1029384756" });
    expect(row!.settings).toMatchObject({ attributionWindow: ["7d_click"] });
    expect(row!.nextSyncAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row!.credentials).not.toContain("EAAB-long-lived-user-token-91c2d");
    const tokens = openJson<{ tokens: { accessToken: string; expiresAt: string } }>(row!.credentials).tokens;
    expect(tokens.accessToken).toBe("EAAB-long-lived-user-token-91c2d");
    expect(Date.parse(tokens.expiresAt)).toBeGreaterThan(Date.now() + 50 * 86_400_000);
  });

  it("changes nothing when the user signs in as someone who cannot see the connection's account", async () => {
    const { admin, workspace } = await adminWorkspace();
    const stale = sealJson({ mode: "oauth", tokens: { accessToken: "EAAB-expired-token", refreshToken: null, expiresAt: null, scopes: [] } });
    const connection = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_404404", displayName: "Old Store", status: "needs_reauth", credentials: stale },
    });
    const { cookie, state } = await beginMeta(admin, { workspace: workspace.slug, connection: connection.id });
    await expectPage(await callback({ code: "good-code", state }, cookie.value), 400, `cannot see "Old Store" (act_404404)`);
    const row = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, id: connection.id } });
    expect(row).toMatchObject({ status: "needs_reauth", credentials: stale });
  });
});
