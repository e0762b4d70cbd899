"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { createFunnel, deleteFunnel } from "@/lib/funnels/service";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

function definitionFrom(form: FormData): Record<string, unknown> {
  try {
    const value = JSON.parse(String(form.get("definition") ?? ""));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Refused below, as any other malformed funnel.
  }
  throw AppError.field("definition", "Build the funnel again, then save it.");
}

export async function saveFunnelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    const saved = await createFunnel(context.workspace.id, { ...definitionFrom(form), name: form.get("name") }, actorUserId(context));
    revalidatePath(`/w/${context.workspace.slug}/funnels`);
    return { ok: true, message: `Saved "${saved.name}".` };
  });
}

export async function deleteFunnelAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    await deleteFunnel(context.workspace.id, String(form.get("id") ?? ""));
    revalidatePath(`/w/${context.workspace.slug}/funnels`);
    return { ok: true, message: "Funnel deleted." };
  });
}
