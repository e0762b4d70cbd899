"use client";

import { AreaChart } from "@tremor/react";

// An audience's size at the end of each day, with the day's joins and leaves in the tooltip.

export type SizePoint = { day: string; size: number; joined: number; left: number };

export function SizeChart({ points }: { points: SizePoint[] }) {
  return (
    <figure data-testid="audience-size-chart">
      <figcaption className="sr-only">People in the audience at the end of each day</figcaption>
      <AreaChart
        data={points.map((p) => ({ day: p.day, People: p.size, Joined: p.joined, Left: p.left }))}
        index="day"
        categories={["People"]}
        colors={["blue"]}
        valueFormatter={(v: number) => v.toLocaleString("en")}
        showLegend={false}
        yAxisWidth={48}
        className="h-48"
      />
    </figure>
  );
}
