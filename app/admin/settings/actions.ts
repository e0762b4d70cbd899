"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { updateSloAlerting } from "@/lib/observability/slo-alerting";
import { updateGlobalSettings } from "@/lib/operators/global-settings";
import { requireOperatorAction } from "@/lib/operators/guard";
import { formToObject } from "@/lib/validation";

export async function saveGlobalSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { userId } = await requireOperatorAction();
    await updateGlobalSettings(userId, formToObject(form));
    revalidatePath("/admin/settings");
    return { ok: true, message: "Global settings saved." };
  });
}

export async function saveSloAlertingAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { userId } = await requireOperatorAction();
    // Checkboxes: one value per chosen destination.
    const destinationIds = form.getAll("destinationIds").filter((v): v is string => typeof v === "string");
    const saved = await updateSloAlerting(userId, { workspaceId: form.get("workspaceId") ?? "", destinationIds });
    revalidatePath("/admin/settings");
    revalidatePath("/admin/status");
    return { ok: true, message: saved.workspaceId ? "Burn alerts go to the chosen destinations." : "Burn alerts are no longer sent." };
  });
}
