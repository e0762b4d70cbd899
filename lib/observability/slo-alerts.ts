import type { Db } from "@/lib/db/client";
import { appUrl } from "@/lib/email/mailer";
import { logger } from "@/lib/log";
import type { NotificationMessage } from "@/lib/notifications/message";
import { sendNotification } from "@/lib/notifications/send";
import { BURN_POLICIES, firingPolicies, type BurnSeverity, type ObjectiveStatus } from "./slo";
import { sloAlertTargets } from "./slo-alerting";

// Burn alerts: one per objective and policy while it fires. It is announced once when it opens
// and once when it resolves (the first evaluation its windows no longer both burn past the
// rate), through the destinations operators chose; in between only its peak is kept.

const log = logger("service-levels");

export type AlertChange = { objective: string; severity: BurnSeverity; stage: "opened" | "resolved"; alertId: string; burnRate: number };

const percent = (x: number | null, digits = 3) => (x === null ? "no events" : `${(x * 100).toFixed(digits)}%`);
const rate = (x: number | null) => (x === null ? "no events" : `${x.toFixed(1)}x`);

export function burnAlertMessage(status: ObjectiveStatus, severity: BurnSeverity, stage: "opened" | "resolved", burn: number): NotificationMessage {
  const policy = BURN_POLICIES.find((p) => p.severity === severity)!;
  const { objective } = status;
  const resolved = stage === "resolved";
  return {
    title: `${resolved ? "Resolved" : severity === "page" ? "Page" : "Ticket"}: ${objective.label} is ${resolved ? "no longer burning" : "burning"} its error budget`,
    summary: resolved
      ? `The last ${policy.long} and ${policy.short} no longer both spend the budget ${policy.rate}x faster than sustainable.`
      : `The last ${policy.long} spent the budget ${burn.toFixed(1)}x faster than sustainable (alert at ${policy.rate}x, confirmed over ${policy.short}). Objective: ${percent(objective.target, 2)} of ${objective.description} this month.`,
    severity: resolved ? "info" : severity === "page" ? "critical" : "warning",
    sections: [
      {
        type: "rows",
        rows: [
          { label: `Burn rate (${policy.long})`, value: rate(status.burnRates[policy.long]), tone: resolved ? "good" : "bad" },
          { label: `Burn rate (${policy.short})`, value: rate(status.burnRates[policy.short]) },
          { label: "This month", value: percent(status.current) },
          { label: "Error budget remaining", value: `${(status.budgetRemaining * 100).toFixed(1)}%` },
        ],
      },
    ],
    link: { label: "Open the status page", url: appUrl("/admin/status") },
    footer: "What to do: docs/runbook.md, \"A service-level burn alert\".",
  };
}

/** Queues the message for every chosen destination; answers how many took it. Never throws: the alert is recorded either way. */
async function announce(message: NotificationMessage, alertId: string): Promise<number> {
  const targets = await sloAlertTargets();
  if (!targets) {
    log.warn("service-level alert with no destination chosen", { alertId });
    return 0;
  }
  let queued = 0;
  for (const destinationId of targets.destinationIds) {
    try {
      await sendNotification(targets.workspaceId, destinationId, message, { kind: "alert", refId: alertId });
      queued++;
    } catch (error) {
      log.error("could not queue a service-level alert", { alertId, destinationId, error: String(error) });
    }
  }
  return queued;
}

/** Opens, keeps or resolves each objective's alerts from its status now. */
export async function evaluateBurnAlerts(db: Db, statuses: readonly ObjectiveStatus[], now: Date): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  const open = await db.serviceLevelAlert.findMany({ where: { resolvedAt: null } });
  for (const status of statuses) {
    const firing = new Map(firingPolicies(status).map((f) => [f.severity, f.burnRate]));
    for (const { severity } of BURN_POLICIES) {
      const current = open.find((a) => a.objective === status.objective.id && a.severity === severity);
      const burn = firing.get(severity);
      if (burn !== undefined && !current) {
        const alert = await db.serviceLevelAlert.create({ data: { objective: status.objective.id, severity, openedAt: now, burnRate: burn, peakBurnRate: burn } });
        const notified = await announce(burnAlertMessage(status, severity, "opened", burn), alert.id);
        await db.serviceLevelAlert.update({ where: { id: alert.id }, data: { notified } });
        changes.push({ objective: status.objective.id, severity, stage: "opened", alertId: alert.id, burnRate: burn });
      } else if (burn !== undefined && current && burn > current.peakBurnRate) {
        await db.serviceLevelAlert.update({ where: { id: current.id }, data: { peakBurnRate: burn } });
      } else if (burn === undefined && current) {
        await db.serviceLevelAlert.update({ where: { id: current.id }, data: { resolvedAt: now } });
        await announce(burnAlertMessage(status, severity, "resolved", current.peakBurnRate), current.id);
        changes.push({ objective: status.objective.id, severity, stage: "resolved", alertId: current.id, burnRate: current.peakBurnRate });
      }
    }
  }
  return changes;
}

export type FiringAlert = { id: string; objective: string; severity: string; openedAt: Date; burnRate: number; peakBurnRate: number; notified: number };

export async function firingAlerts(db: Db): Promise<FiringAlert[]> {
  return db.serviceLevelAlert.findMany({ where: { resolvedAt: null }, orderBy: [{ openedAt: "asc" }, { id: "asc" }] });
}
