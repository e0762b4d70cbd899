import { db } from "@/lib/db/client";
import type { BillingStatus } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { lockBilling } from "./apply";
import { enforceConnectionLimits } from "./connection-limits";
import { logBillingEvent } from "./log";
import { PAST_DUE_GRACE_DAYS, PLANS, type PlanId } from "./plans";
import { billingOf } from "./state";
import type { PlanProvider } from "./providers-contract";

// Shopify's side of the plan-provider seam, for workspaces installed from the Shopify App Store:
// Shopify's Billing API bills them (appSubscriptionCreate, the merchant approves on Shopify's
// confirmation page, then app_subscriptions/update tells the app). Here: the mapping from an app
// subscription to the plan registry and applying a state read from Shopify to the workspace of its
// shop. Subscribing runs inside the embedded app, with its shop's token (shopify-subscribe.ts);
// the standalone billing page only says so. Re-reading what Shopify bills is shopify-sync.ts.

/** The app subscription's name for each paid plan: what appSubscriptionCreate is given and the webhook names back. */
export const SHOPIFY_SUBSCRIPTION_NAMES: Readonly<Partial<Record<PlanId, string>>> = {
  growth: "Signalboard Growth",
  scale: "Signalboard Scale",
};

export function planOfShopifySubscription(name: string): PlanId | null {
  const found = (Object.entries(SHOPIFY_SUBSCRIPTION_NAMES) as [PlanId, string][]).find(([, n]) => n === name);
  return found ? found[0] : null;
}

/** Shopify's AppSubscriptionStatus as a billing status; null for a subscription not approved yet. */
export function statusOfShopifySubscription(status: string): BillingStatus | null {
  switch (status.toUpperCase()) {
    case "ACTIVE":
      return "active";
    // The shop's own Shopify bill is unpaid: charges are frozen until it is.
    case "FROZEN":
      return "past_due";
    case "CANCELLED":
    case "DECLINED":
    case "EXPIRED":
      return "free";
    default:
      // PENDING (awaiting the merchant's approval) and the deprecated ACCEPTED grant nothing yet.
      return null;
  }
}

export type AppSubscriptionUpdate = { id: string; name: string; status: string; shopGid: string | null; updatedAt: Date };

/** The documented app_subscriptions/update body: { app_subscription: { admin_graphql_api_id, name, status, admin_graphql_api_shop_id, created_at, updated_at } }. */
export function parseAppSubscriptionUpdate(body: unknown): AppSubscriptionUpdate {
  const subscription = (body as { app_subscription?: Record<string, unknown> } | null)?.app_subscription;
  const text = (key: string) => (typeof subscription?.[key] === "string" ? (subscription[key] as string) : null);
  const id = text("admin_graphql_api_id");
  const name = text("name");
  const status = text("status");
  const updatedAt = new Date(text("updated_at") ?? "");
  if (!id || !name || !status) throw AppError.field("app_subscription", "An app_subscriptions/update body names its subscription's admin_graphql_api_id, name and status.");
  if (Number.isNaN(updatedAt.getTime())) throw AppError.field("app_subscription.updated_at", "updated_at is not a date.");
  return { id, name, status, shopGid: text("admin_graphql_api_shop_id"), updatedAt };
}

export type ShopifyApplyOutcome = "applied" | "unchanged" | "stale" | "unknown_shop" | "unknown_plan" | "not_started";

type ShopifyState = { plan: PlanId; status: BillingStatus; subscriptionId: string | null; said: string; trialEndsAt?: Date | null };

/**
 * Writes one state read from Shopify (a delivery, or the installation's active subscriptions) to
 * the workspace, under its billing lock. A state older than the one applied changes nothing.
 * `onlyIfShopifyBilled`: nothing to end when Shopify never billed the workspace (its own trial stays).
 */
