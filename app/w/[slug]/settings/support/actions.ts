"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { grantSupportAccess, revokeSupportAccess } from "@/lib/operators/support-access";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

// The owner's alone (support.manage), checked on each call.
async function owner(slug: unknown) {
  const context = await requireWorkspaceAction(slug, "support.manage");
  return { context, member: { workspaceId: context.workspace.id, userId: actorUserId(context)! } };
}

export async function grantSupportAccessAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const { context, member } = await owner(slug);
    const grant = await grantSupportAccess(member, input);
    revalidatePath(`/w/${context.workspace.slug}/settings/support`);
    const until = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: context.workspace.timeZone }).format(grant.expiresAt);
    return { ok: true, message: `Support access granted until ${until}.` };
  });
}

export async function revokeSupportAccessAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, member } = await owner(form.get("slug"));
    const revoked = await revokeSupportAccess(member);
    revalidatePath(`/w/${context.workspace.slug}/settings/support`);
    return { ok: true, message: revoked ? "Support access revoked: operators can no longer open this workspace." : "There was no support access to revoke." };
  });
}
