import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as billingRoute } from "@/app/api/embedded/billing/route";
import { POST as confirmRoute } from "@/app/api/embedded/billing/confirm/route";
import { POST as subscribeRoute } from "@/app/api/embedded/billing/subscribe/route";
import { POST as webhookRoute } from "@/app/api/webhooks/shopify/route";
import { billingOf } from "@/lib/billing/state";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signedWebhook } from "../shopify-webhooks/support";
import { API_SECRET, callEmbedded, configureApp, installedShop, sessionToken, uniqueShop } from "./support";
import { shopifyAdminStandIn, type StandInSubscription } from "./shopify-admin";

const shopify = shopifyAdminStandIn();
const server = setupServer(shopify.handler, shopify.tokenHandler);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  configureApp(vi.stubEnv);
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_signalboard");
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(async () => {
  await localJobsSettled();
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const subscribe = async (shop: string, sub: string, body: unknown) =>
  callEmbedded(subscribeRoute, { method: "POST", path: "/api/embedded/billing/subscribe", token: await sessionToken(shop, sub), body });
const confirm = async (shop: string, sub: string) => callEmbedded(confirmRoute, { method: "POST", path: "/api/embedded/billing/confirm", token: await sessionToken(shop, sub) });
const billing = async (shop: string, sub: string) => callEmbedded(billingRoute, { path: "/api/embedded/billing", token: await sessionToken(shop, sub) });
const billingRow = (workspaceId: string) => db.workspaceBilling.findUnique({ where: { workspaceId } });

let counter = 0;
function active(name: string, status = "ACTIVE", createdAt = new Date().toISOString()): StandInSubscription {
  return { id: `gid://shopify/AppSubscription/${++counter}`, name, status, test: true, trialDays: 0, createdAt, currentPeriodEnd: null };
}

/** The documented app_subscriptions/update body. */
const delivery = (name: string, status: string, updatedAt = new Date().toISOString()) =>
  JSON.stringify({
    app_subscription: { admin_graphql_api_id: "gid://shopify/AppSubscription/1029266947", name, status, admin_graphql_api_shop_id: "gid://shopify/Shop/548380009", created_at: "2026-11-01T10:00:00-05:00", updated_at: updatedAt },
  });
const deliver = (shop: string, body: string, webhookId = crypto.randomUUID()) =>
  webhookRoute(signedWebhook("app_subscriptions/update", body, { shop, webhookId, eventId: webhookId, secret: API_SECRET }));

describe("subscribing through Shopify from the embedded app", () => {
  it("creates the app subscription from the plan registry and answers Shopify's confirmation page", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    const result = await subscribe(shop, sub, { plan: "growth", interval: "monthly" });
    expect(result.status).toBe(200);
    expect(result.body!.confirmationUrl).toMatch(new RegExp(`^https://${shop.replace(/\./g, "\\.")}/admin/charges/`));
    const [call] = shopify.callsTo(shop, "AppSubscriptionCreate");
    expect(call!.variables).toEqual({
      name: "Signalboard Growth",
      returnUrl: `https://admin.shopify.com/store/${shop.replace(".myshopify.com", "")}/apps/signalboard/billing`,
      // Tests run outside production: a test charge.
      test: true,
      // A new workspace's card-less trial carries over whole.
      trialDays: 14,
      lineItems: [{ plan: { appRecurringPricingDetails: { price: { amount: "49.00", currencyCode: "USD" }, interval: "EVERY_30_DAYS" } } }],
    });
    // Nothing is billed until Shopify says it is.
    expect(await billingOf(workspace.id)).toMatchObject({ status: "trialing", provider: "none" });

    await subscribe(shop, sub, { plan: "scale", interval: "yearly" });
    const yearly = shopify.callsTo(shop, "AppSubscriptionCreate")[1]!.variables;
    expect(yearly).toMatchObject({ name: "Signalboard Scale", lineItems: [{ plan: { appRecurringPricingDetails: { price: { amount: "1990.00" }, interval: "ANNUAL" } } }] });
  });

  it("gives real charges in production and no second trial to a workspace that had its own", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    await db.workspace.update({ where: { id: workspace.id }, data: { createdAt: new Date(Date.now() - 30 * 86_400_000) } });
    vi.stubEnv("NODE_ENV", "production");
    expect((await subscribe(shop, sub, { plan: "growth", interval: "monthly" })).status).toBe(200);
    expect(shopify.callsTo(shop, "AppSubscriptionCreate")[0]!.variables).toMatchObject({ test: false, trialDays: 0 });
  });

  it.each([
    [{ plan: "platinum", interval: "monthly" }, "plan"],
    [{ plan: "free", interval: "monthly" }, "plan"],
    [{ plan: "growth", interval: "weekly" }, "interval"],
    [{}, "plan"],
  ])("refuses %j with a 400 naming %s, without calling Shopify", async (body, field) => {
    const { shop, sub } = await installedShop("owner");
    const result = await subscribe(shop, sub, body);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { fields: { [field]: expect.any(String) } } });
    expect(shopify.callsTo(shop)).toEqual([]);
  });

  it("lets only owners subscribe", async () => {
    for (const role of ["admin", "member"] as const) {
      const { shop, sub } = await installedShop(role, "31");
      expect((await subscribe(shop, sub, { plan: "growth", interval: "monthly" })).status).toBe(403);
      expect(shopify.callsTo(shop)).toEqual([]);
    }
  });

  it("refuses (409) while Stripe bills the workspace, so it is never charged twice", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    await db.workspaceBilling.create({ data: { workspaceId: workspace.id, provider: "stripe", plan: "growth", status: "active", stripeCustomerId: "cus_1", stripeSubscriptionId: "sub_1" } });
    const refused = await subscribe(shop, sub, { plan: "scale", interval: "monthly" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { message: expect.stringContaining("billed through Stripe") } });
    expect(shopify.callsTo(shop)).toEqual([]);
    expect((await billing(shop, sub)).body).toMatchObject({ provider: { id: "stripe" }, plans: [], mayChange: false });
  });
});

