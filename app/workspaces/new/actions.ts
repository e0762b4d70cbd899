"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { currentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formToObject } from "@/lib/validation";
import { createWorkspace } from "@/lib/workspaces/service";

export async function createWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    const workspace = await createWorkspace(user.id, formToObject(form));
    redirect(`/w/${workspace.slug}`);
  });
}
