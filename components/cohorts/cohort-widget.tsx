"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchCohortReport } from "@/components/dashboard/api";
import { formatMetric } from "@/components/dashboard/format";
import { cohortSearchParams, type CohortRequest } from "@/lib/cohorts/request";
import type { TCohortReport } from "@/lib/cohorts/types";
import type { TCohortWidget, TWidget } from "@/lib/dashboards/schema";
import { CohortCurves } from "./cohort-curves";
import { CohortHeatmap } from "./cohort-heatmap";
import { CacTable } from "./cohort-tables";
import { WidgetError, WidgetLoading } from "@/components/dashboard/widget-states";

// Cohort widgets on a dashboard: the cohort report of the widget's settings (its latest cohorts,
// whatever range the dashboard shows, since a cohort's later periods lie outside any short range).

function cohortRequest(widget: TWidget): CohortRequest {
  const c: Partial<TCohortWidget> = widget.config.cohort ?? {};
  const request: CohortRequest = { period: c.period ?? "month", metric: c.metric ?? "retention" };
  // The model predicts monthly cohorts of every customer.
  if (widget.type === "predicted_vs_actual") return { period: "month", metric: "ltv" };
  if (c.segment && c.segment_value) Object.assign(request, { segment: c.segment, segment_value: c.segment_value });
  if (c.cohort_by) request.cohort_by = c.cohort_by;
  return request;
}

export const cohortWidgetCsv = (slug: string, widget: TWidget) =>
  `/api/v1/workspaces/${encodeURIComponent(slug)}/reports/cohorts?${cohortSearchParams(cohortRequest(widget), "csv").toString()}`;

function PredictedVsActual({ report }: { report: TCohortReport }) {
  if (!report.model || report.model.status !== "fitted") {
    return (
      <p className="text-sm text-slate-600" data-testid="no-ltv-model">
        No LTV model yet{report.model?.reason ? `: ${report.model.reason}` : ""}. Predicted 12-month LTV appears here once a model has been fitted to this
        workspace&apos;s customers.
      </p>
    );
  }
  const money = (v: string | null) => formatMetric(v, "money", report.currency);
  return (
    <div className="h-full overflow-auto">
      <table className="min-w-full text-xs">
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-medium">Cohort</th>
            <th scope="col" className="px-2 py-1 text-right font-medium">Actual LTV so far</th>
            <th scope="col" className="px-2 py-1 text-right font-medium">Predicted 12-month</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100">
              <th scope="row" className="px-2 py-1 text-left font-medium text-slate-700">{row.label}</th>
              <td className="px-2 py-1 text-right tabular-nums">{money((row.cells.at(-1)?.values.ltv as string | null) ?? null)}</td>
              <td className="px-2 py-1 text-right tabular-nums">{money(row.predicted_ltv_12m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CohortWidgetBody({ slug, widget }: { slug: string; widget: TWidget }) {
  const request = cohortRequest(widget);
  const params = cohortSearchParams(request);
  const query = useQuery({
    queryKey: ["cohorts", slug, params.toString()],
    queryFn: () => fetchCohortReport(slug, params),
    enabled: widget.problem === null,
  });
  if (query.isError) {
    return <WidgetError message={query.error.message} />;
  }
  const report = query.data;
  if (!report) return <WidgetLoading />;
  if (report.rows.length === 0 && widget.type !== "predicted_vs_actual") {
    return <p className="text-sm text-slate-600">No customers yet: cohorts appear once the store&apos;s orders arrive.</p>;
  }
  switch (widget.type) {
    case "cohort_heatmap":
      return (
        <div className="h-full overflow-auto" data-testid="cohort-widget">
          <CohortHeatmap slug={slug} report={report} compact />
        </div>
      );
    case "ltv_curves":
      return <CohortCurves report={report} className="h-48" />;
    case "ltv_cac":
      return (
        <div className="h-full overflow-auto">
          <CacTable report={report} />
        </div>
      );
    case "predicted_vs_actual":
      return <PredictedVsActual report={report} />;
    default:
      return null;
  }
}
