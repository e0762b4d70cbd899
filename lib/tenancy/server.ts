import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { assertWorkspaceEditable } from "@/lib/billing/limits";
import { AppError } from "@/lib/errors";
import { refuseSupportWrite } from "@/lib/operators/support-access";
import { workspaceForUser, type WorkspaceContext } from "./guard";
import { can, isEditPermission, type Permission } from "./roles";
import { countPageRender } from "@/lib/observability/page-renders";

const membership = cache(async (slug: string, userId: string) => {
  try {
    return await workspaceForUser(slug, userId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
});

/** For pages: sign-in if signed out, 404 for non-members, 403 for a role that may not. */
export async function requireWorkspacePage(slug: string, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/w/${slug}`)}`);
  const context = await membership(slug, user.id);
  if (!context) notFound();
  if (!can(context.role, permission)) forbidden();
  countPageRender();
  return context;
}

/**
 * For server actions: the same checks, raised as AppErrors for the action to report. An action
 * that needs an editing permission is refused (402) while the workspace is read-only.
 */
export async function requireWorkspaceAction(slug: unknown, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  if (typeof slug !== "string") throw new AppError("not_found", "Workspace not found.");
  const context = await workspaceForUser(slug, user.id, permission);
  // Server actions are how the browser writes: none is open to an operator under support access.
  if (context.support) refuseSupportWrite();
  if (isEditPermission(permission)) await assertWorkspaceEditable(context.workspace.id);
  return context;
}
