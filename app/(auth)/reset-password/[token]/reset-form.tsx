"use client";

import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "../../actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const { state, form } = useFormAction(resetPasswordAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={state?.fields?.password}
      />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}
