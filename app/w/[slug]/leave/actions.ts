"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { leaveWorkspace } from "@/lib/members/service";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

export async function leaveWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await leaveWorkspace(await requireWorkspaceAction(form.get("slug")));
    redirect("/");
  });
}
