"use client";

import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { ActionState } from "@/lib/actions";
import type { RulePreview } from "@/lib/alerts/preview";
import type { RuleView } from "@/lib/alerts/views";
import { BandChart } from "./band-chart";

type PreviewAnswer = { ok: true; preview: RulePreview } | { ok: false; error: string; fields?: Record<string, string> };

export type RuleEditorProps = {
  slug: string;
  metrics: { id: string; label: string }[];
  destinations: { id: string; name: string }[];
  /** The rule being edited, or null for a new one. */
  rule: RuleView | null;
  canEdit: boolean;
  save: (slug: string, ruleId: string | null, input: unknown) => Promise<ActionState>;
  preview: (slug: string, input: unknown) => Promise<PreviewAnswer>;
  onDone?: () => void;
};

type Draft = {
  name: string;
  kind: "metric" | "integration";
  metric: string;
  method: "threshold" | "change" | "anomaly";
  window: "complete_day" | "today_so_far";
  operator: "above" | "below";
  value: string;
  direction: "drop" | "rise" | "either";
  percent: string;
  sensitivity: "low" | "medium" | "high";
  check: string;
  hours: string;
  channel: string;
  platform: string;
  destinations: string[];
};

function draftOf(rule: RuleView | null): Draft {
  return {
    name: rule?.name ?? "",
    kind: rule?.kind ?? "metric",
    metric: rule?.metric ?? "net_sales",
    method: rule?.method ?? "anomaly",
    window: rule?.window ?? "complete_day",
    operator: rule?.params.operator ?? "below",
    value: rule?.params.value ?? "",
    direction: rule?.params.direction ?? "drop",
    percent: String(rule?.params.percent ?? 25),
    sensitivity: rule?.params.sensitivity ?? "medium",
    check: rule?.check ?? "needs_reauth",
    hours: String(rule?.hours ?? 6),
    channel: rule?.filters.channel?.join(", ") ?? "",
    platform: rule?.filters.platform?.join(", ") ?? "",
    destinations: rule?.destination_ids ?? [],
  };
}

const list = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

/** The API's rule body from the form: only the fields the kind and method use. */
function bodyOf(d: Draft): Record<string, unknown> {
  if (d.kind === "integration") return { name: d.name, kind: d.kind, check: d.check, hours: Number(d.hours) || null, destination_ids: d.destinations };
  const params =
    d.method === "threshold" ? { operator: d.operator, value: d.value } :
    d.method === "change" ? { direction: d.direction, percent: Number(d.percent) } :
    { direction: d.direction, sensitivity: d.sensitivity };
  const filters = { ...(list(d.channel).length ? { channel: list(d.channel) } : {}), ...(list(d.platform).length ? { platform: list(d.platform) } : {}) };
  return { name: d.name, kind: d.kind, metric: d.metric, method: d.method, window: d.window, params, filters, destination_ids: d.destinations };
}

const STATE_WORDS = { firing: "Would alert now", quiet: "Within bounds now", insufficient: "Not judged" } as const;

