import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { currentContext, type AuditActor } from "@/lib/log/context";
import type { AuditAction } from "./actions";
import type { AuditChanges } from "./changes";

export type { AuditActor } from "@/lib/log/context";

type Client = Pick<Prisma.TransactionClient, "auditEvent">;

export type AuditEventInput = {
  workspaceId: string;
  action: AuditAction;
  target: { type: string; id?: string | null };
  changes?: AuditChanges | null;
  /** Who acted; by default the request's caller as the guard decided, else the system. */
  actor?: AuditActor;
  occurredAt?: Date;
};

export const SYSTEM_ACTOR: AuditActor = { kind: "system", id: null };

// The unknown address the sign-in limiter uses when no proxy is trusted: not worth a hash.
const UNKNOWN_IPS = new Set(["", "unknown"]);

function ipHashOf(ip: string | null | undefined): string | null {
  if (!ip || UNKNOWN_IPS.has(ip)) return null;
  return keyedHash(`ip:${ip}`);
}

/**
 * Records one event. Pass the transaction that makes the change, so the change and its record
 * commit together; the client address comes from the request, hashed.
 */
export async function recordAudit(client: Client | null, event: AuditEventInput): Promise<void> {
  const context = currentContext();
  const actor = event.actor ?? context.actor ?? SYSTEM_ACTOR;
  const changes = event.changes && Object.keys(event.changes).length > 0 ? event.changes : undefined;
  await (client ?? db).auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      occurredAt: event.occurredAt,
      actorKind: actor.kind,
      actorId: actor.id,
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id ?? null,
      ipHash: actor.kind === "system" ? null : ipHashOf(context.ip),
      changes,
    },
  });
}
