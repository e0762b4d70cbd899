import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { actorUserId, auditActorOf, authorize, type WorkspaceContext } from "@/lib/tenancy/guard";
import { canGrant, ROLES, type Role } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";
import { endSessions } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";

export type MemberRow = { userId: string; email: string; name: string | null; role: Role; joinedAt: Date };

export async function listMembers(workspaceId: string): Promise<MemberRow[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.role, joinedAt: r.createdAt }));
}

type Tx = Prisma.TransactionClient;

// Membership changes lock the workspace row so two owners demoting each other at once
// cannot leave the workspace with none.
async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
}

async function membershipOf(tx: Tx, workspaceId: string, userId: string) {
  const membership = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } });
  if (!membership) throw new AppError("not_found", "That person is not a member of this workspace.");
  return membership;
}

async function assertAnotherOwner(tx: Tx, workspaceId: string, leavingUserId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { workspaceId, role: "owner", userId: { not: leavingUserId } } });
  if (owners === 0) {
    throw new AppError("conflict", "A workspace needs at least one owner. Make someone else owner first.");
  }
}

// The context's role was read before the lock; a concurrent change (a demotion, or a first
// transfer of a double-submitted one) may have lowered it since. Decide on the role held now.
async function actorRoleNow(tx: Tx, context: WorkspaceContext): Promise<Role> {
  const userId = actorUserId(context);
  if (!userId) return context.role; // an API key's role never changes
  const membership = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: context.workspace.id, userId } },
    select: { role: true },
  });
  if (!membership) throw new AppError("not_found", "Workspace not found.");
  return membership.role;
}

const ZRole = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` });

export async function changeMemberRole(context: WorkspaceContext, userId: string, input: unknown): Promise<void> {
  authorize(context, "members.manage");
  const role = parseInput(z.object({ role: ZRole }), input).role;
  const workspaceId = context.workspace.id;
  await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const actorRole = authorize({ ...context, role: await actorRoleNow(tx, context) }, "members.manage").role;
    const target = await membershipOf(tx, workspaceId, userId);
    if (!canGrant(actorRole, target.role) || !canGrant(actorRole, role)) {
      throw AppError.field("role", "Only an owner can make or change owners.", "forbidden");
    }
    if (target.role === "owner" && role !== "owner") await assertAnotherOwner(tx, workspaceId, userId);
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId, userId } }, data: { role } });
    if (target.role !== role) {
      await recordAudit(tx, { workspaceId, actor: auditActorOf(context), action: "member.role_changed", target: { type: "member", id: userId }, changes: { role: { before: target.role, after: role } } });
    }
  });
}

export async function removeMember(context: WorkspaceContext, userId: string): Promise<void> {
  const self = actorUserId(context) === userId;
  if (!self) authorize(context, "members.manage");
  const workspaceId = context.workspace.id;
  await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    // Leaving needs no permission; removing someone else is checked against the role held now.
    const actorRole = self ? null : authorize({ ...context, role: await actorRoleNow(tx, context) }, "members.manage").role;
    const target = await membershipOf(tx, workspaceId, userId);
    if (actorRole && !canGrant(actorRole, target.role)) throw new AppError("forbidden", "Only an owner can remove an owner.");
    if (target.role === "owner") await assertAnotherOwner(tx, workspaceId, userId);
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
    await recordAudit(tx, {
      workspaceId,
      actor: auditActorOf(context),
      action: self ? "member.left" : "member.removed",
      target: { type: "member", id: userId },
      changes: { role: { before: target.role, after: null } },
    });
    // Someone removed from their last workspace keeps no session to come back with.
    if (!self && (await tx.membership.count({ where: { userId } })) === 0) {
      await endSessions(userId, tx);
    }
  });
}

export async function leaveWorkspace(context: WorkspaceContext): Promise<void> {
  const userId = actorUserId(context);
  if (!userId) throw new AppError("forbidden", "An API key cannot leave a workspace.");
  await removeMember(context, userId);
}

/** The owner hands the workspace to another member and stays on as admin. */
export async function transferOwnership(context: WorkspaceContext, toUserId: string): Promise<void> {
  authorize(context, "ownership.transfer");
  const fromUserId = actorUserId(context);
  if (!fromUserId) throw new AppError("forbidden", "Ownership can only be transferred by a person.");
  if (fromUserId === toUserId) throw AppError.field("userId", "You already own this workspace.");
  const workspaceId = context.workspace.id;
  await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    authorize({ ...context, role: await actorRoleNow(tx, context) }, "ownership.transfer");
    await membershipOf(tx, workspaceId, toUserId);
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId, userId: toUserId } }, data: { role: "owner" } });
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId, userId: fromUserId } }, data: { role: "admin" } });
    await recordAudit(tx, { workspaceId, actor: auditActorOf(context), action: "ownership.transferred", target: { type: "member", id: toUserId }, changes: { owner: { before: fromUserId, after: toUserId } } });
  });
}
