import Link from "next/link";
import { formatMetric } from "@/components/dashboard/format";
import type { TModelComparison } from "@/lib/attribution/comparison";
import { MODEL_LABELS } from "@/lib/attribution/labels";
import { ROW_HEAD, ScrollTable, TD, TH } from "./scroll-table";

// Every model side by side for the same rows: one column per model, revenue or orders.

export function ModelComparison({ comparison, measureHref }: { comparison: TModelComparison; measureHref: (measure: TModelComparison["measure"]) => string }) {
  const format = comparison.measure === "revenue" ? "money" : "ratio";
  const shown = (value: string | undefined) => formatMetric(value ?? null, format, comparison.currency);
  return (
    <div className="space-y-3">
      <nav aria-label="Compare by" className="flex flex-wrap gap-2 text-sm">
        {(["revenue", "orders"] as const).map((m) => (
          <Link
            key={m}
            href={measureHref(m)}
            aria-current={comparison.measure === m ? "true" : undefined}
            className={`rounded px-2 py-1 ${comparison.measure === m ? "bg-slate-100 font-medium text-slate-900" : "text-brand-600 hover:underline"}`}
          >
            {m === "revenue" ? "Revenue" : "Orders"}
          </Link>
        ))}
      </nav>
      {comparison.rows.length === 0 ? (
        <p className="text-sm text-slate-600">No credit in this range. Widen the dates, or try another lookback window.</p>
      ) : (
        <ScrollTable label="Attributed revenue or orders under each model" testId="model-comparison">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={TH}>Row</th>
              {comparison.models.map((m) => (
                <th key={m} scope="col" className={`${TH} text-right`}>{MODEL_LABELS[m]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.key} className="border-t border-slate-100">
                <th scope="row" className={ROW_HEAD} title={row.label}>{row.label}</th>
                {comparison.models.map((m) => (
                  <td key={m} className={TD}>{shown(row.values[m])}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-slate-200 font-medium">
              <th scope="row" className={ROW_HEAD}>Total</th>
              {comparison.models.map((m) => (
                <td key={m} className={TD}>{shown(comparison.totals[m])}</td>
              ))}
            </tr>
          </tfoot>
        </ScrollTable>
      )}
      <p className="text-xs text-slate-500">
        Every model shares out the same matched orders, so each column&apos;s total is the same except where a lookback window or &quot;paid only&quot; leaves an order without
        a touch.
        {comparison.unfitted.length > 0
          ? ` ${comparison.unfitted.map((m) => MODEL_LABELS[m]).join(" and ")}: not fitted yet (the data-driven models are fitted nightly once orders have matched).`
          : ""}
      </p>
    </div>
  );
}
