"use client";

import { TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateDestinationAction } from "./actions";
import { DestinationFields } from "./destination-fields";

export function EditDestinationForm({ slug, destination }: { slug: string; destination: { id: string; kind: string; name: string; hint: { secret?: string; addresses?: string[] } } }) {
  const { state, form } = useFormAction(updateDestinationAction);
  const prefix = `edit-${destination.id}`;
  return (
    <form {...form} className="grid gap-4 sm:grid-cols-2" noValidate aria-label={`Edit ${destination.name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={destination.id} />
      <div className="sm:col-span-2">
        <ActionNotice state={state} />
      </div>
      <TextField label="Name" name="name" id={`${prefix}-name`} defaultValue={destination.name} error={state?.fields?.name} />
      {destination.kind === "email" ? (
        <TextField
          label="Email addresses"
          name="addresses"
          id={`${prefix}-addresses`}
          defaultValue={destination.hint.addresses?.join(", ")}
          error={state?.fields?.addresses}
          hint="Separated by commas."
        />
      ) : (
        <DestinationFields kind={destination.kind} fields={state?.fields} prefix={prefix} editing={{ secret: destination.hint.secret }} />
      )}
      {destination.hint.secret && destination.kind !== "webhook" ? (
        <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
          <input type="checkbox" name="removeSecret" value="1" className="h-4 w-4 rounded border-slate-300" /> Remove the secret
        </label>
      ) : null}
      <div className="sm:col-span-2">
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </div>
    </form>
  );
}
