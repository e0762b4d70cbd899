"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { dismissOnboarding } from "@/lib/onboarding/status";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

export async function dismissOnboardingAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"));
    await dismissOnboarding(context);
    revalidatePath(`/w/${context.workspace.slug}`);
    return { ok: true, message: "Checklist hidden." };
  });
}
