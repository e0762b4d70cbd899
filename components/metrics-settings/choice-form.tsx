"use client";

import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

export type Choice = { value: string; label: string; description: string };

/** One setting picked from a few described options, saved by a server action. */
export function ChoiceForm({ slug, name, title, choices, current, action, readOnly }: {
  slug: string;
  /** The form field the action reads. */
  name: string;
  /** The setting's name: the form's label and the button's. */
  title: string;
  choices: readonly Choice[];
  current: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  readOnly: boolean;
}) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className="space-y-3" aria-label={title}>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="space-y-2" disabled={readOnly}>
        <legend className="sr-only">{title}</legend>
        {choices.map((choice) => (
          <label key={choice.value} className="flex gap-3 rounded-md p-2 ring-1 ring-inset ring-slate-200 has-[:checked]:ring-brand-600">
            <input type="radio" name={name} value={choice.value} defaultChecked={current === choice.value} className="mt-1" />
            <span>
              <span className="block text-sm font-medium text-slate-900">{choice.label}</span>
              <span className="block text-sm text-slate-500">{choice.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {state?.fields?.[name] ? <p className="text-sm text-red-600">{state.fields[name]}</p> : null}
      {readOnly ? null : <SubmitButton pendingLabel="Saving…">Save {title.toLowerCase()}</SubmitButton>}
    </form>
  );
}
