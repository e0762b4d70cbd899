"use client";

import { useFormAction } from "@/components/ui/form-action";
import { SelectField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteAction } from "./actions";

export function InviteForm({ slug, roles }: { slug: string; roles: { value: string; label: string }[] }) {
  const { state, form } = useFormAction(inviteAction);
  return (
    <form {...form} className="space-y-4" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
        <TextField label="Email" name="email" type="email" placeholder="colleague@example.com" required error={state?.fields?.email} />
        <SelectField label="Role" name="role" defaultValue="member" options={roles} error={state?.fields?.role} />
        <div className="sm:pt-6">
          <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
        </div>
      </div>
    </form>
  );
}
