import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as callbackRoute } from "@/app/api/connect/woocommerce/callback/route";
import { GET as beginRoute } from "@/app/api/connect/woocommerce/route";
import { currentUser } from "@/lib/auth/session";
import { completeWooAuth } from "@/lib/connections/oauth/woocommerce-auth";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "@/lib/connectors/woocommerce/demo/server";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { startInitialSync } from "@/lib/sync/schedule";

// WooCommerce's application authentication: begin sends the admin to their store with a signed
// state as user_id; the store POSTs the approved key pair to the callback.

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/sync/schedule", () => ({ startInitialSync: vi.fn(async () => {}) }));

const APP_URL = "https://signalboard.test";
const signIn = (user: { id: string; email: string } | null) =>
  vi.mocked(currentUser).mockResolvedValue(user ? { id: user.id, email: user.email, name: null } : null);

beforeEach(() => {
  vi.stubEnv("APP_URL", APP_URL);
  vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", "100");
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.mocked(startInitialSync).mockClear();
});

async function admin() {
  const user = await seedUser();
  const workspace = await seedWorkspace(user.id);
  return { user, workspace };
}

async function begin(user: { id: string; email: string }, slug: string, store = DEMO_STORE_URL) {
  signIn(user);
  return beginRoute(new Request(`${APP_URL}/api/connect/woocommerce?workspace=${slug}&store=${encodeURIComponent(store)}`));
}

const callback = (body: unknown) =>
  new Request(`${APP_URL}/api/connect/woocommerce/callback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const approved = (userId: string, changes: Record<string, unknown> = {}) => ({
  key_id: 1, user_id: userId, consumer_key: DEMO_CONSUMER_KEY, consumer_secret: DEMO_CONSUMER_SECRET, key_permissions: "read", ...changes,
});

describe("connecting WooCommerce through the store's application authentication", () => {
  it("sends the admin to the store's wc-auth page with read scope, a signed user_id and an https callback", async () => {
    const { user, workspace } = await admin();
    const response = await begin(user, workspace.slug);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${DEMO_STORE_URL}/wc-auth/v1/authorize`);
    expect(Object.fromEntries([...location.searchParams].filter(([k]) => k !== "user_id"))).toEqual({
      app_name: "Signalboard", scope: "read", return_url: `${APP_URL}/w/${workspace.slug}/connections`, callback_url: `${APP_URL}/api/connect/woocommerce/callback`,
    });
    expect(location.searchParams.get("user_id")).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it("connects the store from the keys it posts back, once", async () => {
    const { user, workspace } = await admin();
    const userId = new URL((await begin(user, workspace.slug)).headers.get("location")!).searchParams.get("user_id")!;
    const done = await callbackRoute(callback(approved(userId)));
    expect(done.status).toBe(200);
    const connection = await db.connection.findFirst({ where: { workspaceId: workspace.id, provider: "woocommerce" } });
    expect(connection).toMatchObject({ status: "active", displayName: "Signalboard Demo WooCommerce" });
    expect(startInitialSync).toHaveBeenCalledWith({ workspaceId: workspace.id, connectionId: connection!.id });
    // The same callback again finds the store connected.
    expect((await callbackRoute(callback(approved(userId)))).status).toBe(409);
  });

  it("refuses a forged or expired user_id, keys without read access, and keys the store refuses, storing nothing", async () => {
    const { user, workspace } = await admin();
    const userId = new URL((await begin(user, workspace.slug)).headers.get("location")!).searchParams.get("user_id")!;
    const [payload, mac] = userId.split(".");
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), slug: "elsewhere" })).toString("base64url")}.${mac}`;
    expect((await callbackRoute(callback(approved(forged)))).status).toBe(401);
    expect((await completeWooAuth(callback(approved(userId)), Date.now() + 16 * 60_000)).status).toBe(401);
    const writeOnly = await callbackRoute(callback(approved(userId, { key_permissions: "write" })));
    expect(writeOnly.status).toBe(400);
    expect(await writeOnly.json()).toMatchObject({ error: { fields: { key_permissions: expect.stringMatching(/allow reading/) } } });
    const wrongKeys = await callbackRoute(callback(approved(userId, { consumer_key: "ck_notthedemokey" })));
    expect(wrongKeys.status).toBe(400);
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("lets only admins of the workspace begin, names a bad store address, and needs an https app address", async () => {
    const { user, workspace } = await admin();
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    expect((await begin(member, workspace.slug)).status).toBe(403);
    const stranger = await seedUser();
    expect((await begin(stranger, workspace.slug)).status).toBe(404);
    const privateStore = await begin(user, workspace.slug, "https://192.168.0.10");
    expect(privateStore.status).toBe(400);
    expect(await privateStore.json()).toMatchObject({ error: { fields: { store: expect.stringMatching(/must be public/) } } });
    vi.stubEnv("APP_URL", "http://localhost:3000");
    const plain = await begin(user, workspace.slug);
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ error: { fields: { store: expect.stringMatching(/https/) } } });
  });
});
