import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import WorkspaceLayout from "@/app/w/[slug]/layout";
import ConnectionPage from "@/app/w/[slug]/connections/[id]/page";
import ConnectionsPage from "@/app/w/[slug]/connections/page";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { connectionsNeedingAttention, tokenHealth } from "@/lib/connections/health";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { signIn, stubProviderEnv } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("@/lib/auth/sign-out", () => ({ signOutAction: async () => {} }));
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {} }),
  usePathname: () => "/",
}));

const DAY = 86_400_000;
const NOW = new Date("2026-05-10T12:00:00Z");
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");

const metaCredentials = (lapse: Date) =>
  sealJson({ mode: "oauth", tokens: { accessToken: "EAAB-token", refreshToken: null, expiresAt: lapse.toISOString(), refreshExpiresAt: lapse.toISOString(), scopes: ["ads_read"] } });

describe("tokenHealth", () => {
  it("says when a token lapses, in days, hours or as a past date", () => {
    expect(tokenHealth("meta_ads", new Date(NOW.getTime() + 5 * DAY + 3_600_000).toISOString(), NOW)).toMatchObject({ state: "expiring", text: "Meta access expires in 5 days" });
    expect(tokenHealth("meta_ads", new Date(NOW.getTime() + 3 * 3_600_000).toISOString(), NOW)).toMatchObject({ state: "expiring", text: "Meta access expires in 3 hours" });
    expect(tokenHealth("meta_ads", "2026-05-03T08:00:00Z", NOW)).toMatchObject({ state: "expired", text: "Meta access expired on 3 May 2026" });
    expect(tokenHealth("tiktok_ads", "2026-07-01T00:00:00Z", NOW)).toMatchObject({ state: "ok", text: "TikTok access is valid until 1 July 2026" });
    expect(tokenHealth("meta_ads", null, NOW)).toBeNull();
    expect(tokenHealth("shopify", "2026-05-11T00:00:00Z", NOW)).toBeNull();
  });
});

describe("connections needing attention", () => {
  it("lists lost authorisation, failing syncs and access lapsing within a week, in this workspace only", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const other = await seedWorkspace(owner.id);
    const base = { workspaceId: workspace.id, credentials: sealJson({}), settings: {} };
    await db.connection.createMany({
      data: [
        { ...base, provider: "meta_ads", externalAccountId: "act_1", displayName: "Lapsing", credentials: metaCredentials(new Date(NOW.getTime() + 5 * DAY + 60_000)) },
        { ...base, provider: "meta_ads", externalAccountId: "act_2", displayName: "Fine", credentials: metaCredentials(new Date(NOW.getTime() + 40 * DAY)) },
        { ...base, provider: "google_ads", externalAccountId: "1", displayName: "Revoked", status: "needs_reauth", lastError: "Google no longer accepts this connection's sign-in." },
        { ...base, provider: "tiktok_ads", externalAccountId: "2", displayName: "Failing", status: "error", lastError: "The ad account was deleted." },
        { ...base, provider: "meta_ads", externalAccountId: "act_3", displayName: "Gone", status: "disconnected", credentials: metaCredentials(new Date(NOW.getTime() - DAY)) },
        { ...base, workspaceId: other.id, provider: "meta_ads", externalAccountId: "act_4", displayName: "Elsewhere", status: "needs_reauth" },
      ],
    });
    const attention = await connectionsNeedingAttention(workspace.id, NOW);
    const byName = attention.map((a) => [a.displayName, a.message, a.reconnect]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byName).toEqual([
      ["Failing", "could not sync: The ad account was deleted.", false],
      ["Lapsing", "Meta access expires in 5 days. Reconnect to keep it syncing.", true],
      ["Revoked", "needs to be reconnected: syncing has stopped.", true],
    ]);
  });
});

describe("the connection pages", () => {
  it("show the demo workspace's Google Ads, Meta Ads, TikTok Ads and GA4 connections with their health", async () => {
    stubProviderEnv();
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connectDemoStore(workspace.id, { orders: 200, seed: 5 });
    await seedDemoAds(workspace.id);
    signIn(owner);
    const element = await ConnectionsPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) });
    const page = text(renderToStaticMarkup(element));
    for (const line of [
      "Google Ads · 123-456-7890",
      "Meta Ads · act_1029384756",
      "TikTok Ads · 7012345678901234567",
      "Google Analytics · properties/314159265",
    ]) {
      expect(page).toContain(line);
    }
    expect(page.match(/Demo account: nothing to expire/g)).toHaveLength(4);
    expect(page.match(/Last successful sync/g)).toHaveLength(4);
    expect(page).toContain("Connect ads or analytics");
    // Demo accounts are never signed in to, so they offer no Reconnect.
    expect(page).not.toContain("Reconnect");
  });

  it("show an admin token expiry, the last error and Reconnect; the banner links to that connection", async () => {
    stubProviderEnv();
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    const connection = await db.connection.create({
      data: {
        workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_9", displayName: "Acme Meta", status: "needs_reauth",
        credentials: metaCredentials(new Date(Date.now() - 2 * DAY)), lastError: "Meta's access expired; reconnect Meta Ads to resume syncing.", lastErrorAt: new Date(),
        lastSuccessAt: new Date(Date.now() - 3 * DAY),
      },
    });
    signIn(owner);
    const params = Promise.resolve({ slug: workspace.slug, id: connection.id });
    const page = text(renderToStaticMarkup(await ConnectionPage({ params, searchParams: Promise.resolve({}) })));
    expect(page).toMatch(/Meta access expired on \d{1,2} \w+ \d{4}/);
    expect(page).toContain("Meta's access expired; reconnect Meta Ads to resume syncing.");
    expect(page).toContain("Reconnect Meta Ads");
    const html = renderToStaticMarkup(await ConnectionPage({ params, searchParams: Promise.resolve({}) }));
    expect(html).toContain(`name="connection" value="${connection.id}"`);
    expect(html).toContain('action="/api/connect/meta"');

    const layout = renderToStaticMarkup(await WorkspaceLayout({ children: null, params: Promise.resolve({ slug: workspace.slug }) }));
    expect(text(layout)).toContain("Acme Meta needs to be reconnected: syncing has stopped.");
    expect(layout).toContain(`href="/w/${workspace.slug}/connections/${connection.id}"`);

    // Viewers see the health, not the button.
    signIn(viewer);
    const readOnly = text(renderToStaticMarkup(await ConnectionPage({ params, searchParams: Promise.resolve({}) })));
    expect(readOnly).toMatch(/Meta access expired on/);
    expect(readOnly).not.toContain("Reconnect Meta Ads");
  });

  it("disable Reconnect with the variables an operator must set when Meta is not configured", async () => {
    vi.stubEnv("META_APP_ID", "");
    vi.stubEnv("META_APP_SECRET", "");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const connection = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "meta_ads", externalAccountId: "act_8", displayName: "Acme Meta", credentials: metaCredentials(new Date(Date.now() + 3 * DAY)) },
    });
    signIn(owner);
    const html = renderToStaticMarkup(await ConnectionPage({ params: Promise.resolve({ slug: workspace.slug, id: connection.id }), searchParams: Promise.resolve({}) }));
    expect(text(html)).toContain("Meta Ads is not set up on this server yet: an operator must set META_APP_ID and META_APP_SECRET.");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Reconnect Meta Ads/);
    expect(text(html)).toContain("Meta access expires in 2 days");
    vi.unstubAllEnvs();
  });
});
