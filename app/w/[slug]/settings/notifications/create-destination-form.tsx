"use client";

import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { createDestinationAction } from "./actions";
import { DestinationFields } from "./destination-fields";

export function CreateDestinationForm({ slug, kinds }: { slug: string; kinds: { value: string; label: string }[] }) {
  const { state, form } = useFormAction(createDestinationAction);
  const [kind, setKind] = useState(kinds[0]!.value);
  return (
    <div className="space-y-4">
      <ActionNotice state={state} />
      {state?.data?.secret ? (
        <div className="rounded-md bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-200" role="status">
          <p className="text-sm font-medium text-emerald-900">Copy the signing secret now. It will not be shown again.</p>
          <code data-testid="new-webhook-secret" className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200">
            {state.data.secret}
          </code>
        </div>
      ) : null}
      <form {...form} className="grid gap-4 sm:grid-cols-2" noValidate aria-label="Add a destination">
        <input type="hidden" name="slug" value={slug} />
        <SelectField label="Kind" name="kind" value={kind} onChange={(event) => setKind(event.target.value)} options={kinds} error={state?.fields?.kind} />
        <TextField label="Name" name="name" placeholder="Growth channel" required error={state?.fields?.name} />
        <DestinationFields kind={kind} fields={state?.fields} prefix="new" />
        <div className="sm:col-span-2">
          <SubmitButton pendingLabel="Adding…">Add destination</SubmitButton>
        </div>
      </form>
    </div>
  );
}
