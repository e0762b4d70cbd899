import { db } from "@/lib/db/client";
import type { BillingProvider } from "@/lib/db/generated/client";
import { openPortal, startCheckout } from "./checkout";
import type { PlanProvider } from "./providers-contract";
import { shopifyPlanProvider } from "./providers-shopify";
import { billingOf, storedBilling } from "./state";

export type { BillableWorkspace, PlanProvider } from "./providers-contract";

// The plan-provider seam: who bills a workspace. Self-serve workspaces pay through Stripe; a
// workspace installed from the Shopify App Store pays through Shopify's Billing API. Both map to
// the same plan registry and the same workspace_billing row, so limits and the billing page do not
// care which one it is.

export const stripePlanProvider: PlanProvider = {
  id: "stripe",
  label: "Stripe",
  current: (workspaceId, now) => billingOf(workspaceId, now),
  startUpgrade: (workspace, input) => startCheckout(workspace, input),
  async manageLink(workspace) {
    const found = await storedBilling(workspace.id);
    // Without a customer openPortal refuses, saying to choose a plan first.
    return openPortal(workspace, found?.stored.stripeCustomerId ?? null);
  },
};

/** The provider that bills a workspace: Shopify for App Store installs, else Stripe (a workspace nobody bills yet subscribes through Stripe). */
export function planProviderFor(provider: BillingProvider): PlanProvider {
  return provider === "shopify" ? shopifyPlanProvider : stripePlanProvider;
}

/**
 * Who bills the workspace now: the provider of a subscription still running (not ended on Free);
 * else Shopify for a shop installed from the App Store (apps sold there charge through Shopify);
 * else Stripe. So a workspace never pays twice: the other provider's upgrade is refused (409).
 */
export async function billingProviderOf(workspaceId: string): Promise<PlanProvider> {
  const found = await storedBilling(workspaceId);
  const stored = found?.persisted ? found.stored : null;
  if (stored && stored.provider !== "none" && stored.status !== "free") return planProviderFor(stored.provider);
  const installed = await db.embeddedShop.findFirst({ where: { workspaceId, uninstalledAt: null }, select: { shop: true } });
  return installed ? shopifyPlanProvider : stripePlanProvider;
}
