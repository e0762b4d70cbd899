"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { transferOwnership } from "@/lib/members/service";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";
import { deleteWorkspace, updateWorkspace } from "@/lib/workspaces/service";

export async function updateWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, newSlug, ...input } = formToObject(form);
    const { workspace } = await requireWorkspaceAction(slug, "settings.manage");
    const updated = await updateWorkspace(workspace.id, { ...input, slug: newSlug });
    if (updated.slug !== workspace.slug) redirect(`/w/${updated.slug}/settings?saved=1`);
    revalidatePath(`/w/${updated.slug}`, "layout");
    return { ok: true, message: "Settings saved." };
  });
}

export async function deleteWorkspaceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await requireWorkspaceAction(form.get("slug"), "workspace.delete");
    await deleteWorkspace(workspace, form.get("confirmation"));
    redirect("/");
  });
}

export async function transferOwnershipAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "ownership.transfer");
    await transferOwnership(context, String(form.get("userId") ?? ""));
    revalidatePath(`/w/${context.workspace.slug}`, "layout");
    return { ok: true, message: "Ownership transferred. You are now an admin." };
  });
}
