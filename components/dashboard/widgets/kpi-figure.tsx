"use client";

import { formatChange, formatMetric, plotValue, relativeChange } from "../format";
import { COMPARISON_LABELS } from "@/lib/dashboards/date-range";
import { RESTATABLE_HINT } from "./empty";
import { isRestatable, metricInfo, type WidgetBodyProps } from "./shared";

// A KPI card's figures apart from its chart, in a module without the charting library, so a view
// can paint them with a small bundle and draw the sparkline once the library has loaded.

/** The first metric's daily values, as its sparkline draws them. */
export function kpiSeries({ report, metrics }: Pick<WidgetBodyProps, "report" | "metrics">) {
  const metric = metricInfo(report, metrics[0]!.id);
  return report.rows.map((row) => ({ day: row.label, value: plotValue(row.values[metric.id]) }));
}

/**
 * The first metric's total and its change against the comparison range: the card without its
 * chart, for views that load the charting library later (the embedded home).
 */
export function KpiFigure({ report, metrics }: Pick<WidgetBodyProps, "report" | "metrics">) {
  const metric = metricInfo(report, metrics[0]!.id);
  const value = report.totals[metric.id];
  const previous = report.compare_totals?.[metric.id];
  const change = report.compare_totals ? relativeChange(value, previous) : null;
  const restatable = report.rows.filter((row) => isRestatable(report, row)).length;
  const direction = change === null || /^0(\.0*)?$/.test(change) ? "flat" : change.startsWith("-") ? "down" : "up";
  return (
    <>
      <p className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value" title={metric.description}>
        {formatMetric(value, metric.format, report.currency)}
        {restatable > 0 ? (
          // A card has no room for a sentence: a marker, with the sentence on hover and for screen readers.
          <span className="ml-1 align-super text-sm font-normal text-amber-700" data-testid="restatable-note" title={`The last ${restatable === 1 ? "day" : `${restatable} days`} may still change: ${RESTATABLE_HINT.toLowerCase()}`}>
            *<span className="sr-only"> The last {restatable === 1 ? "day" : `${restatable} days`} may still change.</span>
          </span>
        ) : null}
      </p>
      {report.compare_totals ? (
        <p className="mt-0.5 text-xs text-slate-500" data-testid="kpi-change">
          <span
            className={`font-medium ${direction === "up" ? "text-emerald-600" : direction === "down" ? "text-red-600" : "text-slate-600"}`}
            data-direction={direction}
          >
            <span aria-hidden>{direction === "up" ? "▲ " : direction === "down" ? "▼ " : ""}</span>
            {change === null ? "n/a" : formatChange(change)}
          </span>{" "}
          vs <span data-testid="kpi-compare-range">{report.compare_range?.label ?? COMPARISON_LABELS[report.compare].toLowerCase()}</span> (
          {formatMetric(previous, metric.format, report.currency)})
        </p>
      ) : null}
    </>
  );
}
