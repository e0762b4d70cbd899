"use client";

import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction } from "../actions";

export function ForgotPasswordForm() {
  const { state, form } = useFormAction(forgotPasswordAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={state?.fields?.email} />
      <SubmitButton pendingLabel="Sending…">Email me a reset link</SubmitButton>
    </form>
  );
}