describe("confirming on the way back from Shopify", () => {
  it("applies what Shopify bills now, whatever the return URL says", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    shopify.subscriptions.set(shop, [active("Signalboard Scale")]);
    const confirmed = await confirm(shop, sub);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ enabled: true, provider: { id: "shopify", label: "Shopify" }, plan: { id: "scale" }, status: "active", mayChange: true });
    expect(await billingRow(workspace.id)).toMatchObject({ provider: "shopify", plan: "scale", status: "active" });

    // Cancelled in the admin: no active subscription is left, so Free.
    shopify.subscriptions.set(shop, []);
    expect((await confirm(shop, sub)).body).toMatchObject({ plan: { id: "free" }, status: "free" });
  });

  it("leaves a workspace's own trial alone while Shopify bills nothing yet", async () => {
    const { shop, workspace, sub } = await installedShop("owner");
    expect((await confirm(shop, sub)).body).toMatchObject({ provider: { id: "shopify" }, status: "trialing", plan: { id: "growth" } });
    expect((await billingRow(workspace.id))?.provider ?? "none").toBe("none");
  });

  it("shows every member which provider bills the shop, and the plans with their prices", async () => {
    const { shop, sub } = await installedShop("viewer", "55");
    const view = await billing(shop, sub);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      provider: { id: "shopify" },
      mayChange: false,
      plans: [
        { id: "growth", priceCents: { monthly: 4900, yearly: 49000 }, currency: "USD" },
        { id: "scale", priceCents: { monthly: 19900, yearly: 199000 }, currency: "USD" },
      ],
    });
  });
});

