import { db } from "@/lib/db/client";
import type { BillingStatus, Prisma } from "@/lib/db/generated/client";
import { logBillingEvent } from "./log";
import { PAST_DUE_GRACE_DAYS, PLANS, type PlanId } from "./plans";
import { trialBilling, type StoredBilling } from "./state";
import type { SubscriptionSnapshot } from "./subscription";

// Applies a subscription's current state, read from Stripe, to its workspace. Events arrive late,
// twice or out of order; the state read last from Stripe wins and an older read changes nothing.

const DAY_MS = 24 * 60 * 60 * 1000;

export type ApplyOutcome =
  /** The workspace's plan or status changed (and the change is in its billing history). */
  | "applied"
  /** Already in this state (a replay, or an event about something else). */
  | "unchanged"
  /** A state read before the one already applied. */
  | "stale"
  /** The end of a subscription the workspace has since replaced. */
  | "other_subscription"
  /** Its Price has a lookup key the plan registry does not know. */
  | "unknown_price"
  /** Checkout not finished (incomplete): nothing is granted until it is. */
  | "not_started";

type Next = Pick<StoredBilling, "plan" | "status" | "trialEndsAt" | "periodEndsAt" | "graceEndsAt" | "cancelAtPeriodEnd">;

/** The state a subscription puts the workspace in, given the state it is in. */
function nextState(current: StoredBilling, snapshot: SubscriptionSnapshot & { plan: PlanId }, now: Date): Next | "not_started" {
  const kept = { plan: snapshot.plan, trialEndsAt: snapshot.trialEndsAt, periodEndsAt: snapshot.periodEndsAt, graceEndsAt: null, cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd };
  switch (snapshot.status) {
    case "trialing":
      return { ...kept, status: "trialing" };
    case "active":
      return { ...kept, status: "active" };
    case "past_due":
    case "unpaid": {
      // The grace period starts with the first failure and is not extended by later ones.
      const graceEndsAt = current.status === "past_due" && current.graceEndsAt ? current.graceEndsAt : new Date(now.getTime() + PAST_DUE_GRACE_DAYS * DAY_MS);
      return { ...kept, status: "past_due", graceEndsAt };
    }
    case "canceled":
    case "incomplete_expired":
      return { ...kept, status: "canceled", cancelAtPeriodEnd: false, periodEndsAt: snapshot.periodEndsAt ?? snapshot.endedAt ?? now };
    case "paused":
      return { ...kept, plan: PLANS.free.id, status: "free", cancelAtPeriodEnd: false };
    case "incomplete":
      return "not_started";
    default:
      return "not_started";
  }
}

const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const changed = (a: Next, b: Next) =>
  a.plan !== b.plan || a.status !== b.status || a.cancelAtPeriodEnd !== b.cancelAtPeriodEnd || !same(a.trialEndsAt, b.trialEndsAt) || !same(a.periodEndsAt, b.periodEndsAt) || !same(a.graceEndsAt, b.graceEndsAt);

const describe = (s: { plan: string; status: BillingStatus }) => `${PLANS[s.plan as PlanId]?.name ?? s.plan} (${s.status.replace("_", " ")})`;

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "the period's end");

function messageOf(current: Next, next: Next): string {
  if (current.status !== next.status || current.plan !== next.plan) return `${describe(current)} → ${describe(next)}`;
  if (next.cancelAtPeriodEnd && !current.cancelAtPeriodEnd) return `${describe(next)}: canceled at the period's end (${day(next.periodEndsAt)}), then Free.`;
  if (!next.cancelAtPeriodEnd && current.cancelAtPeriodEnd) return `${describe(next)}: the cancellation was withdrawn.`;
  return `${describe(next)}: dates updated`;
}

/** Locks the workspace's billing row, creating it from the trial it stands for when missing. */
export async function lockBilling(tx: Prisma.TransactionClient, workspaceId: string): Promise<StoredBilling | null> {
  const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { createdAt: true } });
  if (!workspace) return null;
  await tx.workspaceBilling.createMany({ data: [{ workspaceId, ...trialBilling(workspace.createdAt) }], skipDuplicates: true });
  await tx.$queryRaw`SELECT 1 FROM workspace_billing WHERE workspace_id = ${workspaceId} FOR UPDATE`;
  return tx.workspaceBilling.findUnique({ where: { workspaceId } });
}

export async function applySubscription(
  workspaceId: string,
  snapshot: SubscriptionSnapshot,
  source: { stripeEventId?: string | null } = {},
  now: Date = new Date(),
): Promise<ApplyOutcome> {
  return db.$transaction(async (tx) => {
    const current = await lockBilling(tx, workspaceId);
    if (!current) return "unchanged";
    if (current.subscriptionStateAt && snapshot.readAt < current.subscriptionStateAt) return "stale";
    const ended = snapshot.status === "canceled" || snapshot.status === "incomplete_expired";
    if (ended && current.stripeSubscriptionId && current.stripeSubscriptionId !== snapshot.id) return "other_subscription";
    if (snapshot.plan === null) {
      await logBillingEvent(workspaceId, { kind: "subscription", message: `Subscription ${snapshot.id} has a price this installation does not know (lookup key ${snapshot.lookupKey ?? "none"}); nothing changed.`, stripeEventId: source.stripeEventId }, tx);
      return "unknown_price";
    }
    const next = nextState(current, { ...snapshot, plan: snapshot.plan }, now);
    if (next === "not_started") return "not_started";

    await tx.workspaceBilling.update({
      where: { workspaceId },
      data: { ...next, provider: "stripe", stripeCustomerId: snapshot.customerId, stripeSubscriptionId: snapshot.id, subscriptionStateAt: snapshot.readAt },
    });
    if (!changed(current, next)) return "unchanged";
    const message = messageOf(current, next);
    await logBillingEvent(
      workspaceId,
      {
        kind: "subscription",
        message,
        stripeEventId: source.stripeEventId,
        detail: { subscription: snapshot.id, from: { plan: current.plan, status: current.status }, to: { plan: next.plan, status: next.status }, cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd },
      },
      tx,
    );
    return "applied";
  });
}
