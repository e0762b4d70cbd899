"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { connectPickedAccount } from "@/lib/connections/accounts";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { openPending, PENDING_COOKIE, pendingCookiePath } from "@/lib/connections/oauth/flow";
import { AppError } from "@/lib/errors";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

/** Connects the account picked after a platform sign-in, with the tokens that sign-in left sealed in its cookie. */
export async function connectAccountAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "connections.manage");
    const jar = await cookies();
    const pending = openPending(jar.get(PENDING_COOKIE)?.value);
    if (!pending || pending.userId !== actorUserId(context) || pending.workspaceId !== context.workspace.id) {
      throw new AppError("bad_request", "This sign-in has expired (you have 15 minutes to pick an account). Connect again to start over.");
    }
    let saved;
    try {
      saved = await connectPickedAccount(context.workspace.id, pending, formToObject(form));
    } catch (error) {
      if (isConnectorError(error)) throw new AppError("bad_request", error.message);
      throw error;
    }
    const slug = context.workspace.slug;
    jar.set(PENDING_COOKIE, "", { path: pendingCookiePath(slug), maxAge: 0 });
    revalidatePath(`/w/${slug}/connections`);
    redirect(`/w/${slug}/connections/${saved.id}?oauth=${saved.created ? "connected" : "reconnected"}&provider=${pending.provider}`);
  });
}
