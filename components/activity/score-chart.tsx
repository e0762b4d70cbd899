"use client";

import { LineChart } from "@tremor/react";
import type { TScorePoint } from "@/lib/activity/profile";

// A person's activity score over the last 30 days (decay between changes drawn day by day).
export function ScoreChart({ points }: { points: TScorePoint[] }) {
  return (
    <LineChart
      data={points.map((p) => ({ day: p.day.slice(5), Score: Math.round(p.score * 100) / 100 }))}
      index="day"
      categories={["Score"]}
      colors={["blue"]}
      valueFormatter={(v) => v.toFixed(2)}
      showLegend={false}
      yAxisWidth={40}
      className="mt-2 h-40"
    />
  );
}
