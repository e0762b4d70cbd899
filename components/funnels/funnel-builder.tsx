"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BREAKDOWNS, COUNT_BY, MAX_STEPS, MAX_WINDOW_DAYS, MIN_STEPS, type Breakdown, type CountBy, type TFunnelDefinition } from "@/lib/funnels/definition";
import { funnelSearchParams } from "@/lib/funnels/request";

// Builds a funnel: steps chosen from the workspace's event names (each optionally limited to
// pages whose URL contains some text), the window, what is counted, a breakdown and the dates.
// Showing it loads the page for the new query string, so the URL is the funnel and can be shared.

const FIELD = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";
const LABEL = "flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600";
const BREAKDOWN_NAMES: Record<Breakdown, string> = { channel: "Channel", device: "Device", landing_page: "Landing page", campaign: "First-touch campaign" };

type StepDraft = { event: string; urlContains: string; other: TFunnelDefinition["steps"][number]["where"] };

const draftOf = (definition: TFunnelDefinition): StepDraft[] =>
  definition.steps.map((step) =>
    step.where?.property === "page_url" && step.where.operator === "contains"
      ? { event: step.event, urlContains: step.where.value, other: undefined }
      : { event: step.event, urlContains: "", other: step.where },
  );

export function FunnelBuilder({ base, definition, range, events }: {
  base: string;
  definition: TFunnelDefinition;
  range: { date_from: string; date_to: string };
  events: string[];
}) {
  const router = useRouter();
  const [steps, setSteps] = useState<StepDraft[]>(() => draftOf(definition));
  const [windowDays, setWindowDays] = useState(String(definition.window_days));
  const [countBy, setCountBy] = useState<CountBy>(definition.count_by);
  const [breakdown, setBreakdown] = useState<Breakdown | "">(definition.breakdown ?? "");
  const [dates, setDates] = useState(range);

  const change = (i: number, patch: Partial<StepDraft>) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const choices = (current: string) => (events.includes(current) ? events : [current, ...events]);

  const show = (event: React.FormEvent) => {
    event.preventDefault();
    const next: TFunnelDefinition = {
      steps: steps.map((s) => ({
        event: s.event,
        ...(s.urlContains.trim() ? { where: { property: "page_url", operator: "contains" as const, value: s.urlContains.trim() } } : s.other ? { where: s.other } : {}),
      })),
      window_days: Number(windowDays),
      count_by: countBy,
      breakdown: breakdown || null,
    };
    // The server validates; a bad value comes back as a notice naming it.
    const params = funnelSearchParams(next, dates);
    if (!/^\d+$/.test(windowDays)) params.set("window", windowDays || "0");
    router.push(`${base}?${params.toString()}`);
  };

  return (
    <form onSubmit={show} className="space-y-4" aria-label="Funnel builder" data-testid="funnel-builder">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900">Steps</legend>
        <ol className="space-y-2">
          {steps.map((step, i) => (
            <li key={i} className="grid grid-cols-1 gap-2 sm:grid-cols-[2rem_1fr_1fr_auto] sm:items-end">
              <span className="hidden text-sm text-slate-500 sm:block sm:pb-2">{i + 1}.</span>
              <label className={LABEL}>
                <span>Step {i + 1} event</span>
                <select className={FIELD} value={step.event} onChange={(e) => change(i, { event: e.target.value })} data-testid={`funnel-step-event-${i}`}>
                  {choices(step.event).map((name) => (
                    <option key={name} value={name}>{name}</option>
                  ))}
                </select>
              </label>
              <label className={LABEL}>
                <span>Page URL contains (optional)</span>
                <input className={FIELD} value={step.urlContains} onChange={(e) => change(i, { urlContains: e.target.value, other: undefined })} placeholder="/products/" />
              </label>
              <Button
                type="button"
                variant="ghost"
                disabled={steps.length <= MIN_STEPS}
                onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}
                aria-label={`Remove step ${i + 1}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ol>
        <Button
          type="button"
          variant="secondary"
          disabled={steps.length >= MAX_STEPS}
          onClick={() => setSteps((all) => [...all, { event: events[0] ?? "page_view", urlContains: "", other: undefined }])}
        >
          Add a step
        </Button>
      </fieldset>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <label className={LABEL}>
          Window (days)
          <input className={FIELD} type="number" min={1} max={MAX_WINDOW_DAYS} value={windowDays} onChange={(e) => setWindowDays(e.target.value)} data-testid="funnel-window" />
        </label>
        <label className={LABEL}>
          Count
          <select className={FIELD} value={countBy} onChange={(e) => setCountBy(e.target.value as CountBy)}>
            {COUNT_BY.map((c) => (
              <option key={c} value={c}>{c === "visitor" ? "Visitors" : "Sessions"}</option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          Breakdown
          <select className={FIELD} value={breakdown} onChange={(e) => setBreakdown(e.target.value as Breakdown | "")} data-testid="funnel-breakdown-select">
            <option value="">None</option>
            {BREAKDOWNS.map((b) => (
              <option key={b} value={b}>{BREAKDOWN_NAMES[b]}</option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          From
          <input className={FIELD} type="date" value={dates.date_from} onChange={(e) => setDates((d) => ({ ...d, date_from: e.target.value }))} />
        </label>
        <label className={LABEL}>
          To
          <input className={FIELD} type="date" value={dates.date_to} onChange={(e) => setDates((d) => ({ ...d, date_to: e.target.value }))} />
        </label>
      </div>
      <Button type="submit" data-testid="funnel-show">Show funnel</Button>
    </form>
  );
}
