import { recordAudit } from "@/lib/audit/record";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { ZEmail } from "@/lib/auth/schemas";
import { hashToken, makeScopedToken, splitScopedToken } from "@/lib/auth/tokens";
import { createWithinLimit } from "@/lib/billing/limits";
import { appUrl, sendEmail } from "@/lib/email/mailer";
import { invitationEmail } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import { actorUserId, auditActorOf, authorize, type WorkspaceContext } from "@/lib/tenancy/guard";
import { canGrant, ROLE_LABELS, ROLES, type Role } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const ZInviteSchema = z.object({
  email: ZEmail,
  role: z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` }),
});

export type PendingInvitation = { id: string; email: string; role: Role; expiresAt: Date; lastSentAt: Date; expired: boolean };

export async function listPendingInvitations(workspaceId: string): Promise<PendingInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null },
    select: { id: true, email: true, role: true, expiresAt: true, lastSentAt: true },
    orderBy: { createdAt: "desc" },
  });
  const now = Date.now();
  return rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() <= now }));
}

async function deliver(context: WorkspaceContext, email: string, role: Role, token: string): Promise<string> {
  const url = appUrl(`/invite/${encodeURIComponent(token)}`);
  const inviterId = actorUserId(context);
  const inviter = inviterId ? await db.user.findUnique({ where: { id: inviterId }, select: { name: true, email: true } }) : null;
  await sendEmail(
    invitationEmail({
      to: email,
      workspaceName: context.workspace.name,
      inviterName: inviter?.name || inviter?.email || "A teammate",
      role: ROLE_LABELS[role],
      url,
    }),
  );
  return url;
}

/** Invites someone by email. Inviting an address with a pending invitation sends a fresh link instead. */
export async function createInvitation(context: WorkspaceContext, input: unknown): Promise<{ id: string; url: string }> {
  authorize(context, "members.manage");
  const { email, role } = parseInput(ZInviteSchema, input);
  if (!canGrant(context.role, role)) throw AppError.field("role", "Only an owner can invite owners.", "forbidden");
  const workspaceId = context.workspace.id;
  const existingMember = await db.membership.findFirst({ where: { workspaceId, user: { email } }, select: { userId: true } });
  if (existingMember) throw AppError.field("email", "That person is already a member of this workspace.", "conflict");

  const token = makeScopedToken(workspaceId);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const pending = await db.invitation.findFirst({ where: { workspaceId, email, acceptedAt: null, revokedAt: null }, select: { id: true } });
  // A fresh link for someone already invited takes no new seat.
  const invitation = pending
    ? await db.invitation.update({
        where: { workspaceId_id: { workspaceId, id: pending.id } },
        data: { role, tokenHash: hashToken(token), expiresAt, lastSentAt: new Date(), invitedById: actorUserId(context) },
        select: { id: true },
      })
    : await createWithinLimit(workspaceId, "members", (tx) => tx.invitation.create({
        data: { workspaceId, email, role, tokenHash: hashToken(token), expiresAt, invitedById: actorUserId(context) },
        select: { id: true },
      }));
  // The address is personal data: the trail names the invitation and the role only.
  await recordAudit(null, {
    workspaceId,
    actor: auditActorOf(context),
    action: pending ? "invitation.resent" : "invitation.created",
    target: { type: "invitation", id: invitation.id },
    changes: { role: { before: null, after: role } },
  });
  const url = await deliver(context, email, role, token);
  return { id: invitation.id, url };
}

/** A new link replaces the old one, which stops working. */
export async function resendInvitation(context: WorkspaceContext, id: string): Promise<{ url: string }> {
  authorize(context, "members.manage");
  const workspaceId = context.workspace.id;
  const invitation = await db.invitation.findFirst({ where: { workspaceId, id, acceptedAt: null, revokedAt: null }, select: { email: true, role: true } });
  if (!invitation) throw new AppError("not_found", "That invitation does not exist, or was accepted or revoked.");
  if (!canGrant(context.role, invitation.role)) throw new AppError("forbidden", "Only an owner can resend an owner invitation.");
  const token = makeScopedToken(workspaceId);
  await db.invitation.update({
    where: { workspaceId_id: { workspaceId, id } },
    data: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS), lastSentAt: new Date() },
  });
  await recordAudit(null, { workspaceId, actor: auditActorOf(context), action: "invitation.resent", target: { type: "invitation", id } });
  return { url: await deliver(context, invitation.email, invitation.role, token) };
}

export async function revokeInvitation(context: WorkspaceContext, id: string): Promise<void> {
  authorize(context, "members.manage");
  const { count } = await db.invitation.updateMany({
    where: { workspaceId: context.workspace.id, id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "That invitation does not exist, or was accepted or revoked.");
  await recordAudit(null, { workspaceId: context.workspace.id, actor: auditActorOf(context), action: "invitation.revoked", target: { type: "invitation", id } });
}

export type InvitationLookup =
  | { status: "invalid" }
  | { status: "used" | "revoked" | "expired" | "valid"; email: string; role: Role; workspace: { id: string; slug: string; name: string } };

export async function lookupInvitation(token: string): Promise<InvitationLookup> {
  const scope = splitScopedToken(token);
  if (!scope) return { status: "invalid" };
  const invitation = await db.invitation.findUnique({
    where: { workspaceId_tokenHash: { workspaceId: scope.workspaceId, tokenHash: hashToken(token) } },
    select: { email: true, role: true, acceptedAt: true, revokedAt: true, expiresAt: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!invitation) return { status: "invalid" };
  const status = invitation.acceptedAt ? "used" : invitation.revokedAt ? "revoked" : invitation.expiresAt.getTime() <= Date.now() ? "expired" : "valid";
  return { status, email: invitation.email, role: invitation.role, workspace: invitation.workspace };
}

const UNUSABLE: Record<Exclude<InvitationLookup["status"], "valid">, string> = {
  invalid: "This invitation link is not valid.",
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked.",
  expired: "This invitation has expired. Ask for a new one.",
};

export function invitationProblem(status: InvitationLookup["status"]): string | null {
  return status === "valid" ? null : UNUSABLE[status];
}

/** Joins the signed-in user to the workspace; the link works once and only for the invited address. */
export async function acceptInvitation(token: string, user: { id: string; email: string }): Promise<{ slug: string }> {
  const found = await lookupInvitation(token);
  if (found.status !== "valid") throw new AppError(found.status === "invalid" ? "not_found" : "conflict", UNUSABLE[found.status]);
  if (found.email !== user.email.toLowerCase()) {
    throw new AppError("forbidden", `This invitation is for ${found.email}. Sign in with that address to accept it.`);
  }
  const workspaceId = found.workspace.id;
  await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { workspaceId, tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedById: user.id },
    });
    if (claimed.count === 0) throw new AppError("conflict", UNUSABLE.used);
    await recordAudit(tx, {
      workspaceId,
      action: "invitation.accepted",
      target: { type: "member", id: user.id },
      actor: { kind: "user", id: user.id },
      changes: { role: { before: null, after: found.role } },
    });
    // Someone who is already a member keeps their role rather than being demoted by an old invitation.
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId, userId: user.id } },
      create: { workspaceId, userId: user.id, role: found.role },
      update: {},
    });
  });
  return { slug: found.workspace.slug };
}
