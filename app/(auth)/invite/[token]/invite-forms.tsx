"use client";

import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { acceptInviteAction, inviteSignUpAction } from "./actions";

export function AcceptInviteForm({ token, workspaceName }: { token: string; workspaceName: string }) {
  const { state, form } = useFormAction(acceptInviteAction);
  return (
    <form {...form} className="space-y-4">
      <ActionNotice state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingLabel="Joining…">
        Join {workspaceName}
      </SubmitButton>
    </form>
  );
}

export function InviteSignUpForm({ token, email }: { token: string; email: string }) {
  const { state, form } = useFormAction(inviteSignUpAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name="email" type="email" value={email} readOnly />
      <TextField label="Your name" name="name" autoComplete="name" error={state?.fields?.name} />
      <TextField
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={state?.fields?.password}
      />
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Create account and join
      </SubmitButton>
    </form>
  );
}
