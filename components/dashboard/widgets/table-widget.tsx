"use client";

import { useState } from "react";
import { formatMetric } from "../format";
import { HATCH, NoData, RESTATABLE_HINT } from "./empty";
import { cellValue, COMPARE_COLUMN, sortRows, type TableSort } from "./rows";
import { isRestatable, metricInfo, type WidgetBodyProps } from "./shared";

const LABEL_COLUMN = "__label";

export function TableWidget({ report, metrics, limit, initialSort }: WidgetBodyProps & { initialSort: { metric: string; direction: "asc" | "desc" } | null }) {
  const [sort, setSort] = useState<TableSort | null>(initialSort ? { column: initialSort.metric, direction: initialSort.direction } : null);
  if (report.rows.length === 0) return <NoData />;
  const infos = metrics.map((m) => metricInfo(report, m.id));
  const rows = sortRows(report.rows, sort, LABEL_COLUMN).slice(0, limit);
  // Beside each metric, the same metric over the comparison range, when the range is compared.
  const metricColumns = infos.flatMap((m) => [
    { id: m.id, label: m.label, format: m.format },
    ...(report.compare_range ? [{ id: `${COMPARE_COLUMN}${m.id}`, label: `${m.label} (vs ${report.compare_range.label})`, format: m.format }] : []),
  ]);
  const columns = [{ id: LABEL_COLUMN, label: report.group_by ? report.group_by.replace("_", " ") : "" }, ...metricColumns];

  function toggle(column: string) {
    setSort((current) =>
      current?.column === column ? { column, direction: current.direction === "desc" ? "asc" : "desc" } : { column, direction: column === LABEL_COLUMN ? "asc" : "desc" },
    );
  }

  return (
    <div className="h-full overflow-auto">
      <table className="w-full text-left text-sm" data-testid="widget-table">
        <thead className="sticky top-0 bg-white text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column, i) => {
              const active = sort?.column === column.id;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={`py-1.5 pr-3 font-medium ${i > 0 ? "text-right" : ""}`}
                  aria-sort={active ? (sort!.direction === "asc" ? "ascending" : "descending") : "none"}
                >
                  <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-slate-900" onClick={() => toggle(column.id)}>
                    {column.label}
                    <span aria-hidden className="w-2">{active ? (sort!.direction === "asc" ? "↑" : "↓") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const restatable = isRestatable(report, row);
            return (
              <tr key={row.key} className={restatable ? HATCH : ""} title={restatable ? RESTATABLE_HINT : undefined} data-restatable={restatable || undefined}>
                <th scope="row" className="py-1.5 pr-3 font-normal text-slate-700">
                  {row.label}
                  {restatable ? <span className="text-amber-700"> *</span> : null}
                </th>
                {metricColumns.map((c) => (
                  <td key={c.id} className={`py-1.5 pr-3 text-right tabular-nums ${c.id.startsWith(COMPARE_COLUMN) ? "text-slate-500" : ""}`}>
                    {formatMetric(cellValue(row, c.id) ?? null, c.format, report.currency)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.some((row) => isRestatable(report, row)) ? <p className="mt-1 text-xs text-amber-700">* {RESTATABLE_HINT}</p> : null}
    </div>
  );
}
