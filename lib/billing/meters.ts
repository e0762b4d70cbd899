import { db } from "@/lib/db/client";
import { logBillingEvent } from "./log";
import { METERED_USAGE, PLANS, type MeteredUsage, type Plan } from "./plans";
import { storedBilling, viewOf } from "./state";
import { stripeClient } from "./stripe";
import { StripeCallError, stripeCall } from "./sync";
import { ordersProcessedIn, trackedEventsIn, usagePeriod, type UsagePeriod } from "./usage";

// Usage pricing: tracked events and orders processed, counted from the rows usage.ts reads, sent to
// Stripe Billing Meters as meter events. Only the increment since the last acknowledged report is
// sent; the send is recorded before it goes, so a retry repeats it with the same identifier (Stripe
// drops an identifier it has seen) instead of counting it twice.

const DAY_MS = 86_400_000;

/** After a month ends, its last increments are still sent for this long (Stripe takes events up to 35 days old). */
export const LATE_REPORT_MS = 3 * DAY_MS;

export type MeterTarget = { workspaceId: string; customerId: string; plan: Plan; timeZone: string };

export type MeterOutcome = { metric: MeteredUsage; month: string; sent: bigint; reported: bigint } | { metric: MeteredUsage; month: string; error: string };

const COUNTERS: Record<MeteredUsage, (workspaceId: string, period: UsagePeriod) => Promise<number>> = {
  trackedEvents: trackedEventsIn,
  orders: ordersProcessedIn,
};

const monthKey = (period: UsagePeriod) => new Date(`${period.month}T00:00:00Z`);
const key = (workspaceId: string, metric: MeteredUsage, period: UsagePeriod) => ({ workspaceId_metric_month: { workspaceId, metric, month: monthKey(period) } });

/** The workspace's metered plan and Stripe customer, or null when nothing of it is metered now. */
export async function meterTarget(workspaceId: string, now: Date = new Date()): Promise<MeterTarget | null> {
  const found = await storedBilling(workspaceId);
  if (!found?.stored.stripeCustomerId || found.stored.provider !== "stripe") return null;
  const view = viewOf(found.stored, found.timeZone, now);
  if (!view.enabled || !view.plan.meterEvents || view.compedUntil !== undefined) return null;
  return { workspaceId, customerId: found.stored.stripeCustomerId, plan: view.plan, timeZone: found.timeZone };
}

/** Workspaces billed by Stripe whose stored plan is metered: the candidates of a reporting pass. */
export async function meteredWorkspaces(): Promise<string[]> {
  const metered = Object.values(PLANS).filter((p) => p.meterEvents).map((p) => p.id);
  const rows = await db.workspaceBilling.findMany({
    where: { provider: "stripe", stripeCustomerId: { not: null }, OR: [{ plan: { in: metered } }, { compPlan: { in: metered } }] },
    select: { workspaceId: true },
  });
  return rows.map((r) => r.workspaceId);
}

async function sendMeterEvent(eventName: string, customerId: string, value: bigint, identifier: string, at: Date): Promise<void> {
  await stripeCall("billing.meterEvents.create", () =>
    stripeClient().billing.meterEvents.create({
      event_name: eventName,
      payload: { stripe_customer_id: customerId, value: value.toString() },
      identifier,
      timestamp: Math.floor(at.getTime() / 1000),
    }),
  );
}

/** Brings one metered count of one month up to date in Stripe; returns what was sent. */
async function reportMonth(target: MeterTarget, metric: MeteredUsage, eventName: string, period: UsagePeriod, now: Date): Promise<MeterOutcome> {
  const where = key(target.workspaceId, metric, period);
  const row = await db.billingMeterReport.upsert({ where, create: { workspaceId: target.workspaceId, metric, month: monthKey(period) }, update: {} });
  // Events of a month that has ended are stamped inside it, so they land in its billing period.
  const at = now < period.end ? now : new Date(period.end.getTime() - 1000);
  let reported = row.reported;
  let sent = 0n;
  try {
    if (row.pendingTotal !== null && row.pendingIdentifier) {
      // A send whose answer was lost: repeated as it was, so Stripe counts it once.
      if (row.pendingTotal > reported) {
        await sendMeterEvent(eventName, target.customerId, row.pendingTotal - reported, row.pendingIdentifier, at);
        sent += row.pendingTotal - reported;
        reported = row.pendingTotal;
      }
      await db.billingMeterReport.update({ where, data: { reported, reportedAt: now, pendingTotal: null, pendingIdentifier: null, error: null, failedAt: null } });
    }
    const total = BigInt(await COUNTERS[metric](target.workspaceId, period));
    // A count that went down (an order became a test order) is left to the reconciliation: meters only add.
    if (total > reported) {
      const identifier = `sb-${target.workspaceId}-${metric}-${period.month}-${total}`;
      await db.billingMeterReport.update({ where, data: { pendingTotal: total, pendingIdentifier: identifier } });
      await sendMeterEvent(eventName, target.customerId, total - reported, identifier, at);
      sent += total - reported;
      reported = total;
      await db.billingMeterReport.update({ where, data: { reported, reportedAt: now, pendingTotal: null, pendingIdentifier: null, error: null, failedAt: null } });
    }
    return { metric, month: period.month, sent, reported };
  } catch (error) {
    if (!(error instanceof StripeCallError)) throw error;
    await db.billingMeterReport.update({ where, data: { error: error.message, failedAt: now } });
    await logBillingEvent(target.workspaceId, { kind: "meter_failed", message: `Usage of ${metric} for ${period.month} not reported to Stripe; retried at the next pass. ${error.message}`, detail: { metric, month: period.month } });
    return { metric, month: period.month, error: error.message };
  }
}

/**
 * Reports the workspace's metered usage: this month's, and the month before while its late
 * increments may still arrive. A Stripe failure is recorded on the row and in the billing history,
 * and the next pass sends the same event again.
 */
export async function reportMeteredUsage(workspaceId: string, now: Date = new Date()): Promise<MeterOutcome[]> {
  const target = await meterTarget(workspaceId, now);
  if (!target) return [];
  const current = usagePeriod(now, target.timeZone);
  const periods = now.getTime() - current.start.getTime() < LATE_REPORT_MS ? [usagePeriod(new Date(current.start.getTime() - 1), target.timeZone), current] : [current];
  const outcomes: MeterOutcome[] = [];
  for (const metric of METERED_USAGE) {
    const eventName = target.plan.meterEvents?.[metric];
    if (!eventName) continue;
    for (const period of periods) {
      // The month before is only finished, never started: a workspace metered since this month owes nothing for it.
      if (period !== current && !(await db.billingMeterReport.findUnique({ where: key(workspaceId, metric, period), select: { month: true } }))) continue;
      outcomes.push(await reportMonth(target, metric, eventName, period, now));
    }
  }
  return outcomes;
}
