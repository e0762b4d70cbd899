"use client";

import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { WorkspaceLocaleFields } from "@/components/workspace-locale-fields";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction } from "../actions";

export function SignUpForm({ timeZones, currencies }: { timeZones: string[]; currencies: string[] }) {
  const { state, form } = useFormAction(signUpAction);

  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <TextField label="Your name" name="name" autoComplete="name" error={state?.fields?.name} />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required error={state?.fields?.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={state?.fields?.password}
      />
      <hr className="border-slate-100" />
      <TextField label="Workspace name" name="workspaceName" placeholder="Acme Outdoor Co." required error={state?.fields?.workspaceName} />
      <WorkspaceLocaleFields timeZones={timeZones} currencies={currencies} errors={state?.fields} />
      <SubmitButton className="w-full" pendingLabel="Creating your workspace…">
        Create account
      </SubmitButton>
    </form>
  );
}
