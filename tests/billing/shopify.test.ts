import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { startCheckoutAction } from "@/app/w/[slug]/settings/billing/actions";
import BillingPage from "@/app/w/[slug]/settings/billing/page";
import { currentUser } from "@/lib/auth/session";
import { applyShopifySubscription, parseAppSubscriptionUpdate, planOfShopifySubscription, statusOfShopifySubscription } from "@/lib/billing/providers-shopify";
import { billingProviderOf, planProviderFor } from "@/lib/billing/providers";
import { billingOf } from "@/lib/billing/state";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppErrorSync, formOf, pageText, unique } from "../helpers";
import { billingRow, historyOf, mockStripe, withBillingEnv } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

withBillingEnv();
const stripe = mockStripe();

/** A workspace installed from the Shopify App Store, signed in as its owner. */
async function installedWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const shop = `${unique("shop")}.myshopify.com`;
  await db.embeddedShop.create({ data: { shop, workspaceId: workspace.id, connectionId: unique("conn") } });
  vi.mocked(currentUser).mockResolvedValue({ id: owner.id, email: owner.email, name: null });
  return { workspace, shop };
}

/** The body Shopify documents for app_subscriptions/update. */
const delivery = (input: { name: string; status: string; updatedAt: string }) => ({
  app_subscription: {
    admin_graphql_api_id: "gid://shopify/AppSubscription/1029266947",
    name: input.name,
    status: input.status,
    admin_graphql_api_shop_id: "gid://shopify/Shop/548380009",
    created_at: "2026-11-01T10:00:00-05:00",
    updated_at: input.updatedAt,
  },
});

const apply = (shop: string, input: { name: string; status: string; updatedAt: string }) => applyShopifySubscription(shop, parseAppSubscriptionUpdate(delivery(input)));

describe("Shopify's plan mapping", () => {
  it("maps app subscriptions to the plan registry and Shopify's statuses to billing states", () => {
    expect(planOfShopifySubscription("Signalboard Scale")).toBe("scale");
    expect(planOfShopifySubscription("Signalboard Growth")).toBe("growth");
    expect(planOfShopifySubscription("Another app's plan")).toBeNull();
    expect(["ACTIVE", "FROZEN", "CANCELLED", "DECLINED", "EXPIRED", "PENDING", "ACCEPTED"].map(statusOfShopifySubscription)).toEqual(["active", "past_due", "free", "free", "free", null, null]);
  });

  it("refuses a body without the documented fields, naming them", () => {
    expect(expectAppErrorSync(() => parseAppSubscriptionUpdate({}), "bad_request").fields).toEqual({ app_subscription: expect.stringContaining("admin_graphql_api_id, name and status") });
    const late = delivery({ name: "Signalboard Scale", status: "ACTIVE", updatedAt: "yesterday" });
    expect(expectAppErrorSync(() => parseAppSubscriptionUpdate(late), "bad_request").fields).toHaveProperty(["app_subscription.updated_at"]);
  });
});

