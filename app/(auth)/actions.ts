"use server";

import { redirect } from "next/navigation";
import { runAction, safeReturnPath, type ActionState } from "@/lib/actions";
import { passwordSignIn } from "@/lib/auth/sign-in";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { ZSignInSchema } from "@/lib/auth/schemas";
import { registerUser } from "@/lib/auth/users";
import { formToObject, parseInput } from "@/lib/validation";

export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const input = formToObject(form);
    const { email, password } = parseInput(ZSignInSchema, input);
    await passwordSignIn(email, password);
    redirect(safeReturnPath(input.callbackUrl) ?? "/");
  });
}

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const input = formToObject(form);
    const { user, workspace } = await registerUser(input, { withWorkspace: true });
    await passwordSignIn(user.email, input.password!);
    redirect(workspace ? `/w/${workspace.slug}` : "/");
  });
}

export async function forgotPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await requestPasswordReset(formToObject(form));
    return { ok: true, message: "If an account uses that address, we have emailed it a link to reset the password. The link works for 1 hour." };
  });
}

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const input = formToObject(form);
    await resetPassword(input.token ?? "", input);
    redirect("/sign-in?reset=1");
  });
}

export async function googleSignInAction(form: FormData): Promise<void> {
  const { signIn } = await import("@/lib/auth");
  await signIn("google", { redirectTo: safeReturnPath(form.get("callbackUrl")) ?? "/" });
}
