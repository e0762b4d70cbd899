"use client";

import { LineChart } from "@tremor/react";

// One DOU+ order's delivery per 5-minute bucket: cost, plays and conversions on charts of their
// own, since their scales differ by orders of magnitude.

export type OrderSeriesPoint = { time: string; cost: number; plays: number; conversions: number };

const SERIES = [
  { key: "cost", label: "Cost (¥)", color: "blue", format: (v: number) => `¥${v.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` },
  { key: "plays", label: "Plays", color: "emerald", format: (v: number) => v.toLocaleString("en") },
  { key: "conversions", label: "Conversions", color: "amber", format: (v: number) => v.toLocaleString("en") },
] as const;

export function OrderSeriesChart({ points }: { points: OrderSeriesPoint[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3" data-testid="douplus-order-chart">
      {SERIES.map((s) => (
        <figure key={s.key}>
          <figcaption className="text-sm font-medium text-slate-700">{s.label} per 5 minutes</figcaption>
          <LineChart
            data={points.map((p) => ({ time: p.time, [s.label]: p[s.key] }))}
            index="time"
            categories={[s.label]}
            colors={[s.color]}
            valueFormatter={s.format}
            showLegend={false}
            yAxisWidth={56}
            className="mt-2 h-40"
          />
        </figure>
      ))}
    </div>
  );
}
