"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { ActionState } from "@/lib/actions";
import type { DigestPreviewView } from "@/lib/digests/api-schema";
import type { SectionType } from "@/lib/digests/sections";
import { DestinationBodies } from "./destination-bodies";
import { BASIS_OPTIONS, bodyOf, DEFAULT_TEMPLATE_KEY, draftOf, SCHEDULE_KINDS, SECTION_ORDER, templateDraftOf, WEEKDAY_OPTIONS, type DigestBody, type Draft } from "./draft";
import { TemplateFields } from "./template-fields";

type PreviewAnswer =
  | { ok: true; preview: DigestPreviewView & { schedule_text: string; next_run_at: string } }
  | { ok: false; error: string; fields?: Record<string, string> };

export type DigestEditorProps = {
  slug: string;
  /** The digest being edited, or null for a new one. */
  digestId: string | null;
  initial: DigestBody;
  canEdit: boolean;
  workspaceZone: string;
  metrics: { id: string; label: string }[];
  destinations: { id: string; name: string; kind: string }[];
  sectionLabels: Record<SectionType, string>;
  /** Where destinations are added, for those who may; null for the others. */
  destinationsHref: string | null;
  save: (slug: string, digestId: string | null, input: unknown) => Promise<ActionState>;
  preview: (slug: string, digestId: string | null, input: unknown) => Promise<PreviewAnswer>;
};

const DAYS_OF_MONTH = [...Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })), { value: "last", label: "Last day" }];

