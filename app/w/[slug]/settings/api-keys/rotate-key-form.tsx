"use client";

import { useActionState } from "react";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { rotateApiKeyAction } from "./actions";
import { NewKey } from "./new-key";

/** Rotates one key and shows its new secret once, under the row. */
export function RotateKeyForm({ slug, id, name }: { slug: string; id: string; name: string }) {
  const [state, action] = useActionState(rotateApiKeyAction, null);
  return (
    <form action={action} aria-label={`Rotate ${name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="ghost" pendingLabel="Rotating…">
        Rotate
      </SubmitButton>
      {state?.data?.key ? (
        <div className="mt-2 max-w-sm text-left">
          <NewKey secret={state.data.key} note={state.message} />
        </div>
      ) : state?.error ? (
        <div className="mt-2 max-w-sm text-left">
          <ActionNotice state={state} />
        </div>
      ) : null}
    </form>
  );
}
