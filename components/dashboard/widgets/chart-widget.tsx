"use client";

import { AreaChart, BarChart, LineChart } from "@tremor/react";
import { formatMetric } from "../format";
import { NoData, RestatableNote } from "./empty";
import { chartSeries } from "./series";
import { hasData, isRestatable, metricInfo, sharedFormat, type WidgetBodyProps } from "./shared";

const CHARTS = { line: LineChart, area: AreaChart, bar: BarChart } as const;

/**
 * Several metrics by the widget's breakdown, each with its comparison series when the range is
 * compared; days ad platforms may still restate are marked "*".
 */
export function ChartWidget({ type, report, metrics }: WidgetBodyProps & { type: keyof typeof CHARTS }) {
  if (!hasData(report)) return <NoData />;
  const infos = metrics.map((m) => metricInfo(report, m.id));
  const format = sharedFormat(infos);
  const restatable = report.rows.filter((row) => isRestatable(report, row));
  const { data, categories, colors } = chartSeries(report, infos);
  const Chart = CHARTS[type];
  return (
    <div className="flex h-full flex-col">
      <Chart
        data={data}
        index="label"
        categories={categories}
        colors={colors}
        valueFormatter={(value: number) => formatMetric(value, format, report.currency, true)}
        yAxisWidth={64}
        showLegend={categories.length > 1}
        className="h-full min-h-32 flex-1"
      />
      <RestatableNote count={restatable.length} />
    </div>
  );
}
