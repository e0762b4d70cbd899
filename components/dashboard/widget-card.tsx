"use client";

import { useQuery } from "@tanstack/react-query";
import type { DayRange } from "@/lib/dashboards/date-range";
import type { TWidget } from "@/lib/dashboards/schema";
import type { Comparison, Period } from "@/lib/metrics/report/schema";
import type { TReport } from "@/lib/metrics/report/types";
import { fetchReport, reportKeys } from "./api";
import { RelativeTime } from "@/components/ui/relative-time";
import { relativeTime } from "./format";
import { reportKey, reportUrl, widgetReportRequest } from "@/lib/dashboards/report-request";
import { REBUILD_POLL_MS } from "./rebuild-notice";
import { WidgetBody } from "./widget-body";

export const DRAG_HANDLE_CLASS = "widget-drag-handle";

const ICON_BUTTON = "rounded px-1.5 py-0.5 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600";

export function WidgetCard({ slug, widget, range, compare, period, initialReports, canEdit, onEdit, onRemove }: {
  slug: string;
  widget: TWidget;
  range: DayRange;
  compare: Comparison;
  period: Period;
  initialReports: Record<string, TReport>;
  canEdit: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const request = widgetReportRequest(widget, range, compare, period);
  const query = useQuery({
    queryKey: reportKeys.report(slug, request),
    queryFn: () => fetchReport(slug, request),
    initialData: initialReports[reportKey(request)],
    enabled: widget.problem === null,
    // While the workspace's numbers are being rebuilt, keep reading until they are final.
    refetchInterval: (q) => (q.state.data?.rebuilding ? REBUILD_POLL_MS : false),
  });
  const synced = query.data?.freshness.last_synced_at;

  return (
    <section
      className="flex h-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      aria-label={widget.title}
      data-testid="widget"
      data-widget-id={widget.id}
    >
      <header className="flex items-center gap-1 border-b border-slate-100 px-3 py-1.5">
        {canEdit ? (
          <button
            type="button"
            className={`${DRAG_HANDLE_CLASS} hidden cursor-move touch-none rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 sm:block`}
            aria-label={`Move ${widget.title}`}
            title="Drag to move"
            data-testid="widget-drag-handle"
          >
            ⠿
          </button>
        ) : null}
        <h2 className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800" title={widget.title}>
          {widget.title}
        </h2>
        {widget.problem === null ? (
          <a href={reportUrl(slug, request, "csv")} className={ICON_BUTTON} download data-testid="widget-csv" aria-label={`Export ${widget.title} as CSV`}>
            CSV
          </a>
        ) : null}
        {canEdit ? (
          <>
            <button type="button" className={ICON_BUTTON} onClick={onEdit} aria-label={`Edit ${widget.title}`} data-testid="widget-edit">
              Edit
            </button>
            <button type="button" className={ICON_BUTTON} onClick={onRemove} aria-label={`Remove ${widget.title}`} data-testid="widget-remove">
              Remove
            </button>
          </>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-hidden px-3 py-2">
        {widget.problem !== null ? (
          <div className="text-sm text-amber-800" role="alert" data-testid="widget-problem">
            <p>{widget.problem}</p>
            {canEdit ? (
              <button type="button" onClick={onEdit} className="mt-2 font-medium text-brand-600 hover:underline">
                Edit widget
              </button>
            ) : null}
          </div>
        ) : query.isError ? (
          <p className="text-sm text-red-700" role="alert" data-testid="widget-error">
            {query.error.message}
          </p>
        ) : query.data ? (
          <WidgetBody widget={widget} report={query.data} />
        ) : (
          <div className="h-full animate-pulse rounded bg-slate-100" aria-label="Loading" />
        )}
      </div>
      {query.data ? (
        <footer className="px-3 pb-1.5 text-[11px] text-slate-400" data-testid="widget-synced">
          {synced ? <RelativeTime iso={synced} format={relativeTime} prefix="Synced " /> : "Not synced yet"}
          {query.isFetching ? " · updating…" : ""}
        </footer>
      ) : null}
    </section>
  );
}
