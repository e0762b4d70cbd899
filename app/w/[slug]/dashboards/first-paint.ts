import { reportKey, widgetReportRequest } from "@/lib/dashboards/report-request";
import type { DayRange } from "@/lib/dashboards/date-range";
import { readsKpiReport, type TWidget } from "@/lib/dashboards/schema";
import { runReport, type ReportOptions } from "@/lib/metrics/report/run";
import type { Comparison, Period } from "@/lib/metrics/report/schema";
import type { TReport } from "@/lib/metrics/report/types";
import { observeReport } from "@/lib/observability/report-latency";

/**
 * Every widget's report for the first paint, keyed as the browser keys them. A report that fails
 * is left out: the widget then fetches it itself and shows the API's message.
 */
export async function firstPaintReports(
  workspaceId: string,
  widgets: TWidget[],
  range: DayRange,
  compare: Comparison,
  period: Period,
  options: Pick<ReportOptions, "dailyOnly"> = {},
  tag: string | null = null,
): Promise<Record<string, TReport>> {
  const requests = new Map(
    // Cohort and funnel widgets read their own reports in the browser.
    widgets.filter((w) => w.problem === null && readsKpiReport(w.type)).map((w) => {
      const request = widgetReportRequest(w, range, compare, period, tag);
      return [reportKey(request), request] as const;
    }),
  );
  // Widgets share statements (every KPI on sales reads the same sales sums): run each once.
  const cache = new Map<string, Promise<unknown>>();
  const entries = await Promise.all(
    [...requests].map(async ([key, request]) => {
      try {
        return [key, await observeReport("dashboard_widget", () => runReport(workspaceId, request, { ...options, cache }))] as const;
      } catch {
        return null;
      }
    }),
  );
  return Object.fromEntries(entries.filter((entry) => entry !== null));
}
