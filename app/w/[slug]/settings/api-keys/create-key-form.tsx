"use client";

import { useActionState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { createApiKeyAction } from "./actions";

export function CreateKeyForm({ slug, roles }: { slug: string; roles: { value: string; label: string }[] }) {
  const [state, action] = useActionState(createApiKeyAction, null);
  return (
    <div className="space-y-4">
      {state?.data?.key ? (
        <div className="rounded-md bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-200" role="status">
          <p className="text-sm font-medium text-emerald-900">Copy this key now. It will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200">
            {state.data.key}
          </code>
        </div>
      ) : (
        <ActionNotice state={state} />
      )}
      <form action={action} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <TextField label="Name" name="name" placeholder="Data warehouse export" required error={state?.fields?.name} />
        <SelectField label="Role" name="role" defaultValue="viewer" options={roles} error={state?.fields?.role} />
        <div className="sm:pt-6">
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </div>
      </form>
    </div>
  );
}
