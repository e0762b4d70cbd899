"use client";

import { AreaChart, BarChart, LineChart } from "@tremor/react";
import { formatMetric, plotValue } from "../format";
import { NoData, RestatableNote } from "./empty";
import { CHART_COLORS, hasData, isRestatable, metricInfo, sharedFormat, type WidgetBodyProps } from "./shared";

const CHARTS = { line: LineChart, area: AreaChart, bar: BarChart } as const;

/** Several metrics by the widget's breakdown; days ad platforms may still restate are marked "*". */
export function ChartWidget({ type, report, metrics }: WidgetBodyProps & { type: keyof typeof CHARTS }) {
  if (!hasData(report)) return <NoData />;
  const infos = metrics.map((m) => metricInfo(report, m.id));
  const format = sharedFormat(infos);
  const restatable = report.rows.filter((row) => isRestatable(report, row));
  const data = report.rows.map((row) => ({
    label: isRestatable(report, row) ? `${row.label} *` : row.label,
    ...Object.fromEntries(infos.map((m) => [m.label, plotValue(row.values[m.id])])),
  }));
  const Chart = CHARTS[type];
  return (
    <div className="flex h-full flex-col">
      <Chart
        data={data}
        index="label"
        categories={infos.map((m) => m.label)}
        colors={CHART_COLORS.slice(0, infos.length)}
        valueFormatter={(value: number) => formatMetric(value, format, report.currency, true)}
        yAxisWidth={64}
        showLegend={infos.length > 1}
        className="h-full min-h-32 flex-1"
      />
      <RestatableNote count={restatable.length} />
    </div>
  );
}
