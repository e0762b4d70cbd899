"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  COMPARISON_LABELS,
  customRangeProblem,
  RANGE_LABELS,
  RANGE_PRESETS,
  type DayRange,
  type RangePreset,
  type RangeSelection,
} from "@/lib/dashboards/date-range";
import { rangeLabel } from "@/lib/metrics/report/periods";
import { COMPARISONS, type Comparison } from "@/lib/metrics/report/schema";

const CONTROL = "rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
export const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

export function formatRange(range: DayRange): string {
  return range.from === range.to ? formatDay(range.from) : `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

function InlineSelect({ label, value, onChange, options, testId }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  testId: string;
}) {
  return (
    <label className="text-xs font-medium text-slate-600">
      {label}
      <select className={`mt-1 block ${CONTROL}`} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Presets, a custom from/to and the comparison; the chosen days are spelled out beside them. */
export function RangePicker({ selection, range, compareRange, compareUntil, onChange }: {
  selection: RangeSelection;
  range: DayRange;
  compareRange: DayRange | null;
  /** Today is compared until this local time (HH:MM) on the comparison day. */
  compareUntil: string | null;
  onChange: (selection: RangeSelection) => void;
}) {
  const [customOpen, setCustomOpen] = useState(selection.preset === "custom");
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);

  function pickPreset(preset: RangePreset) {
    if (preset === "custom") {
      setFrom(range.from);
      setTo(range.to);
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    onChange({ preset, compare: selection.compare });
  }

  function applyCustom(event: React.FormEvent) {
    event.preventDefault();
    const problem = customRangeProblem(from, to);
    setError(problem);
    if (!problem) onChange({ preset: "custom", from, to, compare: selection.compare });
  }

  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="range-picker">
      <InlineSelect
        label="Date range"
        value={customOpen ? "custom" : selection.preset}
        onChange={(value) => pickPreset(value as RangePreset)}
        options={RANGE_PRESETS.map((preset) => ({ value: preset, label: RANGE_LABELS[preset] }))}
        testId="range-preset"
      />
      {customOpen ? (
        <form className="flex flex-wrap items-end gap-2" onSubmit={applyCustom} aria-label="Custom range">
          <label className="text-xs font-medium text-slate-600">
            From
            <input type="date" className={`mt-1 block ${CONTROL}`} value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label className="text-xs font-medium text-slate-600">
            To
            <input type="date" className={`mt-1 block ${CONTROL}`} value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <Button type="submit" variant="secondary" className="py-1.5">
            Apply
          </Button>
          {error ? (
            <p className="w-full text-sm text-red-600" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
      <InlineSelect
        label="Compare to"
        value={selection.compare}
        onChange={(value) => onChange({ ...selection, compare: value as Comparison })}
        options={COMPARISONS.map((compare) => ({ value: compare, label: COMPARISON_LABELS[compare] }))}
        testId="range-compare"
      />
      <p className="pb-1.5 text-sm text-slate-600" data-testid="range-summary">
        {formatRange(range)}
        {compareRange ? (
          <span className="text-slate-400">
            {" "}
            vs <span data-testid="range-compare-label">{rangeLabel(compareRange.from, compareRange.to)}{compareUntil ? ` until ${compareUntil}` : ""}</span>
          </span>
        ) : null}
      </p>
    </div>
  );
}
