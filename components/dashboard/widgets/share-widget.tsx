"use client";

import { BarList, DonutChart } from "@tremor/react";
import { formatMetric, plotValue } from "../format";
import { NoData } from "./empty";
import { shareSlices } from "./rows";
import { CHART_COLORS, hasData, metricInfo, type WidgetBodyProps } from "./shared";

/** Share of the first metric by a dimension, as a bar list or a donut. */
export function ShareWidget({ type, report, metrics, limit }: WidgetBodyProps & { type: "bar_list" | "donut" }) {
  if (!hasData(report)) return <NoData />;
  const metric = metricInfo(report, metrics[0]!.id);
  const additive = metric.format === "money" || metric.format === "count";
  const slices = shareSlices(report.rows, metric.id, additive, limit);
  const format = (value: number) => formatMetric(value, metric.format, report.currency);
  const data = slices.map((s) => ({ name: s.name, value: plotValue(s.value) ?? 0 }));
  if (type === "bar_list") {
    return <BarList data={data} valueFormatter={format} color="indigo" className="overflow-y-auto" />;
  }
  return (
    <div className="flex h-full flex-wrap items-center gap-4">
      <DonutChart data={data} index="name" category="value" colors={CHART_COLORS} valueFormatter={format} className="h-32 w-32" />
      <ul className="min-w-0 flex-1 space-y-1 text-sm">
        {slices.map((s, i) => (
          <li key={s.name} className="flex items-center justify-between gap-2">
            <span className="flex min-w-0 items-center gap-2">
              <span aria-hidden className={`h-2.5 w-2.5 shrink-0 rounded-full bg-${CHART_COLORS[i % CHART_COLORS.length]}-500`} />
              <span className="truncate">{s.name}</span>
            </span>
            <span className="tabular-nums text-slate-600">{formatMetric(s.value, metric.format, report.currency)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
