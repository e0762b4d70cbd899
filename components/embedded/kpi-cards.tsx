"use client";

import dynamic from "next/dynamic";
import { memo } from "react";
import { KpiFigure, kpiSeries } from "@/components/dashboard/widgets/kpi-figure";
import { metricInfo } from "@/components/dashboard/widgets/shared";
import { WidgetFrame } from "@/components/dashboard/widget-frame";
import { periodOf } from "@/lib/dashboards/date-range";
import { reportKey, widgetReportRequest } from "@/lib/dashboards/report-request";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import { WIDGET_ROW_PX } from "./grid";

// The home's headline figures: the KPI cards as the dashboards draw them, without the dashboards'
// bundle. The figures are text, rendered with the page; the sparklines need the charting
// library, which loads after the first paint into a box of their final height (nothing moves).

const SPARK_CLASS = "mt-auto h-10 w-full";
const Spark = dynamic(() => import("@tremor/react").then((m) => m.SparkAreaChart), { ssr: false, loading: () => <div className={SPARK_CLASS} /> });
const noop = () => {};

/**
 * Memoised on the answer: a refresh that is still loading (or a poll of the store's sync)
 * re-renders none of the cards, which keeps the Refresh button's response quick.
 */
export const KpiCards = memo(function KpiCards({ answer }: { answer: EmbeddedDashboard }) {
  const { dashboard, range, selection, reports, failed } = answer;
  const period = periodOf(selection.preset);
  const widgets = dashboard.widgets.filter((w) => w.type === "kpi");
  if (widgets.length === 0) {
    return (
      <div className="embedded-card" data-testid="embedded-dashboard-empty">
        <p className="text-sm text-[#616161]">The Overview has no KPI cards to show here yet. Add some from Signalboard&apos;s dashboards.</p>
      </div>
    );
  }
  return (
    <div className="embedded-grid" data-testid="embedded-widgets">
      {widgets.map((widget) => {
        const report = reports[reportKey(widgetReportRequest(widget, range, selection.compare, period))];
        const style = { "--span": widget.layout.w, "--rows": widget.layout.h, "--row-px": `${WIDGET_ROW_PX}px` } as React.CSSProperties;
        const metrics = report ? widget.config.metrics.map((id) => metricInfo(report, id)) : [];
        const series = report && metrics.length > 0 ? kpiSeries({ report, metrics }) : [];
        return (
          <div key={widget.id} className="embedded-widget" data-kind="kpi" style={style}>
            <WidgetFrame widget={widget} canEdit={false} onEdit={noop} onRemove={noop} csvHref={null}>
              {widget.problem ? (
                <p className="text-sm text-[#616161]">{widget.problem}</p>
              ) : report && metrics.length > 0 ? (
                <div className="flex h-full flex-col">
                  <KpiFigure report={report} metrics={metrics} />
                  {series.length > 1 ? <Spark data={series} index="day" categories={["value"]} colors={["indigo"]} className={SPARK_CLASS} /> : null}
                </div>
              ) : (
                <p className="text-sm text-[#8e1f0b]" role="status">
                  {failed.includes(widget.id) ? "This widget's figures could not be read. Try again in a moment." : "No figures for this widget."}
                </p>
              )}
            </WidgetFrame>
          </div>
        );
      })}
    </div>
  );
});
