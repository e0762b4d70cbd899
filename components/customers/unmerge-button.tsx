"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

// Un-merging asks once before it acts: it splits one customer's history back into two.

export function UnmergeButton({ slug, mergeId, names, action }: {
  slug: string;
  mergeId: string;
  /** The two customers, as the row shows them. */
  names: [string, string];
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const { state, form } = useFormAction(action);
  // The question stays open until the action answers: a new state (done, or an error) closes it.
  const [askedAt, setAskedAt] = useState<ActionState | undefined>(undefined);
  const confirming = askedAt !== undefined && askedAt === state;
  if (state?.ok) return <ActionNotice state={state} />;
  return (
    <div className="space-y-2">
      {confirming ? (
        <form {...form} aria-label="Confirm un-merge" className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 p-3 ring-1 ring-inset ring-amber-200">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={mergeId} />
          <p className="w-full text-sm text-amber-900">
            Treat {names[0]} and {names[1]} as two customers again? Their orders, cohorts and lifetime value are split back, and this
            evidence will not merge them again.
          </p>
          <SubmitButton pendingLabel="Un-merging…">Yes, un-merge</SubmitButton>
          <Button type="button" variant="ghost" onClick={() => setAskedAt(undefined)}>Cancel</Button>
        </form>
      ) : (
        <Button type="button" variant="secondary" onClick={() => setAskedAt(state)}>Un-merge</Button>
      )}
      <ActionNotice state={state} />
    </div>
  );
}
