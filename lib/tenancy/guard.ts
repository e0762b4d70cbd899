import { db } from "@/lib/db/client";
import { authenticateApiKey } from "@/lib/api-keys/service";
import { AppError, forbidden } from "@/lib/errors";
import type { WorkspaceSummary } from "@/lib/workspaces/service";
import { noteContext, type AuditActor } from "@/lib/log/context";
import { isOperator } from "@/lib/operators/operators";
import { liveSupportGrant, noteSupportVisit, SUPPORT_READ_ONLY } from "@/lib/operators/support-access";
import { can, type Permission, type Role } from "./roles";

// The one place that decides who may touch a workspace. Pages, server actions and route
// handlers all come through here; "not a member" and "no such workspace" are the same 404.

export type Actor =
  | { kind: "user"; userId: string }
  // expiresAt: when the secret presented stops working (null: never), for the warnings answers carry.
  | { kind: "apiKey"; apiKeyId: string; name: string; expiresAt: Date | null };

/** An operator reading the workspace through its owner's support access: read-only, until expiresAt. */
export type SupportAccess = { grantId: string; expiresAt: Date };

export type WorkspaceContext = { workspace: WorkspaceSummary; role: Role; actor: Actor; support?: SupportAccess };

const NOT_FOUND = "Workspace not found.";

export function authorize(context: WorkspaceContext, permission: Permission): WorkspaceContext {
  if (context.support && permission !== "workspace.read") throw forbidden(SUPPORT_READ_ONLY);
  if (!can(context.role, permission)) throw forbidden();
  return context;
}

/** Who the audit trail says acted: a member, an API key, or an operator under support access. */
export function auditActorOf(context: WorkspaceContext): AuditActor {
  const { actor } = context;
  if (context.support && actor.kind === "user") return { kind: "operator", id: actor.userId };
  return actor.kind === "user" ? { kind: "user", id: actor.userId } : { kind: "api_key", id: actor.apiKeyId };
}

// The request's log lines and audit events name the workspace and the caller from here on.
function noted(context: WorkspaceContext): WorkspaceContext {
  noteContext({ workspaceId: context.workspace.id, actor: auditActorOf(context) });
  return context;
}

export async function workspaceForUser(slug: string, userId: string, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  // No slug holds a NUL character, and Postgres refuses to compare one.
  if (typeof slug !== "string" || slug.includes("\u0000")) throw new AppError("not_found", NOT_FOUND);
  const membership = await db.membership.findFirst({
    where: { userId, workspace: { slug } },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true, timeZone: true, currency: true } } },
  });
  if (!membership) return noted(authorize(await supportAccessFor(slug, userId), permission));
  return noted(authorize({ workspace: membership.workspace, role: membership.role, actor: { kind: "user", userId } }, permission));
}

/**
 * A non-member reaches a workspace only as an operator holding its owner's live support access,
 * reading as a viewer; anyone else, and an operator without a grant or after it ends, gets the
 * same 404 as for a workspace that does not exist.
 */
async function supportAccessFor(slug: string, userId: string, now = new Date()): Promise<WorkspaceContext> {
  if (!(await isOperator(userId))) throw new AppError("not_found", NOT_FOUND);
  const workspace = await db.workspace.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, timeZone: true, currency: true } });
  const grant = workspace ? await liveSupportGrant(workspace.id, now) : null;
  if (!workspace || !grant) throw new AppError("not_found", NOT_FOUND);
  await noteSupportVisit(grant, userId, now);
  return { workspace, role: "viewer", actor: { kind: "user", userId }, support: { grantId: grant.id, expiresAt: grant.expiresAt } };
}

export async function workspaceForApiKey(slug: string, presentedKey: string, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  const context = await workspaceOfApiKey(presentedKey);
  // A valid key for another workspace learns nothing about this one.
  if (context.workspace.slug !== slug) throw new AppError("not_found", NOT_FOUND);
  return authorize(context, permission);
}

/** The workspace a key belongs to, for endpoints addressed by the key alone (/api/v1/reports/...). */
export async function workspaceOfApiKey(presentedKey: string, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  const key = await authenticateApiKey(presentedKey);
  if (!key) throw new AppError("unauthorized", "The API key is missing, malformed, revoked or unknown.");
  return noted(authorize({ workspace: key.workspace, role: key.role, actor: { kind: "apiKey", apiKeyId: key.id, name: key.name, expiresAt: key.expiresAt } }, permission));
}

export function actorUserId(context: WorkspaceContext): string | null {
  return context.actor.kind === "user" ? context.actor.userId : null;
}
