"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { ROTATION_GRACE_HOURS } from "@/lib/api-keys/expiry";
import { createApiKey, revokeApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

export async function createApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const context = await requireWorkspaceAction(slug, "apikeys.manage");
    const { key, apiKey } = await createApiKey(context.workspace.id, { userId: actorUserId(context), role: context.role }, input);
    revalidatePath(`/w/${context.workspace.slug}/settings/api-keys`);
    return { ok: true, message: `Key "${apiKey.name}" created.`, data: { key } };
  });
}

export async function revokeApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "apikeys.manage");
    await revokeApiKey(context.workspace.id, String(form.get("id") ?? ""));
    revalidatePath(`/w/${context.workspace.slug}/settings/api-keys`);
    return { ok: true, message: "Key revoked. Requests using it now get 401." };
  });
}

export async function rotateApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "apikeys.manage");
    const { key, apiKey } = await rotateApiKey(context.workspace.id, { userId: actorUserId(context), role: context.role }, form.get("id"));
    revalidatePath(`/w/${context.workspace.slug}/settings/api-keys`);
    return { ok: true, message: `Key "${apiKey.name}" rotated. Its previous secret works for ${ROTATION_GRACE_HOURS} more hours.`, data: { key } };
  });
}
