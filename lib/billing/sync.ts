import Stripe from "stripe";
import { applySubscription, type ApplyOutcome } from "./apply";
import { enforceConnectionLimits } from "./connection-limits";
import { logBillingEvent } from "./log";
import { storedBilling } from "./state";
import { stripeClient } from "./stripe";
import { snapshotOf, type SubscriptionSnapshot } from "./subscription";

// Re-reads a workspace's subscription from Stripe and applies its current state: what every
// webhook event leads to, and what `billing:sync` runs by hand.

/** A Stripe call that failed after the client's own retries; the message is Stripe's, never a key. */
export class StripeCallError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Stripe.errors.StripeError ? `${cause.rawType ?? cause.type}${cause.statusCode ? ` ${cause.statusCode}` : ""}: ${cause.message}` : String(cause);
    super(`Stripe ${operation} failed: ${detail}`.slice(0, 500));
    this.name = "StripeCallError";
  }
}

const missing = (error: unknown) => error instanceof Stripe.errors.StripeError && error.code === "resource_missing";

/** Runs one Stripe call; a failure left after the client's retries becomes a StripeCallError. */
export async function stripeCall<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StripeCallError(operation, error);
  }
}

/** The subscription as Stripe has it now; null when Stripe does not know it. */
export async function fetchSubscription(subscriptionId: string): Promise<SubscriptionSnapshot | null> {
  const readAt = new Date();
  try {
    return snapshotOf(await stripeClient().subscriptions.retrieve(subscriptionId), readAt);
  } catch (error) {
    if (missing(error)) return null;
    throw new StripeCallError("subscriptions.retrieve", error);
  }
}

/** The customer's newest subscription, whatever its status. */
export async function latestSubscriptionOf(customerId: string): Promise<SubscriptionSnapshot | null> {
  const readAt = new Date();
  const page = await stripeCall("subscriptions.list", () => stripeClient().subscriptions.list({ customer: customerId, status: "all", limit: 1 }));
  return page.data[0] ? snapshotOf(page.data[0], readAt) : null;
}

export type SyncOutcome = ApplyOutcome | "no_subscription" | "no_workspace";

/**
 * Applies the current state of `subscriptionId` (else the workspace's known subscription, else its
 * customer's newest), then pauses or resumes connections to fit the plan it leaves the workspace on. A failed Stripe call is written to the workspace's billing history and rethrown.
 */
export async function syncWorkspaceBilling(workspaceId: string, options: { subscriptionId?: string | null; stripeEventId?: string | null } = {}): Promise<SyncOutcome> {
  const found = await storedBilling(workspaceId);
  if (!found) return "no_workspace";
  const { stored } = found;
  const subscriptionId = options.subscriptionId ?? stored.stripeSubscriptionId;
  let snapshot: SubscriptionSnapshot | null;
  try {
    if (subscriptionId) snapshot = await fetchSubscription(subscriptionId);
    else if (stored.stripeCustomerId) snapshot = await latestSubscriptionOf(stored.stripeCustomerId);
    else snapshot = null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await logBillingEvent(workspaceId, { kind: "sync_failed", message, stripeEventId: options.stripeEventId });
    throw error;
  }
  if (!snapshot) return "no_subscription";
  const outcome = await applySubscription(workspaceId, snapshot, { stripeEventId: options.stripeEventId });
  // Whatever the outcome: a retried event whose state was applied before a failure here pauses or resumes now.
  await enforceConnectionLimits(workspaceId, new Date(), { stripeEventId: options.stripeEventId });
  return outcome;
}
