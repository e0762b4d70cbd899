"use client";

import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

export const REVENUE_BASES = [
  {
    value: "transaction_date",
    label: "Transaction date",
    description: "A refund counts as a return on the day it was issued, as Shopify's own reports do. Past days never change after a refund.",
  },
  {
    value: "order_date",
    label: "Order date",
    description: "A refund counts against the day of the original order, so each day shows what its orders finally earned. Past days change when refunds arrive.",
  },
] as const;

export function RevenueBasisForm({ slug, current, action, readOnly }: {
  slug: string;
  current: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  readOnly: boolean;
}) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className="space-y-3" aria-label="Revenue basis">
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="space-y-2" disabled={readOnly}>
        <legend className="sr-only">Revenue basis</legend>
        {REVENUE_BASES.map((basis) => (
          <label key={basis.value} className="flex gap-3 rounded-md p-2 ring-1 ring-inset ring-slate-200 has-[:checked]:ring-brand-600">
            <input type="radio" name="revenueBasis" value={basis.value} defaultChecked={current === basis.value} className="mt-1" />
            <span>
              <span className="block text-sm font-medium text-slate-900">{basis.label}</span>
              <span className="block text-sm text-slate-500">{basis.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {state?.fields?.revenueBasis ? <p className="text-sm text-red-600">{state.fields.revenueBasis}</p> : null}
      {readOnly ? null : <SubmitButton pendingLabel="Saving…">Save revenue basis</SubmitButton>}
    </form>
  );
}
