import type { ShopifyClient } from "@/lib/connectors/shopify/client";
import { shopAdminClient, type InstalledShop } from "@/lib/embedded/shop-admin";
import { AppError } from "@/lib/errors";
import { billingEnabled } from "./config";
import { logBillingEvent } from "./log";
import { planById, type BillingInterval } from "./plans";
import { billingProviderOf } from "./providers";
import { SHOPIFY_SUBSCRIPTION_NAMES } from "./providers-shopify";
import { createAppSubscription } from "./shopify-graphql";
import { billingOf } from "./state";

// Subscribing an App Store install to a plan through Shopify's Billing API: the owner chooses a
// plan in the embedded app, Shopify's confirmation page (opened at the top level, outside the
// admin's iframe) takes the approval, and Shopify sends the merchant back into the app, whose
// load re-reads the installation's subscriptions (lib/billing/shopify-sync.ts).

const INTERVALS: readonly BillingInterval[] = ["monthly", "yearly"];

/** The app's handle in shopify.app.toml: the admin opens the app under /apps/{handle}. */
export const shopifyAppHandle = () => process.env.SHOPIFY_APP_HANDLE?.trim() || "signalboard";

/** Real charges only in production; development servers and stores get test charges. SHOPIFY_TEST_CHARGES=1 forces them. */
export const shopifyTestCharges = () => process.env.NODE_ENV !== "production" || process.env.SHOPIFY_TEST_CHARGES === "1";

/** Back into the app inside the admin, on its billing view (which confirms the subscription). */
export function shopifyReturnUrl(shop: string): string {
  const store = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${encodeURIComponent(store)}/apps/${encodeURIComponent(shopifyAppHandle())}/billing`;
}

export type ShopifySubscriptionTarget = InstalledShop & { workspace: { id: string; slug: string; name: string } };

/**
 * Creates the app subscription for a plan and interval; the confirmation page's URL. `asStaff` is
 * the Admin API as the person asking (their online token); the shop's offline token otherwise.
 */
export async function startShopifySubscription(
  target: ShopifySubscriptionTarget,
  input: { plan: unknown; interval: unknown },
  asStaff?: () => Promise<ShopifyClient>,
): Promise<{ confirmationUrl: string }> {
  if (!billingEnabled()) throw new AppError("conflict", "Billing is not enabled on this installation: every feature is available without a plan.");
  const plan = planById(input.plan);
  const interval = INTERVALS.find((i) => i === input.interval);
  if (!interval) throw AppError.field("interval", "Choose monthly or yearly billing.");
  const priceCents = plan.shopifyPriceCents?.[interval];
  const name = SHOPIFY_SUBSCRIPTION_NAMES[plan.id];
  if (!priceCents || !name) throw AppError.field("plan", `${plan.name} is not a paid plan.`);

  const provider = await billingProviderOf(target.workspace.id);
  if (provider.id !== "shopify") {
    throw new AppError("conflict", `This workspace is billed through ${provider.label}: change its plan on its billing page in Signalboard (/w/${target.workspace.slug}/settings/billing), so it is not charged twice.`);
  }
  // What is left of the card-less trial carries over; a workspace that had its trial gets none.
  const view = await billingOf(target.workspace.id);
  const trialDays = view.enabled && view.status === "trialing" && view.provider === "none" ? (view.trialDaysLeft ?? 0) : 0;

  const client = asStaff ? await asStaff() : await shopAdminClient(target);
  const created = await createAppSubscription(client, { name, priceCents, interval, returnUrl: shopifyReturnUrl(target.shop), test: shopifyTestCharges(), trialDays });
  await logBillingEvent(target.workspace.id, {
    kind: "subscription",
    message: `Shopify: ${plan.name} (${interval}) requested, waiting for the merchant's approval.`,
    detail: { subscription: created.id, trialDays },
  });
  return { confirmationUrl: created.confirmationUrl };
}
