"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { replayDelivery } from "@/lib/notifications/deliveries";
import { createDestination, deleteDestination, updateDestination } from "@/lib/notifications/destinations";
import { sendTestMessage } from "@/lib/notifications/test-message";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

const page = (slug: string) => `/w/${slug}/settings/notifications`;

/** The form's fields; blank ones are left out, so an empty secret means "none" or "keep". */
function filled(form: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formToObject(form)).filter(([, value]) => value.trim() !== ""));
}

export async function createDestinationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = filled(form);
    const context = await requireWorkspaceAction(slug, "settings.manage");
    const { destination, secret } = await createDestination(context.workspace.id, actorUserId(context), input);
    revalidatePath(page(context.workspace.slug));
    return { ok: true, message: `"${destination.name}" added. Send it a test to check it works.`, ...(secret ? { data: { secret } } : {}) };
  });
}

export async function updateDestinationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, id, removeSecret, ...input } = filled(form);
    const context = await requireWorkspaceAction(slug, "settings.manage");
    const destination = await updateDestination(context.workspace.id, id ?? "", { ...input, ...(removeSecret ? { secret: null } : {}) });
    revalidatePath(page(context.workspace.slug));
    return { ok: true, message: `"${destination.name}" saved.` };
  });
}

export async function toggleDestinationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const enabled = form.get("enabled") === "true";
    const destination = await updateDestination(context.workspace.id, String(form.get("id") ?? ""), { enabled });
    revalidatePath(page(context.workspace.slug));
    return { ok: true, message: enabled ? `"${destination.name}" is on again.` : `"${destination.name}" is switched off.` };
  });
}

export async function deleteDestinationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    await deleteDestination(context.workspace.id, String(form.get("id") ?? ""));
    revalidatePath(page(context.workspace.slug));
    return { ok: true, message: "Destination deleted." };
  });
}

export async function sendTestAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const delivery = await sendTestMessage(context.workspace, String(form.get("id") ?? ""));
    revalidatePath(page(context.workspace.slug));
    return delivery.status === "failed"
      ? { ok: false, error: "The destination is switched off: the test was recorded as failed. Switch it on and try again." }
      : { ok: true, message: "Test queued. It appears in the delivery log below within a few seconds." };
  });
}

export async function replayDeliveryAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    await replayDelivery(context.workspace.id, String(form.get("id") ?? ""));
    revalidatePath(page(context.workspace.slug));
    return { ok: true, message: "Replay queued." };
  });
}
