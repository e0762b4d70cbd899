"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionState } from "@/lib/actions";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/**
 * `useActionState` for a form that keeps what the user typed when the server answers with an
 * error. React resets a form after every action it submits, so an error would wipe the fields:
 * submitting from `onSubmit` inside a transition keeps the values (and `useFormStatus` still
 * reports pending), and the form is reset only after a success, as before. `action` stays on the
 * form so it still posts before the page has hydrated.
 */
export function useFormAction(action: Action) {
  const [state, dispatch, pending] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  }

  return { state, pending, form: { ref, action: dispatch, onSubmit } };
}
