import { appUrl } from "@/lib/email/mailer";
import { AppError } from "@/lib/errors";
import { ensureStripeCustomer, linkCheckoutCustomer } from "./customer";
import { planById, type BillingInterval } from "./plans";
import { stripeClient } from "./stripe";
import { stripeCall, syncWorkspaceBilling } from "./sync";

// Stripe Checkout (subscribe to a plan) and the Customer Portal (change plan, payment method,
// cancel), started by a workspace's owner from its billing page.

type Workspace = { id: string; slug: string; name: string };

const billingPath = (slug: string) => `/w/${slug}/settings/billing`;

const INTERVALS: readonly BillingInterval[] = ["monthly", "yearly"];

/** The Stripe Price of a plan and interval, found by its lookup key (the same code in test and live mode). */
export async function priceIdFor(lookupKey: string): Promise<string> {
  const prices = await stripeCall("prices.list", () => stripeClient().prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 }));
  const price = prices.data[0];
  if (!price) throw new AppError("conflict", `No active Stripe Price has the lookup key "${lookupKey}"; create one in the Stripe dashboard.`);
  return price.id;
}

/** A Checkout Session for a paid plan; returns the URL to send the owner to. */
export async function startCheckout(workspace: Workspace, input: { plan: unknown; interval: unknown }): Promise<string> {
  const plan = planById(input.plan);
  const interval = INTERVALS.find((i) => i === input.interval);
  if (!interval) throw AppError.field("interval", "Choose monthly or yearly billing.");
  const lookupKey = plan.lookupKeys[interval];
  if (!lookupKey) throw AppError.field("plan", `${plan.name} is not a paid plan.`);
  const [customer, price] = await Promise.all([ensureStripeCustomer(workspace), priceIdFor(lookupKey)]);
  const automaticTax = process.env.STRIPE_AUTOMATIC_TAX === "1";
  const session = await stripeCall("checkout.sessions.create", () =>
    stripeClient().checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: workspace.id,
      metadata: { workspace_id: workspace.id },
      subscription_data: { metadata: { workspace_id: workspace.id } },
      line_items: [{ price, quantity: 1 }],
      success_url: `${appUrl(billingPath(workspace.slug))}?checkout={CHECKOUT_SESSION_ID}`,
      cancel_url: appUrl(billingPath(workspace.slug)),
      ...(automaticTax ? { automatic_tax: { enabled: true }, customer_update: { address: "auto" as const, name: "auto" as const } } : {}),
    }),
  );
  if (!session.url) throw new AppError("conflict", "Stripe did not return a Checkout address; try again.");
  return session.url;
}

/** A Customer Portal session for the workspace's customer; returns its URL. */
export async function openPortal(workspace: Workspace, customerId: string | null): Promise<string> {
  if (!customerId) throw new AppError("conflict", "This workspace has no Stripe customer yet: choose a plan first.");
  const session = await stripeCall("billingPortal.sessions.create", () =>
    stripeClient().billingPortal.sessions.create({ customer: customerId, return_url: appUrl(billingPath(workspace.slug)) }),
  );
  return session.url;
}

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/**
 * Back from Checkout: applies the session's subscription at once rather than waiting for its
 * webhook. A session of another workspace, or none at all, is a 404.
 */
export async function completeCheckoutReturn(workspace: Workspace, sessionId: unknown): Promise<void> {
  const missing = () => new AppError("not_found", "No such Checkout session for this workspace.");
  if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) throw missing();
  let session;
  try {
    session = await stripeClient().checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if ((error as { code?: string }).code === "resource_missing") throw missing();
    throw error;
  }
  if (session.client_reference_id !== workspace.id) throw missing();
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  const subscription = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (!customer || !subscription) return;
  if ((await linkCheckoutCustomer(workspace.id, customer)) !== "linked") throw missing();
  await syncWorkspaceBilling(workspace.id, { subscriptionId: subscription });
}
