import { describe, expect, it, vi } from "vitest";
import { GET as metaCallback } from "@/app/api/connect/meta/callback/route";
import { GET as beginInPopup } from "@/app/api/embedded/connect/route";
import { POST as pickInPopup } from "@/app/api/embedded/connect/pick/route";
import { POST as ticketRoute } from "@/app/api/embedded/connections/oauth/route";
import { GET as listRoute } from "@/app/api/embedded/connections/route";
import { stateCookieName } from "@/lib/connections/oauth/flow";
import { EMBEDDED_PENDING_COOKIE } from "@/lib/connections/oauth/popup";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { APP_URL, connectionsOf, cookieHeader, cookiesFrom, servePlatforms } from "../connect/support";
import { callEmbedded, configureApp, installedShop, sessionToken } from "./support";

// Connecting an ad platform from inside the Shopify admin: the frame asks for a ticket with its
// session token, the new window opens it, the platform's consent and callback run as in the
// standalone flow, and the window's last page posts the outcome back to the frame. No Signalboard
// session exists anywhere in this (the sign-in is mocked to nobody).
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/ads/backfill", () => ({ startAdBackfill: vi.fn(async () => ({ runId: "run", reused: false })) }));

servePlatforms(() => {
  configureApp(vi.stubEnv);
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

type Shop = Awaited<ReturnType<typeof installedShop>>;

async function ticket(shop: Shop, body: unknown) {
  return callEmbedded(ticketRoute, { token: await sessionToken(shop.shop, shop.sub), method: "POST", path: "/api/embedded/connections/oauth", body });
}

/** The new window: the ticket's page, then the platform's consent (its redirect), then our callback. */
async function popupToConsent(url: string) {
  const response = await beginInPopup(new Request(`${APP_URL}${url}`));
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  const cookie = cookiesFrom(response).get(stateCookieName("meta"))!;
  return { location, cookie, state: location.searchParams.get("state")! };
}

const callback = (query: Record<string, string>, cookie: string) =>
  metaCallback(new Request(`${APP_URL}/api/connect/meta/callback?${new URLSearchParams(query)}`, { headers: cookieHeader(stateCookieName("meta"), cookie) }));

/** The message the popup's last page posts to the frame, read from its script. */
async function posted(response: Response) {
  const html = await response.text();
  const match = /var m=(\{.*?\});/.exec(html);
  expect(match, html).not.toBeNull();
  expect(html).toContain(`window.opener.postMessage(m,"${APP_URL}")`);
  return JSON.parse(match![1]!) as { source: string; status: string; message: string };
}

describe("connections inside the admin", () => {
  it("lists the workspace's connections and platforms; viewers may not connect", async () => {
    const viewer = await installedShop("viewer");
    const other = await installedShop();
    await db.connection.create({ data: { workspaceId: other.workspace.id, provider: "meta_ads", externalAccountId: "act_9", displayName: "Theirs", credentials: sealJson({}) } });
    const { status, body } = await callEmbedded(listRoute, { token: await sessionToken(viewer.shop, viewer.sub), path: "/api/embedded/connections" });
    expect(status).toBe(200);
    expect((body!.connections as { id: string }[]).map((c) => c.id)).toEqual([viewer.connection.id]);
    expect((body!.platforms as { provider: string; notConfigured: string | null }[]).find((p) => p.provider === "meta_ads")!.notConfigured).toBeNull();
    expect(body!.mayManage).toBe(false);

    const refused = await ticket(viewer, { provider: "meta_ads" });
    expect(refused.status).toBe(403);
  });

  it("refuses bad input naming the field, and another workspace's connection with 404", async () => {
    const admin = await installedShop("admin");
    const other = await installedShop();
    const theirs = await db.connection.create({ data: { workspaceId: other.workspace.id, provider: "meta_ads", externalAccountId: "act_9", displayName: "Theirs", credentials: sealJson({}) } });
    for (const body of [{}, { provider: "myspace" }, { provider: 7 }, { connection: 12 }]) {
      const { status, body: answer } = await ticket(admin, body);
      expect(status).toBe(400);
      expect(Object.keys((answer!.error as { fields: Record<string, string> }).fields)).toEqual([Object.keys(body)[0] ?? "provider"]);
    }
    expect((await ticket(admin, { connection: theirs.id })).status).toBe(404);
    expect((await ticket(admin, { connection: admin.connection.id })).status).toBe(400);
    vi.stubEnv("META_APP_SECRET", "");
    const unset = await ticket(admin, { provider: "meta_ads" });
    expect(unset.status).toBe(409);
    expect((unset.body!.error as { message: string }).message).toContain("META_APP_SECRET");
  });

  it("connects a picked account through the new window and posts the outcome to the frame", async () => {
    const admin = await installedShop("admin");
    const { status, body } = await ticket(admin, { provider: "meta_ads" });
    expect(status).toBe(200);
    const url = body!.url as string;
    expect(url).toMatch(/^\/api\/embedded\/connect\?ticket=/);

    const { location, cookie, state } = await popupToConsent(url);
    expect(location.origin).toBe("https://www.facebook.com");
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/connect/meta/callback`);

    // The platform sends the window back: the accounts to pick from, in the window.
    const picking = await callback({ code: "good-code", state }, cookie.value);
    expect(picking.status).toBe(200);
    const pending = cookiesFrom(picking).get(EMBEDDED_PENDING_COOKIE)!;
    expect(pending.attributes).toContain("Path=/api/embedded/connect");
    expect(pending.attributes).toMatch(/HttpOnly/i);
    const html = await picking.text();
    expect(html).toContain('action="/api/embedded/connect/pick"');
    expect(html).toContain("Acme EU");
    expect(await connectionsOf(admin.workspace.id)).toHaveLength(1);
    // The state is spent, as in the standalone flow.
    expect(cookiesFrom(picking).get(stateCookieName("meta"))!.value).toBe(`used.${state}`);

    const form = new URLSearchParams({ account: "act_5566778899|" });
    const done = await pickInPopup(new Request(`${APP_URL}/api/embedded/connect/pick`, { method: "POST", body: form, headers: { ...cookieHeader(EMBEDDED_PENDING_COOKIE, pending.value), "content-type": "application/x-www-form-urlencoded" } }));
    expect(done.status).toBe(200);
    expect(cookiesFrom(done).get(EMBEDDED_PENDING_COOKIE)!.value).toBe("");
    expect(await posted(done)).toMatchObject({ source: "signalboard-connect", status: "connected" });
    const rows = await connectionsOf(admin.workspace.id);
    expect(rows.map((r) => [r.provider, r.externalAccountId])).toContainEqual(["meta_ads", "act_5566778899"]);
  });

  it("reconnects an ad connection in place", async () => {
    const admin = await installedShop("owner");
    const connection = await db.connection.create({
      data: { workspaceId: admin.workspace.id, provider: "meta_ads", externalAccountId: "act_1029384756", displayName: "Acme Store", status: "needs_reauth", credentials: sealJson({ mode: "oauth", tokens: { accessToken: "old" } }), currency: "USD", timeZone: "America/Los_Angeles" },
    });
    const { body } = await ticket(admin, { connection: connection.id });
    const { cookie, state } = await popupToConsent(body!.url as string);
    const response = await callback({ code: "good-code", state }, cookie.value);
    expect(await posted(response)).toMatchObject({ status: "reconnected" });
    expect(await db.connection.findFirstOrThrow({ where: { workspaceId: admin.workspace.id, id: connection.id } })).toMatchObject({ status: "active" });
  });

  it("posts a declined consent back without storing anything", async () => {
    const admin = await installedShop("admin");
    const { body } = await ticket(admin, { provider: "meta_ads" });
    const { cookie, state } = await popupToConsent(body!.url as string);
    const response = await callback({ error: "access_denied", state }, cookie.value);
    expect(await posted(response)).toMatchObject({ status: "denied" });
    expect(await connectionsOf(admin.workspace.id)).toHaveLength(1);
  });

  it("refuses a forged or expired ticket, and a staff member demoted since", async () => {
    const admin = await installedShop("admin");
    const { body } = await ticket(admin, { provider: "meta_ads" });
    const url = body!.url as string;
    const forged = await beginInPopup(new Request(`${APP_URL}${url.replace(/ticket=./, "ticket=x")}`));
    expect(forged.status).toBe(400);

    vi.useFakeTimers({ now: Date.now() + 5 * 60_000, toFake: ["Date"] });
    try {
      const late = await beginInPopup(new Request(`${APP_URL}${url}`));
      expect(late.status).toBe(400);
      expect(await late.text()).toContain("expired");
    } finally {
      vi.useRealTimers();
    }

    await db.membership.update({ where: { workspaceId_userId: { workspaceId: admin.workspace.id, userId: admin.staff.id } }, data: { role: "member" } });
    const demoted = await beginInPopup(new Request(`${APP_URL}${url}`));
    expect(demoted.status).toBe(403);
    expect(cookiesFrom(demoted).has(stateCookieName("meta"))).toBe(false);
  });
});
