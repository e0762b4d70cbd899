"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { actorLabel, undoMerge } from "@/lib/identity/merge-admin";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

/** Un-merges two customers (admins): both get their own records and numbers back at the next refresh. */
export async function unmergeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    await undoMerge(context.workspace.id, String(form.get("id") ?? ""), actorLabel(context));
    revalidatePath(`/w/${context.workspace.slug}/customers/merges`);
    return { ok: true, message: "Un-merged. Both customers' numbers are being rebuilt apart; cohorts and LTV show them within a few minutes." };
  });
}
