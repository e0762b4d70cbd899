import { toCsv } from "@/lib/api/csv";
import type { TMetricInfo } from "@/lib/metrics/report/types";
import type { Pivot, PivotRow } from "./pivot";

/**
 * A pivot table as shown: one metric, the rows in the order on screen (Other last), a column per
 * column shown (Other included), the row totals, and a last row of column totals. Values are the
 * exact decimals the report gave, never the formatted ones.
 */
export function pivotCsv(pivot: Pivot, metric: TMetricInfo, rows: PivotRow[], dimensionLabels: [string, string]): string {
  const header = [`${dimensionLabels[0]} / ${dimensionLabels[1]} (${metric.label})`, ...pivot.columns.map((c) => c.label), "Total"];
  return toCsv([
    header,
    ...rows.map((row) => [row.label, ...pivot.columns.map((c) => row.cells[c.key]?.[metric.id]), row.total[metric.id]]),
    ["Total", ...pivot.columns.map((c) => c.total[metric.id]), pivot.grandTotal[metric.id]],
  ]);
}
