"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { COHORT_GRAINS } from "@/lib/cohorts/periods";
import { COHORT_SEGMENTS, type CohortRequest, type CohortSegment } from "@/lib/cohorts/request";

// The cohort page's switches: period, metric, first-order dates, one segment filter and "cohort
// by". Each change loads the page for the new query (so the URL is the report, shareable and
// bookmarkable); a segment filter applies once its value is picked.

export type SegmentOptions = Partial<Record<CohortSegment, { value: string; label: string; customers: number }[]>>;

const FIELD = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";
const LABEL = "flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600";

export function CohortControls({ base, request, view, metrics, segments, segmentLabels }: {
  base: string;
  request: CohortRequest;
  view: string;
  metrics: { id: string; label: string }[];
  segments: SegmentOptions;
  segmentLabels: Record<CohortSegment, string>;
}) {
  const router = useRouter();
  const [segment, setSegment] = useState<CohortSegment | "">(request.segment ?? "");

  const go = (changes: Partial<Record<keyof CohortRequest, string | undefined>>) => {
    const next: Record<string, string | undefined> = { ...request, ...changes };
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(next)) if (value) params.set(name, value);
    if (view !== "heatmap") params.set("view", view);
    router.push(`${base}?${params.toString()}`);
  };

  const available = COHORT_SEGMENTS.filter((s) => (segments[s]?.length ?? 0) > 0);
  const values = segment ? (segments[segment] ?? []) : [];

  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7" data-testid="cohort-controls">
      <label className={LABEL}>
        Period
        <select className={FIELD} value={request.period} onChange={(e) => go({ period: e.target.value })} data-testid="cohort-period">
          {COHORT_GRAINS.map((g) => (
            <option key={g} value={g}>{`${g[0]!.toUpperCase()}${g.slice(1)}`}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Metric
        <select className={FIELD} value={request.metric} onChange={(e) => go({ metric: e.target.value })} data-testid="cohort-metric">
          {metrics.map((m) => (
            <option key={m.id} value={m.id}>{m.label}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        First orders from
        <input type="date" className={FIELD} defaultValue={request.date_from ?? ""} onChange={(e) => e.target.value && go({ date_from: e.target.value })} />
      </label>
      <label className={LABEL}>
        First orders to
        <input type="date" className={FIELD} defaultValue={request.date_to ?? ""} onChange={(e) => e.target.value && go({ date_to: e.target.value })} />
      </label>
      <label className={LABEL}>
        Segment
        <select
          className={FIELD}
          value={segment}
          data-testid="cohort-segment"
          onChange={(e) => {
            const next = e.target.value as CohortSegment | "";
            setSegment(next);
            // Clearing the filter applies at once; a new segment waits for its value.
            if (!next) go({ segment: undefined, segment_value: undefined });
          }}
        >
          <option value="">All customers</option>
          {available.map((s) => (
            <option key={s} value={s}>{segmentLabels[s]}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Value
        <select
          className={FIELD}
          value={segment && segment === request.segment ? request.segment_value : ""}
          disabled={!segment}
          data-testid="cohort-segment-value"
          onChange={(e) => e.target.value && go({ segment: segment || undefined, segment_value: e.target.value, cohort_by: request.cohort_by && request.cohort_by !== segment ? undefined : request.cohort_by })}
        >
          <option value="">{segment ? "Pick one…" : "—"}</option>
          {values.map((v) => (
            <option key={v.value} value={v.value}>{`${v.label} (${v.customers.toLocaleString("en-US")})`}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Cohort by
        <select
          className={FIELD}
          value={request.cohort_by ?? ""}
          data-testid="cohort-by"
          onChange={(e) => {
            const next = e.target.value || undefined;
            // Customers can be split by one segment and filtered by the same one only.
            const keepFilter = !next || next === request.segment;
            go({ cohort_by: next, ...(keepFilter ? {} : { segment: undefined, segment_value: undefined }) });
          }}
        >
          <option value="">First-order date</option>
          {available.map((s) => (
            <option key={s} value={s}>{segmentLabels[s]}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
