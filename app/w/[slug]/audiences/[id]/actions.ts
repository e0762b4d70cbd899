"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { getAudience } from "@/lib/audiences/audience";
import { requestKlaviyoSync, saveAudienceSettings } from "@/lib/audiences/settings";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

export async function saveWebhookAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const audience = await getAudience(context.workspace.id, String(form.get("id") ?? ""));
    const saved = await saveAudienceSettings(context.workspace.id, audience.id, { webhookDestinationId: form.get("webhookDestinationId") ?? "" });
    revalidatePath(`/w/${context.workspace.slug}/audiences/${audience.id}`);
    return { ok: true, message: saved.webhookDestinationId ? "Joins and leaves will be sent to that destination." : "Joins and leaves are no longer sent." };
  });
}

export async function saveKlaviyoAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const audience = await getAudience(context.workspace.id, String(form.get("id") ?? ""));
    const saved = await saveAudienceSettings(context.workspace.id, audience.id, { klaviyoConnectionId: form.get("klaviyoConnectionId") ?? "" });
    revalidatePath(`/w/${context.workspace.slug}/audiences/${audience.id}`);
    return { ok: true, message: saved.klaviyoConnectionId ? "The Klaviyo list sync is on; the first sync sends every member." : "The Klaviyo list sync is off." };
  });
}

export async function syncKlaviyoAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const audience = await getAudience(context.workspace.id, String(form.get("id") ?? ""));
    await requestKlaviyoSync(context.workspace.id, audience.id);
    revalidatePath(`/w/${context.workspace.slug}/audiences/${audience.id}`);
    return { ok: true, message: "A sync is queued." };
  });
}
