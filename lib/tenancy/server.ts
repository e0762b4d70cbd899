import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { workspaceForUser, type WorkspaceContext } from "./guard";
import { can, type Permission } from "./roles";

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
  return context;
}

/** For server actions: the same checks, raised as AppErrors for the action to report. */
export async function requireWorkspaceAction(slug: unknown, permission: Permission = "workspace.read"): Promise<WorkspaceContext> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  if (typeof slug !== "string") throw new AppError("not_found", "Workspace not found.");
  return workspaceForUser(slug, user.id, permission);
}
