import { db } from "@/lib/db/client";
import { logBillingEvent } from "./log";
import { meterTarget } from "./meters";
import { METERED_USAGE, type MeteredUsage } from "./plans";
import { stripeClient } from "./stripe";
import { StripeCallError, stripeCall } from "./sync";
import { usagePeriod } from "./usage";
import { logger } from "@/lib/log";

const log = logger("billing");

// The daily check that Stripe's meters hold what was reported to them: for each metered count of
// the month, the meter's event summary for the workspace's customer against what Signalboard
// recorded as acknowledged. A difference is recorded on the report row, written to the billing
// history and logged as a warning for operators; nothing is sent to correct it automatically,
// since either side may be the wrong one.

/**
 * Meters aggregate asynchronously: a month whose last send is younger than this is left for the
 * next day's check rather than reported as a difference that is only a delay.
 */
export const SETTLE_MS = 15 * 60 * 1000;

const MINUTE_MS = 60_000;

export type ReconcileOutcome =
  | { metric: MeteredUsage; month: string; status: "matched" | "mismatch"; reported: bigint; stripe: bigint }
  | { metric: MeteredUsage; month: string; status: "settling" | "nothing_reported" }
  | { metric: MeteredUsage; status: "no_meter"; eventName: string }
  | { metric: MeteredUsage; status: "failed"; error: string };

/** Active meters by event name (ids differ between test and live mode; event names do not). */
export type MeterIds = Map<string, string>;

export async function activeMeters(): Promise<[eventName: string, meterId: string][]> {
  const meters = await stripeCall("billing.meters.list", () => stripeClient().billing.meters.list({ status: "active", limit: 100 }).autoPagingToArray({ limit: 1000 }));
  return meters.map((m) => [m.event_name, m.id]);
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const ceilMinute = (date: Date) => new Date(Math.ceil(date.getTime() / MINUTE_MS) * MINUTE_MS);

/** Compares this month's meters with what was reported for the workspace. */
export async function reconcileMeteredUsage(workspaceId: string, meters: MeterIds, now: Date = new Date()): Promise<ReconcileOutcome[]> {
  const target = await meterTarget(workspaceId, now);
  if (!target) return [];
  const period = usagePeriod(now, target.timeZone);
  const month = new Date(`${period.month}T00:00:00Z`);
  const outcomes: ReconcileOutcome[] = [];
  for (const metric of METERED_USAGE) {
    const eventName = target.plan.meterEvents?.[metric];
    if (!eventName) continue;
    const row = await db.billingMeterReport.findUnique({ where: { workspaceId_metric_month: { workspaceId, metric, month } } });
    if (!row || row.reported === 0n) {
      outcomes.push({ metric, month: period.month, status: "nothing_reported" });
      continue;
    }
    if (row.pendingTotal !== null || (row.reportedAt && now.getTime() - row.reportedAt.getTime() < SETTLE_MS)) {
      outcomes.push({ metric, month: period.month, status: "settling" });
      continue;
    }
    const meterId = meters.get(eventName);
    if (!meterId) {
      log.warn("no active Stripe meter has the event name; usage cannot be reconciled", { workspaceId, eventName, metric });
      outcomes.push({ metric, status: "no_meter", eventName });
      continue;
    }
    let stripeTotal: bigint;
    try {
      const summaries = await stripeCall("billing.meters.listEventSummaries", () =>
        stripeClient().billing.meters.listEventSummaries(meterId, { customer: target.customerId, start_time: seconds(period.start), end_time: seconds(ceilMinute(new Date(now.getTime() + 1))) }),
      );
      // Without a grouping window Stripe answers one summary for the range; summed all the same.
      stripeTotal = summaries.data.reduce((sum, s) => sum + BigInt(Math.round(s.aggregated_value)), 0n);
    } catch (error) {
      if (!(error instanceof StripeCallError)) throw error;
      await logBillingEvent(workspaceId, { kind: "meter_failed", message: `The ${metric} meter could not be read for ${period.month}; checked again tomorrow. ${error.message}`, detail: { metric, month: period.month } });
      outcomes.push({ metric, status: "failed", error: error.message });
      continue;
    }
    await db.billingMeterReport.update({ where: { workspaceId_metric_month: { workspaceId, metric, month } }, data: { stripeTotal, reconciledAt: now } });
    if (stripeTotal !== row.reported) {
      const message = `Stripe's ${metric} meter holds ${stripeTotal} for ${period.month}; ${row.reported} was reported.`;
      log.warn("meter mismatch", { workspaceId, metric, month: period.month, reported: row.reported.toString(), stripe: stripeTotal.toString() });
      await logBillingEvent(workspaceId, { kind: "meter_mismatch", message, detail: { metric, month: period.month, reported: row.reported.toString(), stripe: stripeTotal.toString(), meter: meterId } });
      outcomes.push({ metric, month: period.month, status: "mismatch", reported: row.reported, stripe: stripeTotal });
    } else {
      outcomes.push({ metric, month: period.month, status: "matched", reported: row.reported, stripe: stripeTotal });
    }
  }
  return outcomes;
}
