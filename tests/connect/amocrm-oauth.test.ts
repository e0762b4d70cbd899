import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as begin, POST as beginPost } from "@/app/api/connect/amocrm/route";
import { GET as callback } from "@/app/api/connect/amocrm/callback/route";
import { crmsWithSignIn } from "@/lib/connections/oauth/flow";
import { openJson } from "@/lib/crypto/secrets";
import { startInitialSync } from "@/lib/sync/schedule";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { AMO_CODE, AMO_DOMAIN, amo, amoHandlers, resetAmo } from "../crm/amocrm-support";
import { adminWorkspace, APP_URL, connectionsOf, cookieHeader, cookiesFrom, expectPage, signIn } from "./support";

// Connecting AmoCRM through its OAuth round trip: only admins begin it, the callback checks the
// signed single-use state and the workspace again, calls only the AmoCRM domain `referer` names,
// stores the account with its tokens sealed and starts its first sync. The session is the only
// thing faked; AmoCRM answers through msw with its documented shapes.

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/sync/schedule", () => ({ startInitialSync: vi.fn(async () => {}) }));

const COOKIE = "sb_oauth_amocrm";
const server = setupServer(...amoHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  resetAmo();
  vi.stubEnv("APP_URL", APP_URL);
  vi.stubEnv("AMOCRM_CLIENT_ID", "amo-client-id");
  vi.stubEnv("AMOCRM_CLIENT_SECRET", "amo-client-secret");
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  signIn(null);
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.mocked(startInitialSync).mockClear();
});
afterAll(() => server.close());

const url = (path: string, query: Record<string, string>) => `${APP_URL}${path}?${new URLSearchParams(query)}`;

async function started(user: { id: string; email: string }, slug: string) {
  signIn(user);
  const response = await begin(new Request(url("/api/connect/amocrm", { workspace: slug })));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  return { location, cookie: cookiesFrom(response).get(COOKIE)!, state: location.searchParams.get("state")! };
}

const back = (query: Record<string, string>, cookie?: string) =>
  callback(new Request(url("/api/connect/amocrm/callback", query), { headers: cookie ? cookieHeader(COOKIE, cookie) : {} }));

