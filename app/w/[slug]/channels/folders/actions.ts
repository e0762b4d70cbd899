"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { createOwnedFolder, deleteOwnedFolder, moveOwnedCampaign, updateOwnedFolder } from "@/lib/owned/messages/folders";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

// The folders page's forms: each checks the caller may edit the workspace named in the form, then
// calls the same service the API does (another workspace's folder or campaign is not found).

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

async function edit(form: FormData, change: (workspaceId: string) => Promise<unknown>, message: string): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    await change(context.workspace.id);
    revalidatePath(`/w/${context.workspace.slug}/channels/folders`);
    return { ok: true, message };
  });
}

export async function createFolderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return edit(form, (ws) => createOwnedFolder(ws, { name: text(form, "name") }), "Folder created.");
}

export async function renameFolderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return edit(form, (ws) => updateOwnedFolder(ws, text(form, "folder"), { name: text(form, "name") }), "Folder renamed.");
}

export async function deleteFolderAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return edit(form, (ws) => deleteOwnedFolder(ws, text(form, "folder")), "Folder deleted; its campaigns and flows are in no folder now.");
}

export async function moveCampaignAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return edit(form, (ws) => moveOwnedCampaign(ws, text(form, "campaign"), text(form, "folder") || null), "Moved.");
}
