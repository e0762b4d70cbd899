import { readFileSync } from "node:fs";
import path from "node:path";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";

export const APP_URL = "https://signalboard.test";

export const fixture = (name: string): JsonBodyType => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8"));

export const signIn = (user: { id: string; email: string } | null) =>
  vi.mocked(currentUser).mockResolvedValue(user ? { id: user.id, email: user.email, name: null } : null);

export function stubProviderEnv() {
  vi.stubEnv("APP_URL", APP_URL);
  vi.stubEnv("META_APP_ID", "meta-app-id");
  vi.stubEnv("META_APP_SECRET", "meta-app-secret");
  vi.stubEnv("GOOGLE_CLIENT_ID", "google-client-id.apps.googleusercontent.com");
  vi.stubEnv("GOOGLE_CLIENT_SECRET", "google-client-secret");
  vi.stubEnv("GOOGLE_ADS_DEVELOPER_TOKEN", "google-ads-developer-token");
  vi.stubEnv("TIKTOK_APP_ID", "tiktok-app-id");
  vi.stubEnv("TIKTOK_APP_SECRET", "tiktok-app-secret");
}

/** What the platforms were asked, so tests can check the requests' shape. */
export const calls: { url: URL; body: string }[] = [];

/** Meta's Graph token endpoint (short-lived, then long-lived exchange) and the ad account list. */
export const metaHandlers = [
  http.get("https://graph.facebook.com/:version/oauth/access_token", ({ request }) => {
    const url = new URL(request.url);
    calls.push({ url, body: "" });
    if (url.searchParams.get("code") === "refused-code") {
      return HttpResponse.json(
        { error: { message: "This authorization code has been used.", type: "OAuthException", code: 100, error_subcode: 36009, fbtrace_id: "AbCdEf" } },
        { status: 400 },
      );
    }
    return HttpResponse.json(fixture(url.searchParams.get("grant_type") === "fb_exchange_token" ? "meta-token-long.json" : "meta-token-short.json"));
  }),
  http.get("https://graph.facebook.com/:version/me/adaccounts", ({ request }) => {
    calls.push({ url: new URL(request.url), body: "" });
    return HttpResponse.json(fixture("meta-adaccounts.json"));
  }),
];

/** Google's token endpoint, and Google Ads' accessible customers with one manager hierarchy. */
export const googleHandlers = [
  http.post("https://oauth2.googleapis.com/token", async ({ request }) => {
    const body = await request.text();
    calls.push({ url: new URL(request.url), body });
    return HttpResponse.json(fixture("google-token.json"));
  }),
  http.all("https://googleads.googleapis.com/*", async ({ request }) => {
    const url = new URL(request.url);
    calls.push({ url, body: request.method === "POST" ? await request.clone().text() : "" });
    if (url.pathname.endsWith("/customers:listAccessibleCustomers")) return HttpResponse.json(fixture("google-ads-accessible-customers.json"));
    const customer = /\/customers\/(\d+)\/googleAds:searchStream$/.exec(url.pathname)?.[1];
    if (customer === "1112223333") return HttpResponse.json(fixture("google-ads-customer-clients-manager.json"));
    if (customer === "7778889999") return HttpResponse.json(fixture("google-ads-customer-clients-single.json"));
    return HttpResponse.json({ error: { code: 404, message: "Not found", status: "NOT_FOUND" } }, { status: 404 });
  }),
];

/** TikTok's token endpoint, answering in its {code, message, request_id, data} envelope. */
export const tiktokHandlers = [
  http.post("https://business-api.tiktok.com/open_api/v1.3/oauth2/access_token/", async ({ request }) => {
    const body = await request.text();
    calls.push({ url: new URL(request.url), body });
    return HttpResponse.json(fixture("tiktok-token.json"));
  }),
];

/** msw answering as Meta, Google and TikTok for the file's tests, with the platforms' env set and calls recorded afresh. */
export function servePlatforms(beforeEachTest: () => void = () => {}) {
  const server = setupServer(...metaHandlers, ...googleHandlers, ...tiktokHandlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(() => {
    stubProviderEnv();
    calls.length = 0;
    beforeEachTest();
  });
  afterEach(() => {
    server.resetHandlers();
    vi.unstubAllEnvs();
  });
}

export async function adminWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const admin = await seedUser();
  await seedMembership(workspace.id, admin.id, "admin");
  return { owner, admin, workspace };
}

/** The name=value pairs a browser would send back from a response's Set-Cookie headers. */
export function cookiesFrom(response: Response): Map<string, { value: string; attributes: string }> {
  const jar = new Map<string, { value: string; attributes: string }>();
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(";");
    const index = pair!.indexOf("=");
    jar.set(pair!.slice(0, index).trim(), { value: decodeURIComponent(pair!.slice(index + 1)), attributes: attributes.join(";").trim() });
  }
  return jar;
}

export function cookieHeader(name: string, value: string): Record<string, string> {
  return { cookie: `${name}=${encodeURIComponent(value)}` };
}

export async function expectPage(response: Response, status: number, text: string | RegExp) {
  expect(response.status).toBe(status);
  const html = (await response.text()).replace(/&#39;/g, "'").replace(/&#34;/g, '"');
  if (typeof text === "string") expect(html).toContain(text);
  else expect(html).toMatch(text);
}

export const connectionsOf = (workspaceId: string) => db.connection.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