describe("beginning to connect AmoCRM", () => {
  it("is the CRM the connect page offers to sign in to, through its own flow", () => {
    expect(crmsWithSignIn()).toEqual([{ provider: "amocrm", flow: "amocrm" }]);
  });

  it("sends an admin to AmoCRM's consent screen with our client id and state, in a short-lived HttpOnly cookie", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { location, cookie, state } = await started(admin, workspace.slug);
    expect(`${location.origin}${location.pathname}`).toBe("https://www.amocrm.ru/oauth");
    expect(location.searchParams.get("client_id")).toBe("amo-client-id");
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/Path=\/api\/connect\/amocrm/);
    expect(cookie.attributes).toMatch(/Max-Age=600/);
    expect(cookie.value).not.toContain("amo-client-secret");
  });

  it("is for admins: outsiders 404, members 403, signed-out browsers go to sign-in; unconfigured servers 503", async () => {
    const { admin, workspace } = await adminWorkspace();
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    signIn(await seedUser());
    expect((await begin(new Request(url("/api/connect/amocrm", { workspace: workspace.slug })))).status).toBe(404);
    signIn(member);
    expect((await begin(new Request(url("/api/connect/amocrm", { workspace: workspace.slug })))).status).toBe(403);
    signIn(null);
    const form = new URLSearchParams({ workspace: workspace.slug });
    const browser = await beginPost(new Request(`${APP_URL}/api/connect/amocrm`, { method: "POST", body: form, headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" } }));
    expect(browser.status).toBe(303);
    expect(new URL(browser.headers.get("location")!).pathname).toBe("/sign-in");
    vi.stubEnv("AMOCRM_CLIENT_SECRET", "");
    signIn(admin);
    const unconfigured = await begin(new Request(url("/api/connect/amocrm", { workspace: workspace.slug })));
    expect(unconfigured.status).toBe(503);
    expect((await unconfigured.json()).error.message).toContain("AMOCRM_CLIENT_SECRET");
  });
});

describe("AmoCRM's callback", () => {
  it("exchanges the code at the referer's domain, stores the account with sealed tokens and starts its sync", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await started(admin, workspace.slug);
    const response = await back({ code: AMO_CODE, state, referer: AMO_DOMAIN, platform: "1", client_id: "amo-client-id" }, cookie.value);
    expect(response.status).toBe(303);
    const [connection] = await connectionsOf(workspace.id);
    expect(new URL(response.headers.get("location")!).pathname).toBe(`/w/${workspace.slug}/connections/${connection!.id}`);
    expect(connection).toMatchObject({ provider: "amocrm", externalAccountId: "28805383", status: "active", currency: "RUB" });
    expect(connection!.credentials).not.toContain("invented-refresh-1");
    expect(openJson<Record<string, string>>(connection!.credentials)).toMatchObject({ baseDomain: AMO_DOMAIN, redirectUri: `${APP_URL}/api/connect/amocrm/callback` });
    expect(amo.calls.find((c) => c.path === "/oauth2/access_token")!.body).toMatchObject({ grant_type: "authorization_code", code: AMO_CODE, redirect_uri: `${APP_URL}/api/connect/amocrm/callback` });
    expect(startInitialSync).toHaveBeenCalledWith({ workspaceId: workspace.id, connectionId: connection!.id });
    // The state is spent: the same callback again is refused as a reuse.
    const reused = cookiesFrom(response).get(COOKIE)!.value;
    await expectPage(await back({ code: AMO_CODE, state, referer: AMO_DOMAIN }, reused), 400, "already used");
    expect(await connectionsOf(workspace.id)).toHaveLength(1);
  });

  it("refuses a state it did not sign, a missing cookie, or another user's state, connecting nothing", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await started(admin, workspace.slug);
    await expectPage(await back({ code: AMO_CODE, state: "forged-state-forged-state-forged", referer: AMO_DOMAIN }, cookie.value), 400, "could not be verified");
    await expectPage(await back({ code: AMO_CODE, state, referer: AMO_DOMAIN }), 400, "could not be matched");
    signIn(await seedUser());
    await expectPage(await back({ code: AMO_CODE, state, referer: AMO_DOMAIN }, cookie.value), 400, "started by another Signalboard user");
    expect(await connectionsOf(workspace.id)).toHaveLength(0);
    expect(amo.calls).toHaveLength(0);
  });

  it("answers 404 when the admin no longer belongs to the workspace the state names", async () => {
    const { admin, workspace } = await adminWorkspace();
    const { cookie, state } = await started(admin, workspace.slug);
    const { db } = await import("@/lib/db/client");
    await db.membership.deleteMany({ where: { workspaceId: workspace.id, userId: admin.id } });
    await expectPage(await back({ code: AMO_CODE, state, referer: AMO_DOMAIN }, cookie.value), 404, "not a member");
    expect(await connectionsOf(workspace.id)).toHaveLength(0);
  });

  it("never calls a referer outside AmoCRM's domains, and says so when AmoCRM refuses the code", async () => {
    const { admin, workspace } = await adminWorkspace();
    let begun = await started(admin, workspace.slug);
    await expectPage(await back({ code: AMO_CODE, state: begun.state, referer: "attacker.example" }, begun.cookie.value), 400, "account domain");
    expect(amo.calls).toHaveLength(0);
    begun = await started(admin, workspace.slug);
    await expectPage(await back({ code: "spent-code", state: begun.state, referer: AMO_DOMAIN }, begun.cookie.value), 502, "refused to grant access");
    begun = await started(admin, workspace.slug);
    const denied = await back({ error: "access_denied", state: begun.state }, begun.cookie.value);
    expect(new URL(denied.headers.get("location")!).searchParams.get("oauth")).toBe("denied");
    expect(await connectionsOf(workspace.id)).toHaveLength(0);
  });
});