async function applyShopifyState(workspaceId: string, next: ShopifyState, stateAt: Date, onlyIfShopifyBilled = false): Promise<ShopifyApplyOutcome> {
  const outcome = await db.$transaction(async (tx): Promise<ShopifyApplyOutcome> => {
    const current = await lockBilling(tx, workspaceId);
    if (!current) return "unknown_shop";
    if (current.subscriptionStateAt && stateAt < current.subscriptionStateAt) return "stale";
    if (onlyIfShopifyBilled && current.provider !== "shopify") return "unchanged";
    const { plan, status } = next;
    // Frozen like a failed card: the same grace, started by the first delivery and not extended.
    const graceEndsAt = status !== "past_due" ? null : current.status === "past_due" && current.graceEndsAt ? current.graceEndsAt : new Date(Date.now() + PAST_DUE_GRACE_DAYS * 86_400_000);
    await tx.workspaceBilling.update({
      where: { workspaceId },
      data: { provider: "shopify", plan, status, trialEndsAt: next.trialEndsAt ?? null, periodEndsAt: null, graceEndsAt, subscriptionStateAt: stateAt },
    });
    if (current.provider === "shopify" && current.plan === plan && current.status === status) return "unchanged";
    await logBillingEvent(workspaceId, { kind: "subscription", message: `Shopify: ${PLANS[plan].name} (${next.said}).`, detail: { subscription: next.subscriptionId, from: { plan: current.plan, status: current.status }, to: { plan, status } } }, tx);
    return "applied";
  });
  if (outcome === "applied" || outcome === "unchanged") await enforceConnectionLimits(workspaceId);
  return outcome;
}

/**
 * Applies an app subscription's state, as one delivery told it, to the workspace its shop
 * installed. Deliveries may come late or twice: one older than the state already applied changes
 * nothing. Used where Shopify cannot be asked again (the shop has uninstalled the app).
 */
export async function applyShopifySubscription(shop: string, update: AppSubscriptionUpdate): Promise<ShopifyApplyOutcome> {
  const installed = await db.embeddedShop.findUnique({ where: { shop }, select: { workspaceId: true } });
  if (!installed) return "unknown_shop";
  const workspaceId = installed.workspaceId;
  const status = statusOfShopifySubscription(update.status);
  if (status === null) return "not_started";
  const plan = status === "free" ? PLANS.free.id : planOfShopifySubscription(update.name);
  if (!plan) {
    await logBillingEvent(workspaceId, { kind: "subscription", message: `Shopify subscription "${update.name.slice(0, 80)}" names no plan of this installation; nothing changed.` });
    return "unknown_plan";
  }
  return applyShopifyState(workspaceId, { plan, status, subscriptionId: update.id, said: update.status.toLowerCase() }, update.updatedAt);
}

/** currentAppInstallation.activeSubscriptions, as lib/billing/shopify-graphql.ts reads them. */
export type ActiveSubscriptionReading = { id: string; name: string; status: string; trialDays: number; createdAt: string };

/**
 * Applies what Shopify says is billed now, read at `readAt`: the installation's subscription that
 * names a plan (an active one before a frozen one, the newest first). None at all ends what
 * Shopify billed (Free); a workspace Shopify never billed keeps what it has.
 */
export async function applyActiveSubscriptions(workspaceId: string, subscriptions: ActiveSubscriptionReading[], readAt: Date): Promise<ShopifyApplyOutcome> {
  const known = subscriptions
    .map((s) => ({ ...s, plan: planOfShopifySubscription(s.name), billing: statusOfShopifySubscription(s.status) }))
    .filter((s) => s.billing === "active" || s.billing === "past_due")
    .sort((a, b) => (a.billing === b.billing ? Date.parse(b.createdAt) - Date.parse(a.createdAt) : a.billing === "active" ? -1 : 1));
  const chosen = known.find((s) => s.plan !== null);
  if (!chosen) {
    if (known.length > 0) {
      await logBillingEvent(workspaceId, { kind: "subscription", message: `Shopify subscription "${known[0]!.name.slice(0, 80)}" names no plan of this installation; nothing changed.` });
      return "unknown_plan";
    }
    return applyShopifyState(workspaceId, { plan: PLANS.free.id, status: "free", subscriptionId: null, said: "no active subscription" }, readAt, true);
  }
  const trialEnds = Date.parse(chosen.createdAt) + chosen.trialDays * 86_400_000;
  return applyShopifyState(
    workspaceId,
    { plan: chosen.plan!, status: chosen.billing!, subscriptionId: chosen.id, said: chosen.status.toLowerCase(), trialEndsAt: chosen.trialDays > 0 && Number.isFinite(trialEnds) ? new Date(trialEnds) : null },
    readAt,
  );
}

export const shopifyPlanProvider: PlanProvider = {
  id: "shopify",
  label: "Shopify",
  current: (workspaceId, now) => billingOf(workspaceId, now),
  async startUpgrade() {
    throw new AppError("conflict", "This workspace is billed through Shopify: change its plan from the Signalboard app in your Shopify admin.");
  },
  async manageLink() {
    return null;
  },
};
