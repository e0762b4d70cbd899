"use client";

import { useActionState, useState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import type { TPopupFormValues } from "@/lib/owned/popups/form";

// The pop-up editor: content, where and when, to whom, the A/B share, with a preview drawn the
// way the snippet draws it (text only). Plain form fields, so it works by keyboard and before
// the page has hydrated; the preview follows what is typed once it has.

const TRIGGERS = [
  { value: "wait", label: "After the page has been open N seconds" },
  { value: "viewed", label: "After the page has been visible N seconds" },
  { value: "event", label: "When an event is tracked" },
];
const AUDIENCES = [
  { value: "any", label: "Everyone" },
  { value: "member", label: "Members (signed in or known customers)" },
  { value: "anonymous", label: "Anonymous visitors only" },
];
const LEVELS = ["high", "medium", "low"] as const;

/** The pop-up as a visitor sees it. */
export function PopupPreview({ title, body, ctaLabel }: { title: string; body: string; ctaLabel: string }) {
  return (
    <div className="rounded-lg bg-slate-500/40 p-4" aria-label="Preview" role="figure">
      <div className="relative mx-auto max-w-sm rounded-xl bg-white p-5 shadow-lg">
        <span aria-hidden className="absolute right-3 top-2 text-xl text-slate-500">×</span>
        <p className="mr-6 text-lg font-semibold text-slate-900 break-words">{title || "Title"}</p>
        {body ? <p className="mt-2 whitespace-pre-line text-sm text-slate-700 break-words">{body}</p> : null}
        {ctaLabel ? <span className="mt-3 inline-block rounded-md bg-slate-900 px-3 py-2 text-sm text-white">{ctaLabel}</span> : null}
      </div>
    </div>
  );
}

export function PopupEditor({ slug, id, values, tags, action }: {
  slug: string;
  id: string | null;
  values: TPopupFormValues;
  tags: { id: string; name: string }[];
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, dispatch] = useActionState(action, null);
  const [preview, setPreview] = useState({ title: values.title, body: values.body, ctaLabel: values.cta_label });
  const error = (name: string) => state?.fields?.[name];
  return (
    <form
      action={dispatch}
      aria-label={id ? "Edit pop-up" : "New pop-up"}
      className="grid gap-6 lg:grid-cols-2"
      onChange={(e) => {
        const form = e.currentTarget;
        const read = (name: string) => String((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "");
        setPreview({ title: read("title"), body: read("body"), ctaLabel: read("cta_label") });
      }}
    >
      <input type="hidden" name="slug" value={slug} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <div className="min-w-0 space-y-4">
        <TextField label="Name" name="name" defaultValue={values.name} error={error("name")} hint="For you; visitors never see it." required />
        <TextField label="Title" name="title" defaultValue={values.title} error={error("title")} required />
        <TextAreaField label="Text" name="body" defaultValue={values.body} error={error("body")} rows={3} hint="Plain text: markup is shown as typed." />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Button label" name="cta_label" defaultValue={values.cta_label} error={error("cta_label")} />
          <TextField label="Button link" name="cta_url" type="url" defaultValue={values.cta_url} error={error("cta_url")} placeholder="https://…" />
        </div>
        <TextField label="Pages (URL pattern)" name="url_pattern" defaultValue={values.url_pattern} error={error("url_pattern")} hint="Path and query; * matches anything: /products/* is every product page." />
        <SelectField label="Show it" name="trigger_type" defaultValue={values.trigger_type} options={TRIGGERS} error={error("trigger_type")} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Seconds (wait or visible)" name="trigger_seconds" inputMode="numeric" defaultValue={values.trigger_seconds} error={error("trigger_seconds")} />
          <TextField label="Event (when tracked)" name="trigger_event" defaultValue={values.trigger_event} error={error("trigger_event")} placeholder="product_added_to_cart" list="popup-events" />
          <datalist id="popup-events">
            <option value="product_clicked" />
            <option value="product_added_to_cart" />
            <option value="signed_up" />
          </datalist>
        </div>
      </div>
      <div className="min-w-0 space-y-4">
        <SelectField label="Audience" name="audience" defaultValue={values.audience} options={AUDIENCES} error={error("audience")} />
        <SelectField
          label="Only people tagged" name="target_tag_id" defaultValue={values.target_tag_id} error={error("target_tag_id")}
          options={[{ value: "", label: tags.length ? "Any tag or none" : "No tags yet" }, ...tags.map((t) => ({ value: t.id, label: t.name }))]}
        />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">Only activity levels (none ticked: every level)</legend>
          <div className="flex flex-wrap gap-4">
            {LEVELS.map((level) => (
              <label key={level} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="target_levels" value={level} defaultChecked={values.target_levels.includes(level)} />
                {level}
              </label>
            ))}
          </div>
          {error("target_levels") ? <p className="text-sm text-red-600" role="alert">{error("target_levels")}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="From (workspace time)" name="active_from" type="datetime-local" defaultValue={values.active_from} error={error("active_from")} />
          <TextField label="Until" name="active_until" type="datetime-local" defaultValue={values.active_until} error={error("active_until")} />
        </div>
        <TextField
          label="A/B: show to this % of visitors" name="show_percent" inputMode="numeric" defaultValue={values.show_percent} error={error("show_percent")}
          hint="The rest never see it (sticky per browser): the holdout its lift is measured against. 100 runs no test."
        />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="enabled" defaultChecked={values.enabled} />
          Enabled
        </label>
        <PopupPreview {...preview} />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton pendingLabel="Saving…">{id ? "Save pop-up" : "Create pop-up"}</SubmitButton>
          <ActionNotice state={state} />
        </div>
      </div>
    </form>
  );
}
