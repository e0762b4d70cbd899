import { PLANS, type BillingInterval, type PlanId } from "@/lib/billing/plans";
import { billingProviderOf } from "@/lib/billing/providers";
import { startShopifySubscription } from "@/lib/billing/shopify-subscribe";
import { syncShopifyBilling } from "@/lib/billing/shopify-sync";
import { billingOf } from "@/lib/billing/state";
import { db } from "@/lib/db/client";
import { forbidden } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { EmbeddedAuthError } from "./errors";
import type { EmbeddedContext } from "./guard";
import { staffAdminClient } from "./shop-admin";

// The embedded app's billing: which provider bills the shop's workspace, its plan and state, the
// plans Shopify can bill with their prices, and the two steps of subscribing (start, then confirm
// on the way back from Shopify's confirmation page). Owners subscribe; everyone may look.

export type EmbeddedPlanOffer = { id: PlanId; name: string; priceCents: Partial<Record<BillingInterval, number>>; currency: "USD" };

export type EmbeddedBilling =
  | { enabled: false; message: string }
  | {
      enabled: true;
      provider: { id: "stripe" | "shopify"; label: string };
      plan: { id: PlanId; name: string };
      status: string;
      trialDaysLeft: number | null;
      readOnly: boolean;
      /** Owners only; Shopify's confirmation opens at the top level, outside the admin's frame. */
      mayChange: boolean;
      /** Plans this app sells through Shopify; empty when another provider bills the workspace. */
      plans: EmbeddedPlanOffer[];
      message: string;
    };

async function installed(context: EmbeddedContext) {
  const row = await db.embeddedShop.findFirst({ where: { shop: context.shop, workspaceId: context.workspace.id, uninstalledAt: null } });
  if (!row) throw new EmbeddedAuthError("Signalboard is not installed on this shop.");
  return row;
}

export async function embeddedBilling(context: EmbeddedContext): Promise<EmbeddedBilling> {
  const view = await billingOf(context.workspace.id);
  if (!view.enabled) return { enabled: false, message: "Billing is not enabled on this installation: every feature is available without a plan." };
  const provider = await billingProviderOf(context.workspace.id);
  const shopify = provider.id === "shopify";
  const plans = shopify
    ? Object.values(PLANS)
        .filter((p) => p.shopifyPriceCents)
        .map((p) => ({ id: p.id, name: p.name, priceCents: { ...p.shopifyPriceCents }, currency: "USD" as const }))
    : [];
  const message = shopify
    ? "Billed through Shopify: charges appear on the store's Shopify bill."
    : `Billed through ${provider.label}: change the plan on the workspace's billing page in Signalboard.`;
  return {
    enabled: true,
    provider: { id: provider.id, label: provider.label },
    plan: { id: view.plan.id, name: view.plan.name },
    status: view.status,
    trialDaysLeft: view.trialDaysLeft,
    readOnly: view.readOnly,
    mayChange: shopify && can(context.role, "billing.manage"),
    plans,
    message,
  };
}

/** Starts a subscription through Shopify (owners); the confirmation page to open at the top level. */
export async function subscribeThroughShopify(context: EmbeddedContext, input: { plan: unknown; interval: unknown }): Promise<{ confirmationUrl: string }> {
  if (!can(context.role, "billing.manage")) throw forbidden("Only the workspace's owners can change its plan.");
  const row = await installed(context);
  // The subscription is the owner's request: made with their online token, so Shopify applies their
  // permissions (approving app charges) rather than the app's.
  return startShopifySubscription({ ...row, workspace: context.workspace }, input, () => staffAdminClient(context));
}

/** Back from Shopify's confirmation page (or any time): re-reads what Shopify bills and applies it. */
export async function confirmShopifyBilling(context: EmbeddedContext): Promise<EmbeddedBilling> {
  const view = await billingOf(context.workspace.id);
  if (view.enabled && (await billingProviderOf(context.workspace.id)).id === "shopify") await syncShopifyBilling(await installed(context));
  return embeddedBilling(context);
}
