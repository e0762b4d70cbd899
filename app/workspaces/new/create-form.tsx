"use client";

import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { WorkspaceLocaleFields } from "@/components/workspace-locale-fields";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { createWorkspaceAction } from "./actions";

export function CreateWorkspaceForm({ timeZones, currencies }: { timeZones: string[]; currencies: string[] }) {
  const { state, form } = useFormAction(createWorkspaceAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <TextField label="Workspace name" name="name" placeholder="Acme Outdoor Co." required error={state?.fields?.name} />
      <WorkspaceLocaleFields timeZones={timeZones} currencies={currencies} errors={state?.fields} />
      <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
    </form>
  );
}
