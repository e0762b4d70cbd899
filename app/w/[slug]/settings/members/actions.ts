"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { createInvitation, resendInvitation, revokeInvitation } from "@/lib/invitations/service";
import { changeMemberRole, removeMember } from "@/lib/members/service";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

const membersPath = (slug: string) => `/w/${slug}/settings/members`;

export async function inviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const context = await requireWorkspaceAction(slug, "members.manage");
    await createInvitation(context, input);
    revalidatePath(membersPath(context.workspace.slug));
    return { ok: true, message: `Invitation sent to ${input.email?.trim().toLowerCase()}.` };
  });
}

export async function resendInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "members.manage");
    await resendInvitation(context, String(form.get("id") ?? ""));
    revalidatePath(membersPath(context.workspace.slug));
    return { ok: true, message: "A new link was sent; the old one no longer works." };
  });
}

export async function revokeInvitationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "members.manage");
    await revokeInvitation(context, String(form.get("id") ?? ""));
    revalidatePath(membersPath(context.workspace.slug));
    return { ok: true, message: "Invitation revoked." };
  });
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "members.manage");
    await changeMemberRole(context, String(form.get("userId") ?? ""), { role: form.get("role") });
    revalidatePath(membersPath(context.workspace.slug));
    return { ok: true, message: "Role updated." };
  });
}

export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "members.manage");
    await removeMember(context, String(form.get("userId") ?? ""));
    revalidatePath(membersPath(context.workspace.slug));
    return { ok: true, message: "Member removed." };
  });
}
