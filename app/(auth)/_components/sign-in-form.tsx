"use client";

import { useFormAction } from "@/components/ui/form-action";
import Link from "next/link";
import { TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction } from "../actions";

export function SignInForm({ callbackUrl, email, lockEmail }: { callbackUrl?: string; email?: string; lockEmail?: boolean }) {
  const { state, form } = useFormAction(signInAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={email}
        readOnly={lockEmail}
        error={state?.fields?.email}
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={state?.fields?.password} />
      <div className="flex items-center justify-between">
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
        <Link href="/forgot-password" className="text-sm text-brand-600 hover:underline">
          Forgot your password?
        </Link>
      </div>
    </form>
  );
}
