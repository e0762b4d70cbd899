"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { currentUser } from "@/lib/auth/session";
import { passwordSignIn } from "@/lib/auth/sign-in";
import { registerUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { acceptInvitation, invitationProblem, lookupInvitation } from "@/lib/invitations/service";
import { formToObject } from "@/lib/validation";

export async function acceptInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("unauthorized", "Sign in to accept this invitation.");
    const { slug } = await acceptInvitation(String(form.get("token") ?? ""), user);
    redirect(`/w/${slug}`);
  });
}

/** Creates the account for the invited address, signs it in and joins the workspace in one step. */
export async function inviteSignUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const input = formToObject(form);
    const token = input.token ?? "";
    const invitation = await lookupInvitation(token);
    if (invitation.status !== "valid") throw new AppError("conflict", invitationProblem(invitation.status)!);
    const { user } = await registerUser({ name: input.name, email: invitation.email, password: input.password }, { withWorkspace: false });
    await passwordSignIn(user.email, input.password!);
    const { slug } = await acceptInvitation(token, user);
    redirect(`/w/${slug}`);
  });
}