export function RuleEditor({ slug, metrics, destinations, rule, canEdit, save, preview, onDone }: RuleEditorProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [saved, setSaved] = useState<ActionState>(null);
  const [pending, startTransition] = useTransition();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const body = bodyOf({ ...draft, name: draft.name || "Preview" });
  const bodyKey = JSON.stringify(body);

  // Re-judged a moment after the last change, so typing a threshold does not run a report per key.
  useEffect(() => {
    const timer = setTimeout(() => {
      preview(slug, JSON.parse(bodyKey)).then(setAnswer, () => setAnswer({ ok: false, error: "The preview failed." }));
    }, 400);
    return () => clearTimeout(timer);
  }, [slug, bodyKey, preview]);

  const fields = (saved && !saved.ok ? saved.fields : undefined) ?? (answer && !answer.ok ? answer.fields : undefined) ?? {};
  const submit = () =>
    startTransition(async () => {
      const result = await save(slug, rule?.id ?? null, bodyOf(draft));
      setSaved(result);
      if (result?.ok) onDone?.();
    });

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form className="space-y-4" onSubmit={(e) => (e.preventDefault(), submit())} aria-label={rule ? "Edit alert rule" : "New alert rule"}>
        <TextField label="Name" name="name" value={draft.name} onChange={(e) => set("name", e.target.value)} error={fields.name} required maxLength={120} />
        <SelectField label="Watch" name="kind" value={draft.kind} onChange={(e) => set("kind", e.target.value as Draft["kind"])}
          options={[{ value: "metric", label: "A metric" }, { value: "integration", label: "Connections" }]} />
        {draft.kind === "metric" ? (
          <>
            <SelectField label="Metric" name="metric" value={draft.metric} onChange={(e) => set("metric", e.target.value)} error={fields.metric}
              options={metrics.map((m) => ({ value: m.id, label: m.label }))} />
            <SelectField label="Judge" name="window" value={draft.window} onChange={(e) => set("window", e.target.value as Draft["window"])} error={fields.window}
              options={[{ value: "complete_day", label: "Complete days (yesterday, once a day)" }, { value: "today_so_far", label: "Today so far (hourly and after each sync)" }]} />
            <SelectField label="Method" name="method" value={draft.method} onChange={(e) => set("method", e.target.value as Draft["method"])}
              options={[{ value: "anomaly", label: "Anomaly vs the usual weekday" }, { value: "change", label: "Change vs the last 4 same weekdays" }, { value: "threshold", label: "Threshold" }]} />
            {draft.method === "threshold" ? (
              <div className="grid grid-cols-2 gap-3">
                <SelectField label="When" name="operator" value={draft.operator} onChange={(e) => set("operator", e.target.value as Draft["operator"])}
                  options={[{ value: "below", label: "Below" }, { value: "above", label: "Above" }]} />
                <TextField label="Value" name="value" inputMode="decimal" value={draft.value} onChange={(e) => set("value", e.target.value)} error={fields["params.value"]} />
              </div>
            ) : (
              <div className="grid grid-cols-2 gap-3">
                <SelectField label="Direction" name="direction" value={draft.direction} onChange={(e) => set("direction", e.target.value as Draft["direction"])}
                  options={[{ value: "drop", label: "Drops" }, { value: "rise", label: "Rises" }, { value: "either", label: "Either" }]} />
                {draft.method === "change" ? (
                  <TextField label="By at least (%)" name="percent" inputMode="numeric" value={draft.percent} onChange={(e) => set("percent", e.target.value)} error={fields["params.percent"]} />
                ) : (
                  <SelectField label="Sensitivity" name="sensitivity" value={draft.sensitivity} onChange={(e) => set("sensitivity", e.target.value as Draft["sensitivity"])}
                    options={[{ value: "low", label: "Low (z 4)" }, { value: "medium", label: "Medium (z 3)" }, { value: "high", label: "High (z 2)" }]} />
                )}
              </div>
            )}
            <div className="grid grid-cols-2 gap-3">
              <TextField label="Channels" name="channel" hint="Optional, comma-separated" value={draft.channel} onChange={(e) => set("channel", e.target.value)} error={fields["filters.channel"]} />
              <TextField label="Platforms" name="platform" hint="Optional, comma-separated" value={draft.platform} onChange={(e) => set("platform", e.target.value)} error={fields["filters.platform"]} />
            </div>
          </>
        ) : (
          <div className="grid grid-cols-2 gap-3">
            <SelectField label="Check" name="check" value={draft.check} onChange={(e) => set("check", e.target.value)} error={fields.check}
              options={[
                { value: "needs_reauth", label: "Needs re-authorisation" },
                { value: "sync_failing", label: "Sync failing" },
                { value: "token_expiring", label: "Token expiring (7 days)" },
                { value: "no_orders", label: "No orders" },
                { value: "no_spend", label: "No ad spend" },
              ]} />
            <TextField label="For hours" name="hours" inputMode="numeric" value={draft.hours} onChange={(e) => set("hours", e.target.value)} error={fields.hours} />
          </div>
        )}
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">Notify</legend>
          {destinations.length === 0 ? <p className="text-xs text-slate-500">No destinations yet: incidents show here only. Admins add them under Settings → Notifications.</p> : null}
          {destinations.map((d) => (
            <label key={d.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={draft.destinations.includes(d.id)}
                onChange={(e) => set("destinations", e.target.checked ? [...draft.destinations, d.id] : draft.destinations.filter((x) => x !== d.id))} />
              {d.name}
            </label>
          ))}
          {fields.destination_ids || fields["destination_ids.0"] ? <p className="text-sm text-red-600" role="alert">{fields.destination_ids ?? fields["destination_ids.0"]}</p> : null}
        </fieldset>
        {saved && !saved.ok ? <p className="text-sm text-red-600" role="alert">{saved.error}</p> : null}
        {saved?.ok ? <p className="text-sm text-emerald-700" role="status">{saved.message}</p> : null}
        {canEdit ? <Button type="submit" disabled={pending}>{rule ? "Save rule" : "Create rule"}</Button> : null}
      </form>
      <section aria-label="What it would say now" className="space-y-3" data-testid="rule-preview">
        <h3 className="text-sm font-semibold text-slate-900">What it would say now</h3>
        {answer === null ? <p className="text-sm text-slate-500">Judging…</p> : null}
        {answer && !answer.ok ? <p className="text-sm text-slate-600">{answer.error}</p> : null}
        {answer?.ok ? (
          <>
            {answer.preview.judgements.length === 0 ? <p className="text-sm text-slate-500">No connection this check applies to.</p> : null}
            {answer.preview.judgements.slice(0, 5).map((j, i) => (
              <div key={i} className="rounded-md bg-slate-50 p-3 text-sm">
                <p className="font-medium">{STATE_WORDS[j.state]}: {j.subject}</p>
                <p className="text-slate-700">{j.summary}</p>
                <p className="mt-1 text-xs text-slate-500">Value {j.value} · Baseline {j.baseline}</p>
                <p className="text-xs text-slate-500">{j.method}</p>
              </div>
            ))}
            {answer.preview.chart.length > 0 ? <BandChart points={answer.preview.chart} /> : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
