"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

// "Send now" asks once before it sends (a real message goes out to real channels), then says where
// the run can be followed.

export function SendNow({ slug, digestId, destinations, action, followUp }: {
  slug: string;
  digestId: string;
  destinations: number;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  /** Where the deliveries can be seen, for those who may see them. */
  followUp: { label: string; href: string }[];
}) {
  const { state, form } = useFormAction(action);
  // The question stays open until the action answers: a new state (sent, or an error) closes it.
  const [askedAt, setAskedAt] = useState<ActionState | undefined>(undefined);
  const confirming = askedAt !== undefined && askedAt === state;
  return (
    <div className="space-y-3">
      {confirming ? (
        <form {...form} aria-label="Confirm sending now" className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 p-3 ring-1 ring-inset ring-amber-200">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="id" value={digestId} />
          <p className="w-full text-sm text-amber-900 sm:w-auto">
            Send this digest to its {destinations} destination{destinations === 1 ? "" : "s"} now? The scheduled run stays as it is.
          </p>
          <SubmitButton pendingLabel="Sending…">Yes, send it now</SubmitButton>
          <Button type="button" variant="ghost" onClick={() => setAskedAt(undefined)}>Cancel</Button>
        </form>
      ) : (
        <Button type="button" onClick={() => setAskedAt(state)} disabled={destinations === 0}>Send now</Button>
      )}
      {destinations === 0 ? <p className="text-sm text-slate-500">Choose a destination in the editor first.</p> : null}
      <ActionNotice state={state} />
      {state?.ok && followUp.length > 0 ? (
        <p className="text-sm text-slate-600" data-testid="send-follow-up">
          Follow it in{" "}
          {followUp.map((link, i) => (
            <span key={link.href}>
              {i > 0 ? " or " : ""}
              <Link href={link.href} className="font-medium text-brand-700 hover:underline">{link.label}</Link>
            </span>
          ))}
          .
        </p>
      ) : null}
    </div>
  );
}
