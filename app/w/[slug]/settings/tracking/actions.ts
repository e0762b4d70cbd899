"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { originErrorsAsField, originLines } from "@/lib/tracking/write-key-form";
import { createWriteKey, revokeWriteKey } from "@/lib/tracking/write-keys";

export async function createWriteKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "apikeys.manage");
    const origins = originLines(String(form.get("allowed_origins") ?? ""));
    try {
      const key = await createWriteKey(context.workspace.id, { userId: actorUserId(context) }, { name: form.get("name"), allowed_origins: origins });
      revalidatePath(`/w/${context.workspace.slug}/settings/tracking`);
      return { ok: true, message: `Write key "${key.name}" created. Paste its snippet into your store's pages.` };
    } catch (error) {
      throw originErrorsAsField(error, origins);
    }
  });
}

export async function revokeWriteKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "apikeys.manage");
    await revokeWriteKey(context.workspace.id, form.get("id"));
    // The key leaves the list, and its form with it: the page itself says what happened.
    redirect(`/w/${context.workspace.slug}/settings/tracking?revoked=1`);
  });
}
