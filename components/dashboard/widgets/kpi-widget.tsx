"use client";

import { SparkAreaChart } from "@tremor/react";
import { KpiFigure, kpiSeries } from "./kpi-figure";
import type { WidgetBodyProps } from "./shared";

/** The first metric's total, its change against the comparison range, and its daily sparkline. */
export function KpiWidget(props: WidgetBodyProps) {
  const series = kpiSeries(props);
  return (
    <div className="flex h-full flex-col">
      <KpiFigure {...props} />
      {series.length > 1 ? (
        <SparkAreaChart data={series} index="day" categories={["value"]} colors={["indigo"]} className="mt-auto h-10 w-full" />
      ) : null}
    </div>
  );
}
