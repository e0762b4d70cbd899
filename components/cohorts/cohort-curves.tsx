"use client";

import { LineChart } from "@tremor/react";
import { formatMetric } from "@/components/dashboard/format";
import type { TCohortReport } from "@/lib/cohorts/types";

// LTV curves: cumulative net sales per customer by offset, one line per cohort (the newest
// twelve, so the chart stays legible), plus every cohort together.

const COLORS = ["blue", "emerald", "amber", "violet", "rose", "cyan", "lime", "fuchsia", "orange", "teal", "indigo", "pink", "slate"];
const MAX_LINES = 12;

export function CohortCurves({ report, className = "h-72" }: { report: TCohortReport; className?: string }) {
  const rows = report.cohort_by ? report.rows.slice(0, MAX_LINES) : report.rows.slice(-MAX_LINES);
  const series = [...rows, ...(report.total ? [report.total] : [])];
  const data = Array.from({ length: report.max_offset + 1 }, (_, k) => ({
    offset: `${report.period} ${k}`,
    ...Object.fromEntries(series.map((row) => [row.label, row.cells[k]?.values.ltv == null ? null : Number(row.cells[k]!.values.ltv)])),
  }));
  if (series.length === 0) return <p className="text-sm text-slate-500">No cohorts in this range.</p>;
  return (
    <div data-testid="cohort-curves">
      <LineChart
        data={data}
        index="offset"
        categories={series.map((row) => row.label)}
        colors={series.map((_, i) => (i === rows.length ? "slate" : COLORS[i % COLORS.length]!))}
        valueFormatter={(value: number) => formatMetric(value, "money", report.currency, true)}
        yAxisWidth={64}
        connectNulls={false}
        className={className}
      />
      <p className="mt-1 text-xs text-slate-500">LTV: cumulative net sales per customer since the first order, in {report.currency}.</p>
    </div>
  );
}
