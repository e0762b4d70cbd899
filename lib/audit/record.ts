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
 * Who acted and from where, as both trails (a workspace's and the operators') store it: the
 * given actor or the request's, the client address as a keyed hash (never for the system), and
 * the changes only when there are some.
 */
export function recordedActor(actorOverride: AuditActor | undefined, changes: AuditChanges | null | undefined) {
  const context = currentContext();
  const actor = actorOverride ?? context.actor ?? SYSTEM_ACTOR;
  return {
    actorKind: actor.kind,
    actorId: actor.id,
    ipHash: actor.kind === "system" ? null : ipHashOf(context.ip),
    changes: changes && Object.keys(changes).length > 0 ? changes : undefined,
  };
}

/**
 * Records one event. Pass the transaction that makes the change, so the change and its record
 * commit together; the client address comes from the request, hashed.
 */
export async function recordAudit(client: Client | null, event: AuditEventInput): Promise<void> {
  await (client ?? db).auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      occurredAt: event.occurredAt,
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id ?? null,
      ...recordedActor(event.actor, event.changes),
    },
  });
}
