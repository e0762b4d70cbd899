import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AuditChanges } from "@/lib/audit/changes";
import { recordedActor } from "@/lib/audit/record";
import { AUDIT_RETENTION_DAYS } from "@/lib/audit/retention";
import type { AuditActor } from "@/lib/log/context";

// The installation's own trail: what operators did that belongs to no one workspace. Like the
// workspace trail it never holds a secret or personal data (a user is named by id), and its
// client address is a keyed hash.

export const OPERATOR_ACTIONS = {
  "operator.granted": { label: "Made a user an operator", target: "user" },
  "operator.revoked": { label: "Took a user's operator flag away", target: "user" },
  "global_settings.changed": { label: "Changed the global settings", target: "global_settings" },
  "job.replayed": { label: "Replayed a failed job", target: "job_run" },
  "service_level_alerts.changed": { label: "Changed where service-level alerts go", target: "global_settings" },
} as const;

export type OperatorAction = keyof typeof OPERATOR_ACTIONS;

type Client = Pick<Prisma.TransactionClient, "operatorEvent">;

export type OperatorEventInput = {
  action: OperatorAction;
  target: { type: string; id?: string | null };
  changes?: AuditChanges | null;
  /** Who acted: by default the operator the guard noted on the request, else the system (the command line). */
  actor?: AuditActor;
};

export async function recordOperatorEvent(client: Client | null, event: OperatorEventInput): Promise<void> {
  await (client ?? db).operatorEvent.create({
    data: {
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id ?? null,
      ...recordedActor(event.actor, event.changes),
    },
  });
}

export type OperatorEventView = { id: string; occurredAt: Date; actor: string; action: string; label: string; target: string; changes: AuditChanges | null };

/** The newest events, with the acting operator's email for the console (operators see each other). */
export async function recentOperatorEvents(limit = 20): Promise<OperatorEventView[]> {
  const rows = await db.operatorEvent.findMany({ orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: limit });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const users = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    actor: row.actorKind === "system" ? "Command line" : (emailOf.get(row.actorId ?? "") ?? "A former operator"),
    action: row.action,
    label: OPERATOR_ACTIONS[row.action as OperatorAction]?.label ?? row.action,
    target: `${row.targetType}${row.targetId ? ` ${row.targetId}` : ""}`,
    changes: (row.changes as AuditChanges | null) ?? null,
  }));
}

/** Deletes events older than the audit trail's retention period; answers how many went. */
export async function sweepExpiredOperatorEvents(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000);
  const { count } = await db.operatorEvent.deleteMany({ where: { occurredAt: { lt: cutoff } } });
  return count;
}
