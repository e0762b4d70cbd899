"use client";

import { useMemo, useState } from "react";
import { buildPivot, LABEL_COLUMN, pivotValue, sortPivotRows, TOTAL_COLUMN, type PivotSort } from "@/lib/dashboards/pivot";
import { pivotCsv } from "@/lib/dashboards/pivot-csv";
import type { TPivotWidget } from "@/lib/dashboards/schema";
import type { Dimension } from "@/lib/metrics/report/schema";
import type { TReport } from "@/lib/metrics/report/types";
import { formatMetric } from "../format";
import { DIMENSION_LABELS } from "../dimension-labels";
import { NoData } from "./empty";

// Rows by one dimension, columns by another. On a phone the table scrolls sideways inside the
// card while the first column (the row names) stays put.

const STICKY = "sticky left-0 z-10 bg-white";
const CELL = "whitespace-nowrap py-1.5 pl-3 text-right tabular-nums";

const dimensionLabel = (name: string) => DIMENSION_LABELS[name as Dimension] ?? name;

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export function PivotWidget({ report, pivot: settings, title }: { report: TReport; pivot: TPivotWidget; title: string }) {
  const [metricId, setMetricId] = useState(report.metrics[0]?.id ?? "");
  const [sort, setSort] = useState<PivotSort | null>(null);
  const pivot = useMemo(() => buildPivot(report, settings.top_rows, settings.top_columns), [report, settings.top_rows, settings.top_columns]);
  if (report.rows.length === 0) return <NoData />;
  const metric = report.metrics.find((m) => m.id === metricId) ?? report.metrics[0]!;
  const rows = sortPivotRows(pivot.rows, sort, metric.id);
  const labels: [string, string] = [dimensionLabel(pivot.rowDimension), dimensionLabel(pivot.columnDimension)];
  const show = (value: Parameters<typeof formatMetric>[0]) => formatMetric(value, metric.format, report.currency);

  function toggle(column: string) {
    setSort((current) =>
      current?.column === column
        ? { column, direction: current.direction === "desc" ? "asc" : "desc" }
        : { column, direction: column === LABEL_COLUMN ? "asc" : "desc" },
    );
  }

  const header = (column: string, label: string, className: string) => {
    const active = sort?.column === column;
    return (
      <th key={column} scope="col" className={className} aria-sort={active ? (sort!.direction === "asc" ? "ascending" : "descending") : "none"}>
        <button
          type="button"
          className="inline-flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
          onClick={() => toggle(column)}
          data-testid="pivot-sort"
        >
          {label}
          <span aria-hidden className="w-2">{active ? (sort!.direction === "asc" ? "↑" : "↓") : ""}</span>
        </button>
      </th>
    );
  };

  return (
    <div className="flex h-full min-w-0 flex-col gap-1" data-testid="pivot">
      <div className="flex items-center gap-2 text-xs text-slate-600">
        {report.metrics.length > 1 ? (
          <label className="flex items-center gap-1">
            <span>Show</span>
            <select
              aria-label="Metric shown"
              className="rounded border-0 py-0.5 pl-1 pr-6 text-xs ring-1 ring-inset ring-slate-300"
              value={metric.id}
              onChange={(e) => setMetricId(e.target.value)}
              data-testid="pivot-metric"
            >
              {report.metrics.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>{metric.label}</span>
        )}
        <button
          type="button"
          className="ml-auto rounded px-1.5 py-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
          onClick={() => download(`${title.replace(/[^\w.-]+/g, "_") || "pivot"}.csv`, pivotCsv(pivot, metric, rows, labels))}
          data-testid="pivot-csv"
        >
          Download CSV
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto" data-testid="pivot-scroll">
        <table className="min-w-full text-left text-sm" data-testid="pivot-table">
          <thead className="sticky top-0 z-20 bg-white text-xs tracking-wide text-slate-500">
            <tr>
              {header(LABEL_COLUMN, `${labels[0]} \\ ${labels[1]}`, `${STICKY} py-1.5 pr-3 font-medium`)}
              {pivot.columns.map((c) => header(c.key, c.label, `${CELL} font-medium ${c.other ? "italic" : ""}`))}
              {header(TOTAL_COLUMN, "Total", `${CELL} font-semibold`)}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.key} data-testid="pivot-row" data-other={row.other || undefined}>
                <th scope="row" className={`${STICKY} max-w-48 truncate py-1.5 pr-3 font-normal text-slate-700 ${row.other ? "italic" : ""}`} title={row.label}>
                  {row.label}
                </th>
                {pivot.columns.map((c) => (
                  <td key={c.key} className={CELL}>
                    {show(pivotValue(row, c.key, metric.id))}
                  </td>
                ))}
                <td className={`${CELL} font-medium`}>{show(row.total[metric.id] ?? null)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t border-slate-300 font-medium">
            <tr data-testid="pivot-totals">
              <th scope="row" className={`${STICKY} py-1.5 pr-3 text-slate-700`}>
                Total
              </th>
              {pivot.columns.map((c) => (
                <td key={c.key} className={CELL}>
                  {show(c.total[metric.id] ?? null)}
                </td>
              ))}
              <td className={`${CELL} font-semibold`} data-testid="pivot-grand-total">
                {show(pivot.grandTotal[metric.id] ?? null)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
