"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/form-action";
import { TextField } from "@/components/ui/field";
import { ActionNotice, Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

export type RuleField = "title" | "sku" | "product" | "tag";
export type EditorRule = { field: RuleField; value: string };
export type RuleOptions = { titles: string[]; skus: string[]; tags: string[]; products: { id: string; title: string }[] };
type Preview = { fromDay: string; toDay: string; lines: { title: string; units: number }[] };
type PreviewResult = { ok: boolean; error?: string; preview?: Preview } | null;

export const RULE_FIELD_LABELS: Record<RuleField, string> = { title: "Title", sku: "SKU", product: "Product", tag: "Product tag" };

const SELECT = "rounded-md border-0 py-2 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300";
const INPUT = "block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300";

/** Creates or edits one product group: a name and rules picked from the store's own values. */
export function ProductGroupEditor({ slug, group, options, saveAction, previewAction, onDone }: {
  slug: string;
  group?: { id: string; name: string; rules: EditorRule[] };
  options: RuleOptions;
  saveAction: (prev: ActionState, form: FormData) => Promise<ActionState>;
  previewAction: (form: FormData) => Promise<PreviewResult>;
  onDone?: () => void;
}) {
  const { state, form } = useFormAction(async (prev: ActionState, data: FormData) => {
    const result = await saveAction(prev, data);
    if (result?.ok) onDone?.();
    return result;
  });
  const [rules, setRules] = useState<EditorRule[]>(group?.rules.length ? group.rules : [{ field: "title", value: "" }]);
  const [preview, setPreview] = useState<PreviewResult>(null);
  const [previewing, startPreview] = useTransition();
  const listId = useId();
  const ruleError = Object.entries(state?.fields ?? {}).find(([key]) => key.startsWith("rules"))?.[1];

  const update = (index: number, rule: Partial<EditorRule>) => setRules((all) => all.map((r, i) => (i === index ? { ...r, ...rule } : r)));
  const runPreview = () =>
    startPreview(async () => {
      const body = new FormData();
      body.set("slug", slug);
      body.set("rules", JSON.stringify(rules));
      setPreview(await previewAction(body));
    });

  return (
    <form {...form} className="space-y-4" aria-label={group ? `Edit ${group.name}` : "New product group"} noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      {group ? <input type="hidden" name="id" value={group.id} /> : null}
      <input type="hidden" name="rules" value={JSON.stringify(rules)} />
      <TextField label="Name" name="name" defaultValue={group?.name} placeholder="Alpha Pro" error={state?.fields?.name} />
      <div className="space-y-2">
        <p className="text-sm font-medium text-slate-700">Line items matching any of these rules</p>
        {rules.map((rule, index) => (
          <div key={index} className="flex flex-wrap items-center gap-2" data-testid="group-rule">
            <select
              aria-label={`Rule ${index + 1} field`}
              className={SELECT}
              value={rule.field}
              onChange={(e) => update(index, { field: e.target.value as RuleField, value: "" })}
            >
              {Object.entries(RULE_FIELD_LABELS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
            {rule.field === "product" ? (
              <select aria-label={`Rule ${index + 1} product`} className={`${SELECT} min-w-0 flex-1`} value={rule.value} onChange={(e) => update(index, { value: e.target.value })}>
                <option value="">Choose a product…</option>
                {options.products.map((p) => (
                  <option key={p.id} value={p.id}>{p.title} ({p.id})</option>
                ))}
              </select>
            ) : (
              <input
                aria-label={`Rule ${index + 1} value`}
                className={`${INPUT} min-w-0 flex-1`}
                list={`${listId}-${rule.field}`}
                value={rule.value}
                onChange={(e) => update(index, { value: e.target.value })}
              />
            )}
            <Button type="button" variant="ghost" onClick={() => setRules((all) => all.filter((_, i) => i !== index))} disabled={rules.length === 1}>
              Remove
            </Button>
          </div>
        ))}
        {ruleError ? <p className="text-sm text-red-600" role="alert">{ruleError}</p> : null}
        <datalist id={`${listId}-title`}>{options.titles.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id={`${listId}-sku`}>{options.skus.map((v) => <option key={v} value={v} />)}</datalist>
        <datalist id={`${listId}-tag`}>{options.tags.map((v) => <option key={v} value={v} />)}</datalist>
        <Button type="button" variant="secondary" onClick={() => setRules((all) => [...all, { field: "title", value: "" }])}>
          Add rule
        </Button>
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Saving…">{group ? "Save group" : "Create group"}</SubmitButton>
        <Button type="button" variant="secondary" onClick={runPreview} disabled={previewing}>
          {previewing ? "Looking…" : "Preview matches"}
        </Button>
      </div>
      {preview?.error ? <Notice tone="error">{preview.error}</Notice> : null}
      {preview?.preview ? <PreviewTable preview={preview.preview} /> : null}
    </form>
  );
}

export function PreviewTable({ preview }: { preview: Preview }) {
  if (preview.lines.length === 0) {
    return <p className="text-sm text-slate-500">No line items sold from {preview.fromDay} to {preview.toDay} match these rules.</p>;
  }
  return (
    <div className="text-sm" data-testid="group-preview">
      <p className="mb-1 text-slate-500">Matching line items sold from {preview.fromDay} to {preview.toDay}:</p>
      <ul className="divide-y divide-slate-100">
        {preview.lines.map((line) => (
          <li key={line.title} className="flex justify-between py-1">
            <span>{line.title}</span>
            <span className="tabular-nums text-slate-600">{line.units} units</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
