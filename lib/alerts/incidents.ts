import { db } from "@/lib/db/client";
import type { AlertIncident, AlertRule } from "@/lib/db/generated/client";
import { sendNotification } from "@/lib/notifications/send";
import { alertMessage, type AlertFigures, type AlertStage } from "./message";
import { mayNotify, nextStep, type IncidentStep } from "./incident-rule";
import type { IncidentView } from "./views";
import { logger } from "@/lib/log";

const log = logger("alerts");

// Turns each judgement of a rule into the incident's next step (./incident-rule.ts) and sends the
// message that step calls for to the rule's destinations. The rule's row is locked while its
// incident is read and written, so an hourly evaluation and an after-sync one of the same rule
// cannot both open an incident or both send the same message.

export type Judged = {
  subject: string;
  day: string;
  state: "firing" | "quiet" | "insufficient";
  deviation: number;
  /** The figures as stored on the incident (exact report values where there are some). */
  value: string | null;
  baseline: string | null;
  figures: AlertFigures;
};

export type Recorded = { step: IncidentStep; incidentId: string | null; sent: number };

const STAGE_OF: Partial<Record<IncidentStep["action"], AlertStage>> = { open: "opened", announce: "opened", worsen: "worsened", resolve: "resolved" };

export async function recordJudgement(rule: AlertRule, judged: Judged, workspace: { name: string; slug: string }, now: Date): Promise<Recorded> {
  const { workspaceId } = rule;
  const outcome = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM alert_rules WHERE workspace_id = ${workspaceId} AND id = ${rule.id} FOR UPDATE`;
    const open = await tx.alertIncident.findFirst({ where: { workspaceId, ruleId: rule.id, subject: judged.subject, state: "open" }, orderBy: { openedAt: "desc" } });
    const step = nextStep(open, judged.state, judged.deviation, mayNotify(rule, now));
    const figures = { day: judged.day, value: judged.value, baseline: judged.baseline, method: judged.figures.method, summary: judged.figures.summary, lastSeenAt: now };
    const sent = step.action !== "none" && step.notify ? { lastSentAt: now, sentDeviation: judged.deviation, sends: { increment: 1 } } : {};
    let incident: AlertIncident | null = open;
    if (step.action === "open") {
      const first = step.notify ? { lastSentAt: now, sentDeviation: judged.deviation, sends: 1 } : {};
      incident = await tx.alertIncident.create({ data: { workspaceId, ruleId: rule.id, subject: judged.subject, deviation: judged.deviation, openedAt: now, ...figures, ...first } });
    } else if (open && step.action === "resolve") {
      incident = await tx.alertIncident.update({ where: { workspaceId_id: { workspaceId, id: open.id } }, data: { state: "resolved", resolvedAt: now, ...figures, ...sent } });
    } else if (open && step.action !== "none") {
      // Still firing (or not judged): keep the latest figures, but only a firing value moves the deviation.
      const deviation = judged.state === "firing" ? { deviation: judged.deviation } : {};
      incident = await tx.alertIncident.update({ where: { workspaceId_id: { workspaceId, id: open.id } }, data: { ...figures, ...deviation, ...sent } });
    }
    return { step, incident };
  });
  const stage = STAGE_OF[outcome.step.action];
  let sent = 0;
  if (stage && outcome.step.action !== "none" && outcome.step.notify && outcome.incident) {
    const message = alertMessage(workspace, judged.figures, stage);
    for (const destinationId of rule.destinationIds) {
      try {
        await sendNotification(workspaceId, destinationId, message, { kind: "alert", refId: outcome.incident.id });
        sent++;
      } catch (error) {
        // A destination deleted since the rule was saved: the others still hear.
        log.error("destination not notified", { ruleId: rule.id, destinationId, err: error });
      }
    }
  }
  return { step: outcome.step, incidentId: outcome.incident?.id ?? null, sent };
}


export function toIncidentView(row: AlertIncident): IncidentView {
  return {
    id: row.id,
    rule_id: row.ruleId,
    subject: row.subject,
    state: row.state,
    day: row.day,
    value: row.value,
    baseline: row.baseline,
    method: row.method,
    summary: row.summary,
    opened_at: row.openedAt.toISOString(),
    last_seen_at: row.lastSeenAt.toISOString(),
    last_sent_at: row.lastSentAt?.toISOString() ?? null,
    resolved_at: row.resolvedAt?.toISOString() ?? null,
    sends: row.sends,
  };
}

/** Open incidents first, then the most recent; at most `limit`. */
export async function listIncidents(workspaceId: string, filter: { state?: "open" | "resolved"; ruleId?: string; limit?: number } = {}): Promise<IncidentView[]> {
  const rows = await db.alertIncident.findMany({
    where: { workspaceId, ...(filter.state ? { state: filter.state } : {}), ...(filter.ruleId ? { ruleId: filter.ruleId } : {}) },
    orderBy: [{ state: "asc" }, { openedAt: "desc" }],
    take: filter.limit ?? 100,
  });
  return rows.map(toIncidentView);
}
