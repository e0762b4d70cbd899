"use client";

import { useFormAction } from "@/components/ui/form-action";
import { SelectField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteWorkspaceAction, transferOwnershipAction, updateWorkspaceAction } from "./actions";

type Workspace = { slug: string; name: string; timeZone: string; currency: string };

export function GeneralSettingsForm({ workspace, timeZones, currencies }: { workspace: Workspace; timeZones: string[]; currencies: string[] }) {
  const { state, form } = useFormAction(updateWorkspaceAction);
  return (
    <form {...form} className="max-w-xl space-y-4" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={workspace.slug} />
      <TextField label="Name" name="name" defaultValue={workspace.name} required error={state?.fields?.name} />
      <TextField
        label="Address"
        name="newSlug"
        defaultValue={workspace.slug}
        required
        hint={`Your workspace lives at /w/${workspace.slug}. Changing it breaks saved links.`}
        error={state?.fields?.slug}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Reporting time zone"
          name="timeZone"
          defaultValue={workspace.timeZone}
          options={timeZones.map((z) => ({ value: z, label: z }))}
          error={state?.fields?.timeZone}
        />
        <SelectField
          label="Currency"
          name="currency"
          defaultValue={workspace.currency}
          options={currencies.map((c) => ({ value: c, label: c }))}
          error={state?.fields?.currency}
        />
      </div>
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}

export function TransferOwnershipForm({ slug, candidates }: { slug: string; candidates: { userId: string; label: string }[] }) {
  const { state, form } = useFormAction(transferOwnershipAction);
  if (candidates.length === 0) return <p className="text-sm text-slate-500">Invite someone first: ownership can only go to a member.</p>;
  return (
    <form {...form} className="max-w-xl space-y-4">
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <SelectField label="New owner" name="userId" options={candidates.map((c) => ({ value: c.userId, label: c.label }))} />
      <SubmitButton variant="secondary" pendingLabel="Transferring…">
        Transfer ownership
      </SubmitButton>
    </form>
  );
}

export function DeleteWorkspaceForm({ slug }: { slug: string }) {
  const { state, form } = useFormAction(deleteWorkspaceAction);
  return (
    <form {...form} className="max-w-xl space-y-4" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <TextField
        label={`Type "${slug}" to confirm`}
        name="confirmation"
        autoComplete="off"
        required
        error={state?.fields?.confirmation}
      />
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete this workspace
      </SubmitButton>
    </form>
  );
}
