import type { FunnelReport } from "@/lib/funnels/types";
import { duration, percent } from "./format";

// The funnel as horizontal bars, one per step, each as wide as its share of the entries, with the
// drop-off from the step before and the median time it took. Plain markup: readable by screen
// readers as a list and narrow enough for a phone.

export function FunnelBars({ report, compact = false }: { report: FunnelReport; compact?: boolean }) {
  const unit = report.count_by === "session" ? "sessions" : "visitors";
  return (
    <ol className="space-y-3" data-testid="funnel-bars" aria-label="Funnel steps">
      {report.total.steps.map((step, i) => {
        const width = step.conversion === null ? 0 : Math.max(0, Math.min(100, Number(step.conversion) * 100));
        return (
          <li key={i} className="min-w-0" data-testid="funnel-step">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
              <span className="min-w-0 truncate font-medium text-slate-900" title={report.steps[i]!.label}>
                {i + 1}. {report.steps[i]!.label}
              </span>
              <span className="tabular-nums text-slate-700">
                <span data-testid="funnel-step-count">{step.count.toLocaleString("en-US")}</span> {unit} · {percent(step.conversion)}
              </span>
            </div>
            <div className="mt-1 h-3 w-full rounded bg-slate-100" aria-hidden>
              <div className="h-3 rounded bg-brand-600" style={{ width: `${width}%` }} />
            </div>
            {i > 0 && !compact ? (
              <p className="mt-1 text-xs text-slate-500">
                {step.drop_off.toLocaleString("en-US")} dropped off ({percent(step.drop_off_rate)}) · {percent(step.step_conversion)} of the step before · median{" "}
                {duration(step.median_seconds_from_previous)} after it
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
