"use client";

import { useState } from "react";
import { useFormAction } from "@/components/ui/form-action";
import { SelectField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { EXPIRY_CHOICES, EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import { createApiKeyAction } from "./actions";
import { NewKey } from "./new-key";

const EXPIRY_OPTIONS = EXPIRY_CHOICES.map((value) => ({ value, label: EXPIRY_LABELS[value] }));

export function CreateKeyForm({ slug, roles, today }: { slug: string; roles: { value: string; label: string }[]; today: string }) {
  const { state, form } = useFormAction(createApiKeyAction);
  // A key that expires is the safer default; "Never" stays one choice away.
  const [expires, setExpires] = useState<ExpiryChoice>("90");
  return (
    <div className="space-y-4">
      {state?.data?.key ? <NewKey secret={state.data.key} /> : <ActionNotice state={state} />}
      <form {...form} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[1fr_10rem_11rem_auto] lg:items-start" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <TextField label="Name" name="name" placeholder="Data warehouse export" required error={state?.fields?.name} />
        <SelectField label="Role" name="role" defaultValue="viewer" options={roles} error={state?.fields?.role} />
        <div className="space-y-2">
          <SelectField
            label="Expires"
            name="expires"
            value={expires}
            onChange={(event) => setExpires(event.target.value as ExpiryChoice)}
            options={EXPIRY_OPTIONS}
            error={state?.fields?.expires}
          />
          {expires === "date" ? (
            <TextField
              label="Last day it works"
              name="expiresOn"
              type="date"
              min={today}
              required
              error={state?.fields?.expiresOn}
              hint="In the workspace's time zone."
            />
          ) : null}
        </div>
        <div className="lg:pt-6">
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </div>
      </form>
    </div>
  );
}
