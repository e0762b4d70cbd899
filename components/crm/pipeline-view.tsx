import type { TPipeline, TPipelineDeal, TPipelineReport } from "@/lib/crm/pipeline";
import type { TCrmRowError } from "@/lib/crm/row-errors";
import { formatMetric } from "@/lib/metrics/report/format";

// The pipeline report drawn: its figures, each pipeline's funnel and the deals. Pure rendering, so
// the CRM page (a server component) and the dashboard widget (a client one) draw it alike.

const FIGURES = [
  { id: "offline_revenue", label: "Offline revenue", format: "money" },
  { id: "deals_won", label: "Won", format: "count" },
  { id: "deals_lost", label: "Lost", format: "count" },
  { id: "deals_open", label: "Open", format: "count" },
  { id: "pipeline_value", label: "Pipeline value", format: "money" },
  { id: "win_rate", label: "Win rate", format: "percent" },
  { id: "avg_sales_cycle_days", label: "Sales cycle (days)", format: "ratio" },
] as const;

export function PipelineFigures({ report, compact = false }: { report: TPipelineReport; compact?: boolean }) {
  const shown = compact ? FIGURES.filter((f) => ["offline_revenue", "deals_won", "deals_open", "win_rate"].includes(f.id)) : FIGURES;
  return (
    <dl className={`grid gap-3 ${compact ? "grid-cols-2" : "grid-cols-2 sm:grid-cols-4 lg:grid-cols-7"}`} data-testid="pipeline-figures">
      {shown.map((figure) => (
        <div key={figure.id} className="rounded-md bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-500">{figure.label}</dt>
          <dd className="text-base font-semibold tabular-nums" data-testid={`figure-${figure.id}`}>
            {formatMetric(report.totals[figure.id], figure.format, report.currency)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const percent = (share: string | null) => (share === null ? "—" : `${(Number(share) * 100).toFixed(1)} %`);

export function PipelineFunnel({ pipeline, showCrm }: { pipeline: TPipeline; showCrm: boolean }) {
  const top = Math.max(1, ...pipeline.stages.map((stage) => stage.reached));
  return (
    <section aria-label={`${pipeline.label} pipeline`} className="space-y-2" data-testid="pipeline-funnel">
      <h3 className="text-sm font-semibold text-slate-800">
        {pipeline.label}
        {showCrm ? <span className="font-normal text-slate-500"> · {pipeline.crm}</span> : null}
      </h3>
      <ol className="space-y-1.5">
        {pipeline.stages.map((stage) => (
          <li key={stage.id} className="grid grid-cols-[minmax(0,9rem)_1fr] items-center gap-2 text-sm sm:grid-cols-[12rem_1fr_auto]" data-testid="pipeline-stage">
            <span className="truncate text-slate-700" title={stage.label}>
              {stage.label}
            </span>
            <span className="h-5 rounded bg-slate-100" aria-hidden>
              <span
                className={`block h-5 rounded ${stage.outcome === "won" ? "bg-emerald-500" : stage.outcome === "lost" ? "bg-rose-300" : "bg-brand-500"}`}
                style={{ width: `${Math.max(2, (stage.reached / top) * 100)}%` }}
              />
            </span>
            <span className="col-span-2 text-xs tabular-nums text-slate-600 sm:col-span-1 sm:text-right">
              {stage.reached} {stage.outcome === "lost" ? "lost here" : "reached"}
              {stage.conversion !== null ? ` · ${percent(stage.conversion)} went on` : ""}
              {stage.avg_days_in_stage !== null ? ` · ${stage.avg_days_in_stage} d in stage` : ""}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const STATUS_STYLE: Record<TPipelineDeal["status"], string> = {
  won: "bg-emerald-50 text-emerald-800",
  lost: "bg-rose-50 text-rose-800",
  open: "bg-sky-50 text-sky-800",
};

export function DealsTable({ report }: { report: TPipelineReport }) {
  const money = (value: string) => formatMetric(value, "money", report.currency);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Deals">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Deal</th>
            <th className="py-2 pr-4 font-medium">Stage</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 pr-4 text-right font-medium">Value</th>
            <th className="py-2 pr-4 font-medium">Channel</th>
            <th className="py-2 pr-4 font-medium">Made</th>
            <th className="py-2 pr-4 font-medium">Closed</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.deals.map((deal) => (
            <tr key={`${deal.pipeline}:${deal.id}`} data-testid="deal-row">
              <td className="py-2 pr-4">{deal.name}</td>
              <td className="py-2 pr-4 text-slate-600">{deal.stage}</td>
              <td className="py-2 pr-4">
                <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_STYLE[deal.status]}`}>{deal.status}</span>
              </td>
              <td className="py-2 pr-4 text-right tabular-nums" title={deal.currency === report.currency ? undefined : `${deal.amount} ${deal.currency}`}>
                {money(deal.value)}
              </td>
              <td className="py-2 pr-4 text-slate-600">{deal.channel}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-slate-600">{deal.created_on}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-slate-600">{deal.closed_on ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rows the CRM sent that were not taken as sent, each with the field at fault. */
export function RowErrorsTable({ errors }: { errors: TCrmRowError[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Rows not taken">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Deal</th>
            <th className="py-2 pr-4 font-medium">Field</th>
            <th className="py-2 pr-4 font-medium">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {errors.map((error) => (
            <tr key={`${error.crm}:${error.deal_id}:${error.field}`} data-testid="crm-row-error">
              <td className="py-2 pr-4 align-top">
                {error.deal ?? `#${error.deal_id}`}
                <span className="block text-xs text-slate-500">
                  {error.crm} {error.deal_id}
                </span>
              </td>
              <td className="py-2 pr-4 align-top font-mono text-xs">{error.field}</td>
              <td className="min-w-48 py-2 pr-4 align-top text-slate-600">{error.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
