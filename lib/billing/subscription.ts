import type Stripe from "stripe";
import { planOfLookupKey, type PlanId } from "./plans";

// What Signalboard needs of a Stripe subscription, read from Stripe itself (never from an event's
// copy, which may be older than another event already applied).

export type SubscriptionSnapshot = {
  id: string;
  customerId: string;
  status: Stripe.Subscription.Status;
  /** Null: its Price has a lookup key this registry does not know. */
  plan: PlanId | null;
  lookupKey: string | null;
  trialEndsAt: Date | null;
  /** The latest period end of its items (since API 2025-03 periods belong to items). */
  periodEndsAt: Date | null;
  endedAt: Date | null;
  cancelAtPeriodEnd: boolean;
  /** When it was read: a state read earlier never overwrites one read later. */
  readAt: Date;
};

const date = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

export function snapshotOf(subscription: Stripe.Subscription, readAt: Date): SubscriptionSnapshot {
  const items = subscription.items?.data ?? [];
  const lookupKey = items.map((i) => i.price?.lookup_key).find((k): k is string => Boolean(k)) ?? null;
  const periodEnds = items.map((i) => i.current_period_end).filter((s): s is number => typeof s === "number");
  return {
    id: subscription.id,
    customerId: typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id,
    status: subscription.status,
    plan: planOfLookupKey(lookupKey)?.plan.id ?? null,
    lookupKey,
    trialEndsAt: date(subscription.trial_end),
    periodEndsAt: periodEnds.length ? date(Math.max(...periodEnds)) : null,
    endedAt: date(subscription.ended_at),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    readAt,
  };
}
