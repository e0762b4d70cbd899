"use client";

import type { ActionState } from "@/lib/actions";
import { useFormAction } from "./form-action";
import { ActionNotice } from "./notice";

/** A small form bound to a server action, showing the action's message or error beside it. */
export function ActionForm({ action, hidden, children, className = "", label }: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  hidden: Record<string, string>;
  children: React.ReactNode;
  className?: string;
  label?: string;
}) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className={className} aria-label={label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap items-center gap-2">{children}</div>
      {state?.error || state?.message ? (
        <div className="mt-2">
          <ActionNotice state={state} />
        </div>
      ) : null}
    </form>
  );
}
