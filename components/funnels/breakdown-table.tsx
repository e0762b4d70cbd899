import type { FunnelReport } from "@/lib/funnels/types";
import { percent } from "./format";

const BREAKDOWN_LABELS = { channel: "Channel", device: "Device", landing_page: "Landing page", campaign: "First-touch campaign" } as const;

/** Each breakdown value's count at every step and its overall conversion; scrolls sideways on a phone. */
export function BreakdownTable({ report }: { report: FunnelReport }) {
  if (!report.breakdown) return null;
  const last = report.steps.length - 1;
  return (
    <div className="overflow-x-auto" data-testid="funnel-breakdown">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">The funnel by {BREAKDOWN_LABELS[report.breakdown].toLowerCase()}</caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">{BREAKDOWN_LABELS[report.breakdown]}</th>
            {report.steps.map((step, i) => (
              <th key={i} scope="col" className="whitespace-nowrap py-2 pr-4 text-right font-medium" title={step.label}>
                {i + 1}. {step.event}
              </th>
            ))}
            <th scope="col" className="py-2 text-right font-medium">Conversion</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.breakdown_rows.map((row) => (
            <tr key={row.value ?? ""}>
              <th scope="row" className="max-w-[16rem] truncate py-2 pr-4 font-normal text-slate-800" title={row.value ?? ""}>{row.value}</th>
              {row.steps.map((step, i) => (
                <td key={i} className="py-2 pr-4 text-right tabular-nums">{step.count.toLocaleString("en-US")}</td>
              ))}
              <td className="py-2 text-right tabular-nums">{percent(row.steps[last]!.conversion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.breakdown_truncated ? <p className="mt-2 text-xs text-slate-500">Only the values with the most entries are listed.</p> : null}
    </div>
  );
}
