import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { openPortalAction, startCheckoutAction } from "@/app/w/[slug]/settings/billing/actions";
import BillingPage from "@/app/w/[slug]/settings/billing/page";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { formOf as form, pageText } from "../helpers";
import { billingRow, mockStripe, withBillingEnv } from "./support";

// The session is the only thing faked: pages and actions run the real workspace guard on it.
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

withBillingEnv();
const stripe = mockStripe();

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

/** What redirect() and notFound() throw carry their target in the digest. */
const thrown = (promise: Promise<unknown>) => promise.then(() => "", (e: { digest?: string }) => e.digest ?? String(e));

async function ownedWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  signIn(owner);
  return { owner, workspace };
}

const render = async (slug: string, searchParams: Record<string, string> = {}) =>
  pageText(renderToStaticMarkup(await BillingPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(searchParams) })));

describe("/w/{slug}/settings/billing", () => {
  it("shows a new workspace's owner the Growth trial and its days left", async () => {
    const { workspace } = await ownedWorkspace();
    const text = await render(workspace.slug);
    expect(text).toContain("Growth");
    expect(text).toContain("14 days left in the Growth trial");
    expect(text).toContain("Choose a plan");
  });

  it("answers 403 to an admin, and 404 to someone outside the workspace", async () => {
    const { workspace } = await ownedWorkspace();
    const admin = await seedUser();
    await seedMembership(workspace.id, admin.id, "admin");
    signIn(admin);
    // What next.config's experimental.authInterrupts sets in the app, so forbidden() answers 403.
    vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
    expect(await thrown(render(workspace.slug))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;403/);
    const refused = { ok: false, error: "Your role does not allow this." };
    expect(await startCheckoutAction(null, form({ slug: workspace.slug, plan: "growth", interval: "monthly" }))).toMatchObject(refused);
    expect(await openPortalAction(null, form({ slug: workspace.slug }))).toMatchObject(refused);
    expect(stripe.calls).toEqual([]);

    const stranger = await seedUser();
    signIn(stranger);
    expect(await thrown(render(workspace.slug))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("says billing is not enabled without STRIPE_SECRET_KEY", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const { workspace } = await ownedWorkspace();
    expect(await render(workspace.slug)).toContain("Billing is not enabled on this installation");
  });
});

describe("Checkout", () => {
  it("creates the workspace's customer once and sends the owner to a subscription Checkout naming the workspace", async () => {
    const { workspace } = await ownedWorkspace();
    const digest = await thrown(startCheckoutAction(null, form({ slug: workspace.slug, plan: "scale", interval: "yearly" })));
    expect(digest).toMatch(/^NEXT_REDIRECT;[a-z]+;https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    const session = stripe.posts.find((p) => p.path === "/v1/checkout/sessions")!.body;
    const customer = (await billingRow(workspace.id)).stripeCustomerId;
    expect(Object.fromEntries(session)).toMatchObject({
      mode: "subscription",
      customer,
      client_reference_id: workspace.id,
      "metadata[workspace_id]": workspace.id,
      "line_items[0][price]": "price_signalboard_scale_yearly",
    });
    expect(session.get("success_url")).toContain(`/w/${workspace.slug}/settings/billing?checkout={CHECKOUT_SESSION_ID}`);

    await thrown(startCheckoutAction(null, form({ slug: workspace.slug, plan: "growth", interval: "monthly" })));
    const customers = stripe.posts.filter((p) => p.path === "/v1/customers");
    expect(customers).toHaveLength(1);
    expect(customers[0]!.idempotencyKey).toBe(`signalboard-customer-${workspace.id}`);
  });

  it("refuses a plan that does not exist or is not paid, naming the field, before calling Stripe", async () => {
    const { workspace } = await ownedWorkspace();
    expect(await startCheckoutAction(null, form({ slug: workspace.slug, plan: "platinum", interval: "monthly" }))).toMatchObject({ ok: false, fields: { plan: expect.any(String) } });
    expect(await startCheckoutAction(null, form({ slug: workspace.slug, plan: "free", interval: "monthly" }))).toMatchObject({ ok: false, fields: { plan: expect.any(String) } });
    expect(await startCheckoutAction(null, form({ slug: workspace.slug, plan: "growth", interval: "weekly" }))).toMatchObject({ ok: false, fields: { interval: expect.any(String) } });
    expect(stripe.calls).toEqual([]);
  });

  it("applies the subscription on return, and answers 404 to a session of another workspace", async () => {
    const { workspace } = await ownedWorkspace();
    const digest = await thrown(startCheckoutAction(null, form({ slug: workspace.slug, plan: "scale", interval: "monthly" })));
    const sessionId = digest.match(/\/pay\/(cs_test_\w+)/)![1]!;
    const { stripeCustomerId } = await billingRow(workspace.id);
    stripe.complete(sessionId, { id: "sub_return_test", customer: stripeCustomerId!, status: "active", lookupKey: "signalboard_scale_monthly" });

    const text = await render(workspace.slug, { checkout: sessionId });
    expect(text).toContain("Open the billing portal");
    expect(await billingRow(workspace.id)).toMatchObject({ plan: "scale", status: "active", stripeSubscriptionId: "sub_return_test" });

    const other = await ownedWorkspace();
    expect(await thrown(render(other.workspace.slug, { checkout: sessionId }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await thrown(render(other.workspace.slug, { checkout: "not-a-session" }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await db.workspaceBilling.findUnique({ where: { workspaceId: other.workspace.id } })).toBeNull();
  });

  it("opens the Customer Portal for a subscribed workspace, returning to its billing page", async () => {
    const { workspace } = await ownedWorkspace();
    expect(await openPortalAction(null, form({ slug: workspace.slug }))).toMatchObject({ ok: false, error: expect.stringContaining("choose a plan first") });
    await thrown(startCheckoutAction(null, form({ slug: workspace.slug, plan: "growth", interval: "monthly" })));
    const digest = await thrown(openPortalAction(null, form({ slug: workspace.slug })));
    expect(digest).toMatch(/^NEXT_REDIRECT;[a-z]+;https:\/\/billing\.stripe\.com\/p\/session\//);
    const portal = stripe.posts.find((p) => p.path === "/v1/billing_portal/sessions")!.body;
    expect(portal.get("customer")).toBe((await billingRow(workspace.id)).stripeCustomerId);
    expect(portal.get("return_url")).toMatch(new RegExp(`/w/${workspace.slug}/settings/billing$`));
  });
});
