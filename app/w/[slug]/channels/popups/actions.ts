"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { popupInputFromForm } from "@/lib/owned/popups/form";
import { createPopup, deletePopup, savePopupSettings, updatePopup } from "@/lib/owned/popups/templates";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

/** Creates a template, or replaces the one named by `id`; back to the list when saved. */
export async function savePopupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const { workspace } = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    const input = popupInputFromForm(form, workspace.timeZone);
    const id = String(form.get("id") ?? "");
    const saved = id ? await updatePopup(workspace.id, id, input) : await createPopup(workspace.id, input);
    revalidatePath(`/w/${workspace.slug}/channels/popups`);
    return { ok: true, message: "Pop-up saved.", data: { id: saved.id, slug: workspace.slug } };
  });
  if (state?.ok && state.data?.id) redirect(`/w/${state.data.slug}/channels/popups?saved=${encodeURIComponent(state.data.id)}`);
  return state;
}

export async function deletePopupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    await deletePopup(workspace.id, form.get("id"));
    revalidatePath(`/w/${workspace.slug}/channels/popups`);
    return { ok: true, message: "Pop-up deleted." };
  });
}

export async function savePopupLimitAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const typed = String(form.get("daily_limit") ?? "").trim();
    const limit = typed === "" ? null : /^\d{1,9}$/.test(typed) ? Number(typed) : typed;
    await savePopupSettings(workspace.id, { daily_limit: limit });
    revalidatePath(`/w/${workspace.slug}/channels/popups`);
    return { ok: true, message: limit === null ? "No daily limit." : `At most ${limit} pop-ups a day.` };
  });
}
