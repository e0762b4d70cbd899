import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// Support access: a workspace owner lets operators read the workspace for a while. Without a live
// grant an operator is nobody to a workspace; with one they read it as a viewer would, and every
// write is refused. Each visit is recorded in the workspace's trail (support_access.used), once
// per operator and VISIT_WINDOW_MS rather than once per page.

const HOUR_MS = 3_600_000;

/** The durations an owner chooses from, in hours; the longest is seven days. */
export const SUPPORT_ACCESS_HOURS = [1, 24, 72, 168] as const;
export const MAX_SUPPORT_ACCESS_HOURS = 168;

/** A visit: pages opened within this time of the last recorded one are the same visit. */
export const VISIT_WINDOW_MS = 30 * 60_000;

export const SUPPORT_READ_ONLY = "Support access is read-only: an operator can look at this workspace but not change anything in it.";

export const ZGrantSupportAccess = z.object({
  hours: z.coerce
    .number({ error: "Choose how long support access lasts." })
    .refine((h) => (SUPPORT_ACCESS_HOURS as readonly number[]).includes(h), { message: `Choose one of ${SUPPORT_ACCESS_HOURS.join(", ")} hours (at most 7 days).` }),
});

export type SupportGrant = { id: string; workspaceId: string; grantedById: string; createdAt: Date; expiresAt: Date };

/** A member acting on their own workspace's support access (its owner). */
export type GrantingMember = { workspaceId: string; userId: string };

const LIVE = (now: Date) => ({ revokedAt: null, expiresAt: { gt: now } });

/** The grant in force now, if any. */
export async function liveSupportGrant(workspaceId: string, now = new Date()): Promise<SupportGrant | null> {
  return db.supportAccessGrant.findFirst({
    where: { workspaceId, ...LIVE(now) },
    orderBy: { expiresAt: "desc" },
    select: { id: true, workspaceId: true, grantedById: true, createdAt: true, expiresAt: true },
  });
}

/** Grants support access for the chosen hours, ending any grant in force first (one is live at a time). */
export async function grantSupportAccess(member: GrantingMember, input: unknown, now = new Date()): Promise<SupportGrant> {
  const { hours } = parseInput(ZGrantSupportAccess, input);
  return db.$transaction(async (tx) => {
    // Two grants at once from two tabs: the workspace row orders them.
    await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${member.workspaceId} FOR UPDATE`;
    await tx.supportAccessGrant.updateMany({ where: { workspaceId: member.workspaceId, ...LIVE(now) }, data: { revokedAt: now, revokedById: member.userId } });
    const grant = await tx.supportAccessGrant.create({
      data: { workspaceId: member.workspaceId, grantedById: member.userId, createdAt: now, expiresAt: new Date(now.getTime() + hours * HOUR_MS) },
      select: { id: true, workspaceId: true, grantedById: true, createdAt: true, expiresAt: true },
    });
    await recordAudit(tx, {
      workspaceId: member.workspaceId,
      action: "support_access.granted",
      target: { type: "support_access", id: grant.id },
      changes: { expires_at: { before: null, after: grant.expiresAt.toISOString() }, hours: { before: null, after: hours } },
      actor: { kind: "user", id: member.userId },
      occurredAt: now,
    });
    return grant;
  });
}

/** Ends the grant in force; answers whether there was one. */
export async function revokeSupportAccess(member: GrantingMember, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const live = await tx.supportAccessGrant.findMany({ where: { workspaceId: member.workspaceId, ...LIVE(now) }, select: { id: true, expiresAt: true } });
    if (live.length === 0) return false;
    await tx.supportAccessGrant.updateMany({ where: { workspaceId: member.workspaceId, id: { in: live.map((g) => g.id) } }, data: { revokedAt: now, revokedById: member.userId } });
    for (const grant of live) {
      await recordAudit(tx, {
        workspaceId: member.workspaceId,
        action: "support_access.revoked",
        target: { type: "support_access", id: grant.id },
        changes: { expires_at: { before: grant.expiresAt.toISOString(), after: now.toISOString() } },
        actor: { kind: "user", id: member.userId },
        occurredAt: now,
      });
    }
    return true;
  });
}

/**
 * Records that an operator opened the workspace under `grant`, unless a visit of theirs was
 * recorded within the window; one statement decides, so parallel requests record it once.
 */
export async function noteSupportVisit(grant: Pick<SupportGrant, "id" | "workspaceId">, operatorId: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - VISIT_WINDOW_MS);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      INSERT INTO support_access_visits (workspace_id, grant_id, operator_id, last_recorded_at)
      VALUES (${grant.workspaceId}, ${grant.id}, ${operatorId}, ${now})
      ON CONFLICT (workspace_id, grant_id, operator_id) DO UPDATE SET last_recorded_at = EXCLUDED.last_recorded_at
      WHERE support_access_visits.last_recorded_at <= ${since}`;
    if (claimed === 0) return false;
    await recordAudit(tx, {
      workspaceId: grant.workspaceId,
      action: "support_access.used",
      target: { type: "support_access", id: grant.id },
      actor: { kind: "operator", id: operatorId },
      occurredAt: now,
    });
    return true;
  });
}

export type SupportAccessHistoryRow = { id: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null; grantedBy: string | null };

/** The workspace's recent grants, newest first, for its owners' settings page. */
export async function supportAccessHistory(workspaceId: string, limit = 10): Promise<SupportAccessHistoryRow[]> {
  const grants = await db.supportAccessGrant.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take: limit });
  const users = await db.user.findMany({ where: { id: { in: [...new Set(grants.map((g) => g.grantedById))] } }, select: { id: true, name: true, email: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  return grants.map((g) => ({ id: g.id, createdAt: g.createdAt, expiresAt: g.expiresAt, revokedAt: g.revokedAt, grantedBy: nameOf.get(g.grantedById) ?? null }));
}

/** Refuses a write made under support access (server actions and REST writes call this). */
export function refuseSupportWrite(): never {
  throw new AppError("forbidden", SUPPORT_READ_ONLY);
}
