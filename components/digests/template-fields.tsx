"use client";

import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { SectionType } from "@/lib/digests/sections";
import type { ConditionOp } from "@/lib/digests/template";
import type { TemplateDraft } from "./draft";

// One template's fields (the default, or one destination's), with the server's errors at each.

const OPS: ConditionOp[] = ["<", "<=", ">", ">="];

export function TemplateFields({ idPrefix, template, onChange, errorAt, metrics, sections, sectionLabels, inherits }: {
  /** Keeps ids unique per template, since only one is shown at a time but each keeps its own. */
  idPrefix: string;
  template: TemplateDraft;
  onChange: (next: TemplateDraft) => void;
  /** The error for a field of this template ("title", "conditions.0.than"), if any. */
  errorAt: (field: string) => string | undefined;
  metrics: { id: string; label: string }[];
  /** The digest's sections, in order. */
  sections: SectionType[];
  sectionLabels: Record<SectionType, string>;
  inherits: boolean;
}) {
  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) => onChange({ ...template, [key]: value });
  const shown = template.sections ?? sections;
  const toggleSection = (type: SectionType, on: boolean) => {
    const next = sections.filter((s) => (s === type ? on : shown.includes(s)));
    set("sections", next.length === sections.length ? null : next);
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  const hint = inherits ? "Blank: the default template's." : undefined;
  return (
    <div className="space-y-4">
      <TextField label="Title" name="title" id={id("title")} value={template.title} onChange={(e) => set("title", e.target.value)} error={errorAt("title")}
        hint={hint ?? "Placeholders: {{total_sales}}, {{orders.change}}, {{date}}, {{range}}, {{workspace}}, {{digest}}."} maxLength={200} />
      <TextAreaField label="Intro" name="intro" id={id("intro")} rows={3} value={template.intro} onChange={(e) => set("intro", e.target.value)} error={errorAt("intro")}
        hint={hint ?? "Shown under the title; the same placeholders work here."} maxLength={2000} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Sections shown</legend>
        {sections.map((type) => (
          <label key={type} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={shown.includes(type)} onChange={(e) => toggleSection(type, e.target.checked)} />
            {sectionLabels[type]}
          </label>
        ))}
        {errorAt("sections") ? <p className="text-sm text-red-600" role="alert">{errorAt("sections")}</p> : null}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Send only if</legend>
        {template.conditions.length === 0 ? <p className="text-xs text-slate-500">No conditions: it is always sent.</p> : null}
        {template.conditions.map((c, i) => {
          const put = (patch: Partial<typeof c>) => set("conditions", template.conditions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <div key={i} className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[2fr_1fr_2fr_auto]" data-testid="condition">
              <SelectField label="Metric" name={id(`condition-${i}-metric`)} value={c.metric} onChange={(e) => put({ metric: e.target.value })}
                error={errorAt(`conditions.${i}.metric`)} options={metrics.map((m) => ({ value: m.id, label: m.label }))} />
              <SelectField label="Is" name={id(`condition-${i}-op`)} value={c.op} onChange={(e) => put({ op: e.target.value as ConditionOp })}
                options={OPS.map((op) => ({ value: op, label: op }))} />
              <TextField label="Than" name={id(`condition-${i}-than`)} value={c.than} onChange={(e) => put({ than: e.target.value })}
                error={errorAt(`conditions.${i}.than`)} hint="baseline, previous or a number" list={id("than-words")} />
              <Button type="button" variant="ghost" onClick={() => set("conditions", template.conditions.filter((_, j) => j !== i))} aria-label={`Remove condition ${i + 1}`}>
                Remove
              </Button>
            </div>
          );
        })}
        <datalist id={id("than-words")}>
          <option value="baseline" />
          <option value="previous" />
        </datalist>
        {template.conditions.length < 5 ? (
          <Button type="button" variant="secondary" onClick={() => set("conditions", [...template.conditions, { metric: "orders", op: "<", than: "baseline" }])}>
            Add a condition
          </Button>
        ) : null}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Image URL" name={id("image-url")} value={template.imageUrl} onChange={(e) => set("imageUrl", e.target.value)} error={errorAt("image.url")} hint="https only" />
        <TextField label="Image description" name={id("image-alt")} value={template.imageAlt} onChange={(e) => set("imageAlt", e.target.value)} error={errorAt("image.alt")} />
        <TextField label="Link label" name={id("link-label")} value={template.linkLabel} onChange={(e) => set("linkLabel", e.target.value)} error={errorAt("link.label")} />
        <TextField label="Link URL" name={id("link-url")} value={template.linkUrl} onChange={(e) => set("linkUrl", e.target.value)} error={errorAt("link.url")} />
      </div>
    </div>
  );
}
