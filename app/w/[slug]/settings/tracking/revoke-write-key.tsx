"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeWriteKeyAction } from "./actions";

/** Revoking asks once more: the store's pages keep sending with the key and would be refused. */
export function RevokeWriteKey({ slug, id, name }: { slug: string; id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const { state, form } = useFormAction(revokeWriteKeyAction);
  if (!confirming) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="ghost" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
          Revoke…
        </Button>
        <ActionNotice state={state} />
      </div>
    );
  }
  return (
    <form {...form} className="space-y-2 rounded-md bg-red-50 p-3 ring-1 ring-inset ring-red-200" aria-label={`Revoke ${name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-red-800">Revoke &ldquo;{name}&rdquo;? Pages still sending with it will have their events refused. This cannot be undone.</p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingLabel="Revoking…">
          Revoke key
        </SubmitButton>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </Button>
      </div>
      <ActionNotice state={state} />
    </form>
  );
}
