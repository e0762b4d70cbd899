import { db } from "@/lib/db/client";
import type { BillingProvider, BillingStatus, WorkspaceBilling } from "@/lib/db/generated/client";
import { localDate } from "@/lib/time/zone";
import { billingEnabled } from "./config";
import { PLANS, TRIAL_DAYS, TRIAL_PLAN, type Plan, type PlanId } from "./plans";

// What a workspace is entitled to right now, from its stored billing row and the clock: a trial
// that ran out, a grace period that ended or a canceled subscription past its period change what
// the workspace gets without anything being written at that moment.

const DAY_MS = 24 * 60 * 60 * 1000;

export type StoredBilling = Pick<
  WorkspaceBilling,
  "provider" | "plan" | "status" | "trialEndsAt" | "periodEndsAt" | "graceEndsAt" | "cancelAtPeriodEnd" | "stripeCustomerId" | "stripeSubscriptionId" | "subscriptionStateAt" | "compPlan" | "compUntil"
>;

export type BillingView =
  | { enabled: false }
  | {
      enabled: true;
      provider: BillingProvider;
      plan: Plan;
      status: BillingStatus;
      trialEndsAt: Date | null;
      /** Local days of the workspace left in its trial, today included; null when not trialing. */
      trialDaysLeft: number | null;
      periodEndsAt: Date | null;
      graceEndsAt: Date | null;
      /** Past due beyond the grace period: dashboards readable, no edits, syncs paused. */
      readOnly: boolean;
      /** An operator's comped plan: its end, or null when it has none. Undefined: not comped. */
      compedUntil?: Date | null;
    };

/** The row a workspace without one stands for: the trial every new workspace starts with. */
export function trialBilling(workspaceCreatedAt: Date): StoredBilling {
  return {
    provider: "none",
    plan: TRIAL_PLAN,
    status: "trialing",
    trialEndsAt: new Date(workspaceCreatedAt.getTime() + TRIAL_DAYS * DAY_MS),
    periodEndsAt: null,
    graceEndsAt: null,
    cancelAtPeriodEnd: false,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    subscriptionStateAt: null,
    compPlan: null,
    compUntil: null,
  };
}

const planOf = (id: string): Plan => PLANS[id as PlanId] ?? PLANS.free;

/** Whole local days of the workspace from `from` to `to` (today to tomorrow is 1). */
export function localDaysBetween(from: Date, to: Date, timeZone: string): number {
  return Math.round((Date.parse(localDate(to, timeZone)) - Date.parse(localDate(from, timeZone))) / DAY_MS);
}

/** The entitlement a stored row gives at `now`. */
export function viewOf(stored: StoredBilling, timeZone: string, now: Date = new Date()): BillingView {
  const base = {
    enabled: true as const,
    provider: stored.provider,
    trialEndsAt: stored.trialEndsAt,
    periodEndsAt: stored.periodEndsAt,
    graceEndsAt: stored.graceEndsAt,
    trialDaysLeft: null,
    readOnly: false,
  };
  if (stored.compPlan && (!stored.compUntil || now < stored.compUntil)) {
    return { ...base, plan: planOf(stored.compPlan), status: "active", compedUntil: stored.compUntil };
  }
  switch (stored.status) {
    case "trialing": {
      // A trial Stripe runs ends in Stripe (an update follows); our own card-less trial ends here.
      if (stored.trialEndsAt && now >= stored.trialEndsAt && stored.provider === "none") return { ...base, plan: PLANS.free, status: "free" };
      const daysLeft = stored.trialEndsAt ? Math.max(0, localDaysBetween(now, stored.trialEndsAt, timeZone)) : null;
      return { ...base, plan: planOf(stored.plan), status: "trialing", trialDaysLeft: daysLeft };
    }
    case "past_due":
      return { ...base, plan: planOf(stored.plan), status: "past_due", readOnly: !stored.graceEndsAt || now >= stored.graceEndsAt };
    case "canceled":
      // Paid until the period's end, Free after it; the data is kept either way.
      if (stored.periodEndsAt && now < stored.periodEndsAt) return { ...base, plan: planOf(stored.plan), status: "canceled" };
      return { ...base, plan: PLANS.free, status: "free" };
    case "active":
      return { ...base, plan: planOf(stored.plan), status: "active" };
    case "free":
      return { ...base, plan: PLANS.free, status: "free" };
  }
}

/** The stored row, or the trial a workspace without one is on; null for no such workspace. */
export async function storedBilling(workspaceId: string): Promise<{ stored: StoredBilling; timeZone: string; persisted: boolean } | null> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { createdAt: true, timeZone: true } });
  if (!workspace) return null;
  const row = await db.workspaceBilling.findUnique({ where: { workspaceId } });
  return { stored: row ?? trialBilling(workspace.createdAt), timeZone: workspace.timeZone, persisted: row !== null };
}

/** What the workspace is entitled to now. Billing disabled (no STRIPE_SECRET_KEY): `{ enabled: false }`, no limits. */
export async function billingOf(workspaceId: string, now: Date = new Date()): Promise<BillingView> {
  if (!billingEnabled()) return { enabled: false };
  const found = await storedBilling(workspaceId);
  if (!found) return { enabled: false };
  return viewOf(found.stored, found.timeZone, now);
}
