"use client";

import { BarChart } from "@tremor/react";
import { formatMetric } from "@/components/dashboard/format";
import type { TLtvBacktest } from "@/lib/ltv/schema";

// Predicted beside actual holdout revenue per decile of predicted value: a calibrated model's bars
// pair up, and fall from decile 1 to 10.
export function DecileChart({ deciles, currency }: { deciles: NonNullable<TLtvBacktest["deciles"]>; currency: string }) {
  const data = deciles.map((d) => ({ decile: `D${d.decile}`, Predicted: Number(d.predicted_revenue), Actual: Number(d.actual_revenue) }));
  return (
    <div data-testid="ltv-decile-chart">
      <BarChart
        data={data}
        index="decile"
        categories={["Predicted", "Actual"]}
        colors={["blue", "emerald"]}
        valueFormatter={(value: number) => formatMetric(value, "money", currency, true)}
        yAxisWidth={64}
        className="h-64"
      />
      <p className="mt-1 text-xs text-slate-500">Holdout revenue by decile of predicted value (D1: the tenth of customers predicted to spend most), in {currency}.</p>
    </div>
  );
}