export function DigestEditor({ slug, digestId, initial, canEdit, workspaceZone, metrics, destinations, sectionLabels, destinationsHref, save, preview }: DigestEditorProps) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [saved, setSaved] = useState<ActionState>(null);
  const [templateKey, setTemplateKey] = useState(DEFAULT_TEMPLATE_KEY);
  const [pending, startTransition] = useTransition();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const creating = digestId === null;
  const body = bodyOf(draft, { creating });
  // The preview needs a name to validate; an unnamed draft still shows what it would send.
  const bodyKey = JSON.stringify({ ...body, name: body.name.trim() || "Untitled digest" });
  const labels = useMemo(() => new Map(metrics.map((m) => [m.id, m.label])), [metrics]);

  // Re-rendered a moment after the last change, so typing does not run the reports per key.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      preview(slug, digestId, JSON.parse(bodyKey)).then(
        (next) => current && setAnswer(next),
        () => current && setAnswer({ ok: false, error: "The preview failed." }),
      );
    }, 500);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [slug, digestId, bodyKey, preview]);

  // Save errors win; until a save, the preview's validation shows at the fields as the user types.
  const fields = (saved && !saved.ok ? saved.fields : undefined) ?? (answer && !answer.ok ? answer.fields : undefined) ?? {};
  const errorAt = (path: string) => fields[path] ?? Object.entries(fields).find(([key]) => key.startsWith(`${path}.`))?.[1];
  const templatePath = templateKey === DEFAULT_TEMPLATE_KEY ? "template.default" : `template.destinations.${templateKey}`;
  const chosenSections = SECTION_ORDER.filter((type) => draft.sections[type].on);
  const templateTargets = [{ value: DEFAULT_TEMPLATE_KEY, label: "Default (every destination)" }, ...destinations.filter((d) => draft.destinationIds.includes(d.id)).map((d) => ({ value: d.id, label: d.name }))];
  const activeTemplate = templateTargets.some((t) => t.value === templateKey) ? templateKey : DEFAULT_TEMPLATE_KEY;
  const templateErrors = Object.keys(fields).filter((key) => key.startsWith("template.") && !key.startsWith(`${templatePath}.`));

  const submit = () =>
    startTransition(async () => {
      const result = await save(slug, digestId, bodyOf(draft, { creating }));
      setSaved(result);
      if (result?.ok && creating && result.data?.id) router.push(`/w/${slug}/digests/${result.data.id}`);
      else if (result?.ok) router.refresh();
    });

  const scheduleKind = draft.scheduleKind;
  const addableKpis = metrics.filter((m) => !draft.kpis.includes(m.id));
  const [kpiToAdd, setKpiToAdd] = useState("");

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form className="min-w-0 space-y-6" onSubmit={(e) => (e.preventDefault(), submit())} aria-label={creating ? "New digest" : "Edit digest"} noValidate>
        <TextField label="Name" name="name" value={draft.name} onChange={(e) => set("name", e.target.value)} error={errorAt("name")} required maxLength={100} disabled={!canEdit} />

        <fieldset className="space-y-3" disabled={!canEdit}>
          <legend className="text-sm font-semibold text-slate-900">When</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Schedule" name="schedule_kind" value={scheduleKind} onChange={(e) => set("scheduleKind", e.target.value as Draft["scheduleKind"])}
              error={errorAt("schedule.kind")} options={SCHEDULE_KINDS} />
            {scheduleKind === "cron" ? (
              <TextField label="Cron expression" name="expression" value={draft.expression} onChange={(e) => set("expression", e.target.value)}
                error={errorAt("schedule.expression")} hint="minute hour day-of-month month day-of-week, local time" />
            ) : (
              <TextField label="Local time" name="time" type="time" value={draft.time} onChange={(e) => set("time", e.target.value)} error={errorAt("schedule.time")} />
            )}
            {scheduleKind === "weekly" ? (
              <SelectField label="Day of the week" name="day_of_week" value={draft.dayOfWeek} onChange={(e) => set("dayOfWeek", e.target.value)} error={errorAt("schedule.day_of_week")} options={WEEKDAY_OPTIONS} />
            ) : null}
            {scheduleKind === "monthly" ? (
              <SelectField label="Day of the month" name="day_of_month" value={draft.dayOfMonth} onChange={(e) => set("dayOfMonth", e.target.value)} error={errorAt("schedule.day_of_month")} options={DAYS_OF_MONTH} />
            ) : null}
            <SelectField label="Time zone" name="zone" value={draft.zone}
              onChange={(e) => {
                const zone = e.target.value as Draft["zone"];
                // The member's own zone starts as the one their browser is in.
                setDraft((d) => ({ ...d, zone, ownZone: d.ownZone || Intl.DateTimeFormat().resolvedOptions().timeZone }));
              }}
              options={[{ value: "workspace", label: `The workspace's (${workspaceZone})` }, { value: "own", label: "My own" }]} />
            {draft.zone === "own" ? (
              <TextField label="My time zone" name="time_zone" value={draft.ownZone} onChange={(e) => set("ownZone", e.target.value)} error={errorAt("time_zone")} hint="An IANA zone, e.g. Europe/Berlin" />
            ) : null}
            <SelectField label="Reports on" name="basis" value={draft.basis} onChange={(e) => set("basis", e.target.value as Draft["basis"])} error={errorAt("basis")} options={BASIS_OPTIONS} />
          </div>
          <p className="text-sm text-slate-600" data-testid="schedule-words" aria-live="polite">
            {answer?.ok ? answer.preview.schedule_text : errorAt("schedule") ? "" : "…"}
          </p>
        </fieldset>

        <fieldset className="space-y-3" disabled={!canEdit}>
          <legend className="text-sm font-semibold text-slate-900">Sections</legend>
          {errorAt("sections") ? <p className="text-sm text-red-600" role="alert">{errorAt("sections")}</p> : null}
          {SECTION_ORDER.map((type) => (
            <div key={type} className="space-y-2">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={draft.sections[type].on} onChange={(e) => set("sections", { ...draft.sections, [type]: { ...draft.sections[type], on: e.target.checked } })} />
                {sectionLabels[type]}
              </label>
              {draft.sections[type].on && type === "kpis" ? (
                <div className="ml-6 space-y-2">
                  <ol className="flex flex-wrap gap-2" aria-label="Key numbers shown">
                    {draft.kpis.map((id, i) => (
                      <li key={id} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-3 pr-1 text-sm">
                        {labels.get(id) ?? id}
                        <button type="button" className="rounded-full px-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900" aria-label={`Remove ${labels.get(id) ?? id}`}
                          onClick={() => set("kpis", draft.kpis.filter((_, j) => j !== i))}>
                          ×
                        </button>
                      </li>
                    ))}
                  </ol>
                  {draft.kpis.length < 12 ? (
                    <div className="flex flex-wrap items-end gap-2">
                      <div className="min-w-0 flex-1">
                        <SelectField label="Add a number" name="add_kpi" value={kpiToAdd} onChange={(e) => setKpiToAdd(e.target.value)}
                          options={[{ value: "", label: "Choose a metric…" }, ...addableKpis.map((m) => ({ value: m.id, label: m.label }))]} />
                      </div>
                      <Button type="button" variant="secondary" disabled={!kpiToAdd} onClick={() => (set("kpis", [...draft.kpis, kpiToAdd]), setKpiToAdd(""))}>Add</Button>
                    </div>
                  ) : null}
                  {errorAt("sections.0.metrics") ? <p className="text-sm text-red-600" role="alert">{errorAt("sections.0.metrics")}</p> : null}
                </div>
              ) : null}
              {draft.sections[type].on && type !== "kpis" ? (
                <div className="ml-6 max-w-40">
                  <TextField label="How many" name={`${type}_limit`} inputMode="numeric" value={draft.sections[type].limit}
                    onChange={(e) => set("sections", { ...draft.sections, [type]: { ...draft.sections[type], limit: e.target.value } })}
                    error={errorAt(`sections.${chosenSections.indexOf(type)}.limit`)} />
                </div>
              ) : null}
            </div>
          ))}
        </fieldset>

        <fieldset className="space-y-2" disabled={!canEdit}>
          <legend className="text-sm font-semibold text-slate-900">Send to</legend>
          {destinations.length === 0 ? <p className="text-sm text-slate-500">This workspace has no notification destinations yet.</p> : null}
          {destinations.map((d) => (
            <label key={d.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={draft.destinationIds.includes(d.id)}
                onChange={(e) => set("destinationIds", e.target.checked ? [...draft.destinationIds, d.id] : draft.destinationIds.filter((x) => x !== d.id))} />
              {d.name}
            </label>
          ))}
          {errorAt("destination_ids") ? <p className="text-sm text-red-600" role="alert">{errorAt("destination_ids")}</p> : null}
          <p className="text-xs text-slate-500">
            {destinationsHref ? (
              <Link href={destinationsHref} className="font-medium text-brand-700 hover:underline">Add a destination</Link>
            ) : (
              "Admins add destinations under Settings → Notifications."
            )}
          </p>
        </fieldset>

        <fieldset className="space-y-3" disabled={!canEdit}>
          <legend className="text-sm font-semibold text-slate-900">Message</legend>
          <SelectField label="Template for" name="template_for" value={activeTemplate} onChange={(e) => setTemplateKey(e.target.value)} options={templateTargets} />
          {templateErrors.length > 0 ? (
            <p className="text-sm text-red-600" role="alert">Another template has a problem: {templateErrors.map((key) => fields[key]).join(" ")}</p>
          ) : null}
          <TemplateFields
            key={activeTemplate}
            idPrefix={`template-${activeTemplate}`}
            template={draft.templates[activeTemplate] ?? templateDraftOf(undefined)}
            onChange={(next) => set("templates", { ...draft.templates, [activeTemplate]: next })}
            errorAt={(field) => errorAt(`${activeTemplate === DEFAULT_TEMPLATE_KEY ? "template.default" : `template.destinations.${activeTemplate}`}.${field}`)}
            metrics={metrics}
            sections={chosenSections}
            sectionLabels={sectionLabels}
            inherits={activeTemplate !== DEFAULT_TEMPLATE_KEY}
          />
        </fieldset>

        <fieldset className="space-y-2" disabled={!canEdit}>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />
            On: send on schedule
          </label>
          {creating ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={draft.personal} onChange={(e) => set("personal", e.target.checked)} />
              Personal: only I see and edit it
            </label>
          ) : null}
        </fieldset>

        {saved && !saved.ok ? <p className="text-sm text-red-600" role="alert">{saved.error}</p> : null}
        {saved?.ok ? <p className="text-sm text-emerald-700" role="status">{saved.message}</p> : null}
        {canEdit ? <Button type="submit" disabled={pending}>{pending ? "Saving…" : creating ? "Create digest" : "Save digest"}</Button> : null}
      </form>

      <section aria-label="Preview" className="min-w-0 space-y-3" data-testid="digest-preview">
        <h2 className="text-base font-semibold text-slate-900">What each destination receives</h2>
        <p className="text-xs text-slate-500">Rendered from the current figures as you edit; nothing is sent.</p>
        {answer === null ? <p className="text-sm text-slate-500">Rendering…</p> : null}
        {answer && !answer.ok ? <p className="text-sm text-slate-600" role="status">{answer.error}</p> : null}
        {answer?.ok ? <DestinationBodies preview={answer.preview} /> : null}
      </section>
    </div>
  );
}
