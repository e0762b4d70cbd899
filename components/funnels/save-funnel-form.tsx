"use client";

import type { ActionState } from "@/lib/actions";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { TFunnelDefinition } from "@/lib/funnels/definition";

/** Saves the funnel on screen under a name. */
export function SaveFunnelForm({ slug, definition, action }: {
  slug: string;
  definition: TFunnelDefinition;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  return (
    <ActionForm action={action} hidden={{ slug, definition: JSON.stringify(definition) }} label="Save this funnel">
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
        Name
        <input name="name" required maxLength={100} className="w-full min-w-0 rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="Checkout funnel" />
      </label>
      <SubmitButton variant="secondary" className="self-end" pendingLabel="Saving…">Save funnel</SubmitButton>
    </ActionForm>
  );
}

/** Deletes one saved funnel. */
export function DeleteFunnelForm({ slug, id, name, action }: {
  slug: string;
  id: string;
  name: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  return (
    <ActionForm action={action} hidden={{ slug, id }} label={`Delete ${name}`}>
      <SubmitButton variant="ghost" pendingLabel="Deleting…">
        <span aria-hidden>Delete</span>
        <span className="sr-only">Delete {name}</span>
      </SubmitButton>
    </ActionForm>
  );
}