describe("app_subscriptions/update", () => {
  it("puts the shop's workspace on the plan Shopify bills, once, and never back to an older state", async () => {
    const { workspace, shop } = await installedWorkspace();
    expect(await apply(shop, { name: "Signalboard Scale", status: "PENDING", updatedAt: "2026-11-02T10:00:00Z" })).toBe("not_started");
    expect(await apply(shop, { name: "Signalboard Scale", status: "ACTIVE", updatedAt: "2026-11-02T10:05:00Z" })).toBe("applied");
    expect(await billingRow(workspace.id)).toMatchObject({ provider: "shopify", plan: "scale", status: "active" });
    expect(await billingOf(workspace.id)).toMatchObject({ provider: "shopify", plan: { id: "scale" }, status: "active" });

    expect(await apply(shop, { name: "Signalboard Scale", status: "ACTIVE", updatedAt: "2026-11-02T10:05:00Z" })).toBe("unchanged");
    expect(await apply(shop, { name: "Signalboard Scale", status: "PENDING", updatedAt: "2026-11-02T10:01:00Z" })).toBe("not_started");
    expect(await apply(shop, { name: "Signalboard Growth", status: "ACTIVE", updatedAt: "2026-11-02T09:00:00Z" })).toBe("stale");
    expect((await billingRow(workspace.id)).plan).toBe("scale");

    expect(await apply(shop, { name: "Signalboard Scale", status: "CANCELLED", updatedAt: "2026-11-20T10:00:00Z" })).toBe("applied");
    expect(await billingOf(workspace.id)).toMatchObject({ plan: { id: "free" }, status: "free" });
    expect((await historyOf(workspace.id)).map((e) => e.message)).toEqual(["Shopify: Scale (active).", "Shopify: Free (cancelled)."]);
  });

  it("gives a frozen shop the same grace period as a failed card", async () => {
    const { workspace, shop } = await installedWorkspace();
    await apply(shop, { name: "Signalboard Growth", status: "ACTIVE", updatedAt: "2026-11-02T10:00:00Z" });
    await apply(shop, { name: "Signalboard Growth", status: "FROZEN", updatedAt: "2026-11-03T10:00:00Z" });
    const { graceEndsAt } = await billingRow(workspace.id);
    expect(graceEndsAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(await billingOf(workspace.id)).toMatchObject({ status: "past_due", readOnly: false });
  });

  it("ignores a shop no workspace installed, and a subscription naming no plan", async () => {
    expect(await apply("nobody.myshopify.com", { name: "Signalboard Scale", status: "ACTIVE", updatedAt: "2026-11-02T10:00:00Z" })).toBe("unknown_shop");
    const { workspace, shop } = await installedWorkspace();
    expect(await apply(shop, { name: "Pro", status: "ACTIVE", updatedAt: "2026-11-02T10:00:00Z" })).toBe("unknown_plan");
    expect(await db.workspaceBilling.findUnique({ where: { workspaceId: workspace.id } })).toBeNull();
  });
});

describe("the billing page of a workspace Shopify bills", () => {
  it("says Shopify bills it, offers no Stripe Checkout, and refuses one", async () => {
    const { workspace, shop } = await installedWorkspace();
    await apply(shop, { name: "Signalboard Growth", status: "ACTIVE", updatedAt: "2026-11-02T10:00:00Z" });
    const text = pageText(renderToStaticMarkup(await BillingPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) })));
    expect(text).toMatch(/Billed through\s*Shopify/);
    expect(text).toContain("change or cancel its plan from the Signalboard app in your Shopify admin");
    expect(text).not.toContain("Choose a plan");
    expect(text).not.toContain("Invoices");

    const refused = await startCheckoutAction(null, formOf({ slug: workspace.slug, plan: "scale", interval: "monthly" }));
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("billed through Shopify") });
    expect(stripe.calls).toEqual([]);
    expect(planProviderFor("none").id).toBe("stripe");
  });

  it("is Shopify's to bill from the install on, before any subscription, and Stripe's again after an uninstall", async () => {
    const { workspace, shop } = await installedWorkspace();
    const text = pageText(renderToStaticMarkup(await BillingPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) })));
    expect(text).toMatch(/Billed through\s*Shopify/);
    expect(text).not.toContain("Choose a plan");
    const refused = await startCheckoutAction(null, formOf({ slug: workspace.slug, plan: "growth", interval: "monthly" }));
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("billed through Shopify") });
    expect((await billingProviderOf(workspace.id)).id).toBe("shopify");
    expect(stripe.calls).toEqual([]);

    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    expect((await billingProviderOf(workspace.id)).id).toBe("stripe");
  });

  it("stays Stripe's while a Stripe subscription runs, even once the store installs the app", async () => {
    const { workspace } = await installedWorkspace();
    await db.workspaceBilling.create({ data: { workspaceId: workspace.id, provider: "stripe", plan: "growth", status: "active", stripeCustomerId: "cus_x", stripeSubscriptionId: "sub_x" } });
    expect((await billingProviderOf(workspace.id)).id).toBe("stripe");
    await db.workspaceBilling.update({ where: { workspaceId: workspace.id }, data: { status: "free" } });
    expect((await billingProviderOf(workspace.id)).id).toBe("shopify");
  });
});
