import Link from "next/link";
import { formatMetric } from "@/components/dashboard/format";
import { cellCustomersHref, colourScale } from "@/lib/cohorts/links";
import type { TCohortReport } from "@/lib/cohorts/types";

// The cohort heatmap: a row per cohort, a column per offset, each cell coloured by its value and
// linking to its customers. The payback offset (cumulative gross profit per customer reaching CAC)
// is drawn as a thick line before its cell. It scrolls sideways inside its own box.

const SHADES = [
  "bg-sky-50 text-slate-800",
  "bg-sky-100 text-slate-800",
  "bg-sky-200 text-slate-900",
  "bg-sky-300 text-slate-900",
  "bg-sky-400 text-slate-900",
  "bg-sky-500 text-white",
  "bg-sky-600 text-white",
  "bg-sky-700 text-white",
];

function shade(value: string | number | null, scale: { low: number; high: number }): string {
  if (value === null) return "bg-white text-slate-400";
  const span = scale.high - scale.low;
  const position = span <= 0 ? 1 : (Number(value) - scale.low) / span;
  return SHADES[Math.max(0, Math.min(SHADES.length - 1, Math.floor(position * SHADES.length)))]!;
}

export function CohortHeatmap({ slug, report, compact = false }: { slug: string; report: TCohortReport; compact?: boolean }) {
  const info = report.metrics.find((m) => m.id === report.metric)!;
  const scale = colourScale(report);
  const offsets = Array.from({ length: report.max_offset + 1 }, (_, k) => k);
  const unit = report.period;
  const hasPayback = report.rows.some((row) => row.payback_offset !== null);
  return (
    <div>
      <div className="max-w-full overflow-x-auto rounded ring-1 ring-slate-200" data-testid="cohort-heatmap" tabIndex={0} aria-label={`${info.label} by cohort and ${unit}`}>
        <table className="min-w-max border-collapse text-xs">
          <caption className="sr-only">
            {info.label} by cohort (rows) and {unit}s since the first order (columns). Each cell opens its customers.
          </caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-2 py-1.5 text-left font-medium">
                {report.cohort_by ? "Segment" : "Cohort"}
              </th>
              <th scope="col" className="px-2 py-1.5 text-right font-medium">
                Customers
              </th>
              {offsets.map((k) => (
                <th key={k} scope="col" className="px-2 py-1.5 text-right font-medium">
                  {compact ? k : `${unit[0]!.toUpperCase()}${unit.slice(1)} ${k}`}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.key} className="border-t border-slate-100">
                <th scope="row" className="sticky left-0 z-10 max-w-[10rem] truncate bg-white px-2 py-1 text-left font-medium text-slate-700" title={row.label}>
                  {row.label}
                </th>
                <td className="px-2 py-1 text-right tabular-nums text-slate-600">{row.customers.toLocaleString("en-US")}</td>
                {offsets.map((k) => {
                  const cell = row.cells[k];
                  const payback = row.payback_offset === k;
                  const edge = payback ? "border-l-4 border-l-amber-500" : "";
                  if (!cell) return <td key={k} className="bg-slate-50" aria-label="Not reached yet" />;
                  const text = formatMetric(cell.value, info.format, report.currency, compact);
                  return (
                    <td key={k} className={`p-0 ${edge}`} data-payback={payback ? "true" : undefined}>
                      <Link
                        href={cellCustomersHref(slug, report, row, cell)}
                        className={`block px-2 py-1 text-right tabular-nums hover:ring-2 hover:ring-inset hover:ring-slate-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-slate-900 ${shade(cell.value, scale)}`}
                        aria-label={`${row.label}, ${unit} ${k}: ${info.label} ${text}${cell.complete ? "" : " (so far)"}${payback ? ", pays back CAC here" : ""}. Open its customers.`}
                        data-testid="cohort-cell"
                        prefetch={false}
                      >
                        {text}
                        {cell.complete ? "" : "*"}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        * period still under way.
        {hasPayback ? (
          <>
            {" "}
            <span className="inline-block h-3 w-1 bg-amber-500 align-middle" aria-hidden /> payback: the first {unit} whose cumulative gross profit per customer reaches CAC.
          </>
        ) : null}
      </p>
    </div>
  );
}
