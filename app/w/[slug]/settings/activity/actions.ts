"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { parseActivityForm } from "@/lib/activity/form";
import { updateActivitySettings } from "@/lib/activity/update-settings";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

// Saving is an admin's (settings.manage), checked on each call: a hidden button is never the check.
export async function saveActivitySettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const context = await requireWorkspaceAction(slug, "settings.manage");
    const actor = context.actor.kind === "user" ? `user:${context.actor.userId}` : `api_key:${context.actor.apiKeyId}`;
    await updateActivitySettings(context.workspace.id, parseActivityForm(input), actor);
    revalidatePath(`/w/${context.workspace.slug}/settings/activity`);
    return { ok: true, message: "Saved. Every person's score is being recalculated." };
  });
}