describe("app_subscriptions/update", () => {
  it("re-reads the installation's subscriptions instead of trusting the delivery, once per delivery", async () => {
    const { shop, workspace } = await installedShop("owner");
    // The delivery says Growth; Shopify, asked now, says Scale was approved since.
    shopify.subscriptions.set(shop, [active("Signalboard Scale")]);
    const id = crypto.randomUUID();
    expect((await deliver(shop, delivery("Signalboard Growth", "ACTIVE"), id)).status).toBe(200);
    await localJobsSettled();
    expect(await billingRow(workspace.id)).toMatchObject({ provider: "shopify", plan: "scale", status: "active" });
    expect(shopify.callsTo(shop, "ActiveSubscriptions")).toHaveLength(1);

    // A replay of the same delivery is recorded once and not processed again.
    expect(await (await deliver(shop, delivery("Signalboard Growth", "ACTIVE"), id)).json()).toMatchObject({ queued: 0, duplicates: 1 });
    await localJobsSettled();
    expect(shopify.callsTo(shop, "ActiveSubscriptions")).toHaveLength(1);
  });

  it("maps a frozen subscription to past due with the grace period", async () => {
    const { shop, workspace } = await installedShop("owner");
    shopify.subscriptions.set(shop, [active("Signalboard Growth", "FROZEN")]);
    await deliver(shop, delivery("Signalboard Growth", "FROZEN"));
    await localJobsSettled();
    expect(await billingOf(workspace.id)).toMatchObject({ provider: "shopify", status: "past_due", readOnly: false, plan: { id: "growth" } });
  });

  it("applies an uninstalled shop's cancellation from the delivery, since Shopify can no longer be asked", async () => {
    const { shop, workspace, connection } = await installedShop("owner");
    shopify.subscriptions.set(shop, [active("Signalboard Growth")]);
    await deliver(shop, delivery("Signalboard Growth", "ACTIVE", "2026-11-02T10:00:00Z"));
    await localJobsSettled();
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    await db.connection.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: connection.id } }, data: { status: "disconnected" } });
    const before = shopify.callsTo(shop).length;

    await deliver(shop, delivery("Signalboard Growth", "CANCELLED", new Date(Date.now() + 1000).toISOString()));
    await localJobsSettled();
    expect(await billingRow(workspace.id)).toMatchObject({ plan: "free", status: "free" });
    expect(shopify.callsTo(shop).length).toBe(before);
  });

  it("bills only the workspace that installed the app, not others connected to the same store", async () => {
    const { shop, workspace } = await installedShop("owner");
    const other = await seedWorkspace((await seedUser()).id);
    await db.connection.create({ data: { workspaceId: other.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: "x", scopes: [] } });
    shopify.subscriptions.set(shop, [active("Signalboard Growth")]);
    await deliver(shop, delivery("Signalboard Growth", "ACTIVE"));
    await localJobsSettled();
    expect(await billingRow(workspace.id)).toMatchObject({ plan: "growth", provider: "shopify" });
    expect(await billingRow(other.id)).toBeNull();
  });
});

describe("the billing routes' tenancy", () => {
  it("reads and changes only the token's own shop", async () => {
    const a = await installedShop("owner", "1");
    const b = await installedShop("owner", "2");
    shopify.subscriptions.set(a.shop, [active("Signalboard Scale")]);
    await confirm(a.shop, a.sub);
    expect(await billingRow(b.workspace.id)).toBeNull();
    expect(shopify.callsTo(b.shop)).toEqual([]);
    expect((await billing(b.shop, b.sub)).body).toMatchObject({ plan: { id: "growth" }, status: "trialing" });

    expect((await subscribe(a.shop, b.sub, { plan: "growth", interval: "monthly" })).status).toBe(401);
    const nowhere = uniqueShop();
    for (const call of [billing(nowhere, "1"), confirm(nowhere, "1"), subscribe(nowhere, "1", { plan: "growth", interval: "monthly" })]) expect((await call).status).toBe(401);
    expect(shopify.callsTo(nowhere)).toEqual([]);
  });
});
