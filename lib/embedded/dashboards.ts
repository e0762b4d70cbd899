import { parseRangeParams, periodOf, resolveRange, type DayRange, type RangeSelection } from "@/lib/dashboards/date-range";
import { reportKey, widgetReportRequest } from "@/lib/dashboards/report-request";
import { readsKpiReport, type TDashboard } from "@/lib/dashboards/schema";
import type { TDashboardSummary } from "@/lib/dashboards/serialize";
import { getDashboard, listDashboards } from "@/lib/dashboards/service";
import { AppError, notFound } from "@/lib/errors";
import { runReport } from "@/lib/metrics/report/run";
import type { TReport } from "@/lib/metrics/report/types";
import type { EmbeddedContext } from "./guard";
import { logger } from "@/lib/log";
import { observeReport } from "@/lib/observability/report-latency";

const log = logger("embedded");

// A dashboard as the embedded app shows it: the workspace's own dashboards (Overview is the
// default), every widget's report read with the same report code as the standalone app, for the
// range in the query. The workspace is the session token's, never a parameter: an id from another
// workspace is simply not found.

export type EmbeddedDashboard = {
  dashboards: TDashboardSummary[];
  dashboard: TDashboard;
  selection: RangeSelection;
  range: DayRange;
  /** Keyed like the browser keys a widget's report request (reportKey). */
  reports: Record<string, TReport>;
  /** Widgets whose report failed: each shows that it could not be read. */
  failed: string[];
};

export async function embeddedDashboard(context: EmbeddedContext, query: URLSearchParams): Promise<EmbeddedDashboard> {
  const { workspace } = context;
  const dashboards = await listDashboards(workspace.id);
  const wanted = query.get("dashboard");
  // Only this workspace's ids are looked up, so a malformed or foreign id is the same 404.
  if (wanted !== null && !dashboards.some((d) => d.id === wanted)) throw notFound("No such dashboard.");
  const id = wanted ?? (dashboards.find((d) => d.is_default) ?? dashboards[0])!.id;
  const whole = await getDashboard(workspace.id, id);
  // `widgets=kpi` (the home's headline figures) reads and sends only the KPI cards.
  const only = query.get("widgets");
  if (only !== null && only !== "kpi") throw AppError.field("widgets", "widgets must be kpi, or left out for every widget.");
  const dashboard = only === null ? whole : { ...whole, widgets: whole.widgets.filter((w) => w.type === only) };
  const selection = parseRangeParams(query);
  const range = resolveRange(selection, workspace.timeZone);
  const period = periodOf(selection.preset);
  // Widgets share statements (every KPI on sales reads the same sums): one cache for the lot.
  const cache = new Map<string, Promise<unknown>>();
  const reports: Record<string, TReport> = {};
  const failed: string[] = [];
  await Promise.all(
    dashboard.widgets
      // Cohort and funnel widgets read reports of their own, which the embedded app does not show here.
      .filter((w) => w.problem === null && readsKpiReport(w.type))
      .map(async (widget) => {
        const request = widgetReportRequest(widget, range, selection.compare, period);
        try {
          reports[reportKey(request)] = await observeReport("dashboard_widget", () => runReport(workspace.id, request, { cache }));
        } catch (error) {
          failed.push(widget.id);
          log.warn("widget report failed", { widgetId: widget.id, err: error });
        }
      }),
  );
  return { dashboards, dashboard, selection, range, reports, failed };
}
