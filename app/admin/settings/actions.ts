"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
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
