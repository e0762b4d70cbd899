"use client";

import { TextAreaField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { createWriteKeyAction } from "./actions";

export function CreateWriteKeyForm({ slug }: { slug: string }) {
  const { state, form } = useFormAction(createWriteKeyAction);
  return (
    <div className="space-y-4">
      <ActionNotice state={state} />
      <form {...form} className="grid gap-4 md:grid-cols-[1fr_1.5fr_auto] md:items-start" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <TextField label="Name" name="name" placeholder="Online store" required maxLength={64} error={state?.fields?.name} />
        <TextAreaField
          label="Allowed origins"
          name="allowed_origins"
          rows={3}
          placeholder={"https://shop.example.com\nhttps://*.example.com"}
          spellCheck={false}
          autoCapitalize="off"
          error={state?.fields?.allowed_origins}
          hint="One per line: the addresses of the pages that may send events with this key. *. allows every subdomain; null allows sandboxed pages such as the Shopify web pixel (give it a key of its own). Without any, no browser may use it."
        />
        <div className="md:pt-6">
          <SubmitButton pendingLabel="Creating…">Create write key</SubmitButton>
        </div>
      </form>
    </div>
  );
}
