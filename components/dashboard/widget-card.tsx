"use client";

import { useQuery } from "@tanstack/react-query";
import type { DayRange } from "@/lib/dashboards/date-range";
import { isCohortWidget, isFunnelWidget, isPipelineWidget, isPivotWidget, type TWidget } from "@/lib/dashboards/schema";
import type { Comparison, Period } from "@/lib/metrics/report/schema";
import type { TReport } from "@/lib/metrics/report/types";
import { fetchReport, reportKeys } from "./api";
import { RelativeTime } from "@/components/ui/relative-time";
import { relativeTime } from "./format";
import { reportKey, reportUrl, tagFilterOf, widgetReportRequest } from "@/lib/dashboards/report-request";
import { REBUILD_POLL_MS } from "./rebuild-notice";
import { WidgetBody } from "./widget-body";
import { WidgetFrame } from "./widget-frame";
import { CohortWidgetBody, cohortWidgetCsv } from "@/components/cohorts/cohort-widget";
import { FunnelWidgetBody, funnelWidgetUrl } from "@/components/funnels/funnel-widget";
import { PipelineWidgetBody } from "@/components/crm/pipeline-widget";
import { WidgetError, WidgetLoading } from "./widget-states";

export { DRAG_HANDLE_CLASS } from "./widget-frame";

type CardProps = {
  slug: string;
  widget: TWidget;
  range: DayRange;
  compare: Comparison;
  period: Period;
  /** The dashboard's tag filter; null for everyone. */
  tag: string | null;
  initialReports: Record<string, TReport>;
  canEdit: boolean;
  onEdit: () => void;
  onRemove: () => void;
};

/** A widget on the grid: cohort and funnel widgets read their own reports, every other type a KPI report. */
export function WidgetCard(props: CardProps) {
  const untagged = props.tag && tagFilterOf(props.widget) === "none" ? <TagNote /> : null;
  const funnelId = props.widget.config.funnel?.funnel_id;
  if (isFunnelWidget(props.widget.type)) {
    const { slug, widget, range, canEdit, onEdit, onRemove } = props;
    const usable = widget.problem === null && funnelId;
    return (
      <WidgetFrame widget={widget} canEdit={canEdit} onEdit={onEdit} onRemove={onRemove} csvHref={usable ? funnelWidgetUrl(slug, funnelId, range, "csv") : null} footer={untagged}>
        {usable ? <FunnelWidgetBody slug={slug} funnelId={funnelId} range={range} /> : null}
      </WidgetFrame>
    );
  }
  if (isPipelineWidget(props.widget.type)) {
    const { slug, widget, range, canEdit, onEdit, onRemove } = props;
    return (
      <WidgetFrame widget={widget} canEdit={canEdit} onEdit={onEdit} onRemove={onRemove} csvHref={null} footer={untagged}>
        <PipelineWidgetBody slug={slug} range={range} />
      </WidgetFrame>
    );
  }
  if (isCohortWidget(props.widget.type)) {
    const { slug, widget, canEdit, onEdit, onRemove } = props;
    return (
      <WidgetFrame widget={widget} canEdit={canEdit} onEdit={onEdit} onRemove={onRemove} csvHref={widget.problem === null ? cohortWidgetCsv(slug, widget) : null} footer={untagged}>
        <CohortWidgetBody slug={slug} widget={widget} />
      </WidgetFrame>
    );
  }
  return <ReportWidgetCard {...props} />;
}

/** A pivot table downloads the table as shown (its sort, its metric, "Other") from its own button. */
function ReportWidgetCard({ slug, widget, range, compare, period, tag, initialReports, canEdit, onEdit, onRemove }: CardProps) {
  const request = widgetReportRequest(widget, range, compare, period, tag);
  const tagFilter = tag ? tagFilterOf(widget) : "all";
  const query = useQuery({
    queryKey: reportKeys.report(slug, request),
    queryFn: () => fetchReport(slug, request),
    initialData: initialReports[reportKey(request)],
    enabled: widget.problem === null,
    // While the workspace's numbers are being rebuilt, keep reading until they are final.
    refetchInterval: (q) => (q.state.data?.rebuilding ? REBUILD_POLL_MS : false),
  });
  const synced = query.data?.freshness.last_synced_at;
  const footer = query.data ? (
    <footer className="px-3 pb-1.5 text-[11px] text-slate-400" data-testid="widget-synced">
      {tagFilter === "none" ? <TagNote /> : tagFilter === "some" ? <TagNote some /> : null}
      {synced ? <RelativeTime iso={synced} format={relativeTime} prefix="Synced " /> : "Not synced yet"}
      {query.isFetching ? " · updating…" : ""}
    </footer>
  ) : null;

  return (
    <WidgetFrame widget={widget} canEdit={canEdit} onEdit={onEdit} onRemove={onRemove} csvHref={widget.problem === null && !isPivotWidget(widget.type) ? reportUrl(slug, request, "csv") : null} footer={footer}>
      {query.isError ? (
        <WidgetError message={query.error.message} />
      ) : query.data ? (
        <WidgetBody widget={widget} report={query.data} />
      ) : (
        <WidgetLoading />
      )}
    </WidgetFrame>
  );
}

/** Beside a widget the dashboard's tag filter cannot restrict (ad spend, sessions...): its figures are everyone's. */
function TagNote({ some = false }: { some?: boolean }) {
  return (
    <p className="px-3 pb-1 text-[11px] font-medium text-amber-700" data-testid="widget-tag-note">
      {some ? "Not filtered by tag: metrics that are not per customer are n/a." : "Not filtered by tag: these figures are for everyone."}
    </p>
  );
}
