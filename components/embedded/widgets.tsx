"use client";

import { WidgetBody } from "@/components/dashboard/widget-body";
import { WidgetFrame } from "@/components/dashboard/widget-frame";
import { periodOf } from "@/lib/dashboards/date-range";
import { reportKey, widgetReportRequest } from "@/lib/dashboards/report-request";
import { readsKpiReport } from "@/lib/dashboards/schema";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import { WIDGET_ROW_PX } from "./grid";

// A dashboard's widgets as the standalone app draws them (the same widget bodies), read only, on
// a grid that keeps their widths on wide screens and stacks them on a phone.

const noop = () => {};

export function EmbeddedWidgets({ answer, kinds }: { answer: EmbeddedDashboard; kinds?: readonly string[] }) {
  const { dashboard, range, selection, reports, failed } = answer;
  const period = periodOf(selection.preset);
  const widgets = dashboard.widgets.filter((w) => readsKpiReport(w.type) && (!kinds || kinds.includes(w.type)));
  if (widgets.length === 0) {
    return (
      <div className="embedded-card" data-testid="embedded-dashboard-empty">
        <p className="text-sm text-[#616161]">This dashboard has no widgets that can be shown here yet. Add some from Signalboard&apos;s dashboards.</p>
      </div>
    );
  }
  return (
    <div className="embedded-grid" data-testid="embedded-widgets">
      {widgets.map((widget) => {
        const report = reports[reportKey(widgetReportRequest(widget, range, selection.compare, period))];
        const style = { "--span": widget.layout.w, "--rows": widget.layout.h, "--row-px": `${WIDGET_ROW_PX}px` } as React.CSSProperties;
        return (
          <div key={widget.id} className="embedded-widget" data-kind={widget.type} style={style}>
            <WidgetFrame widget={widget} canEdit={false} onEdit={noop} onRemove={noop} csvHref={null}>
              {widget.problem ? (
                <p className="text-sm text-[#616161]">{widget.problem}</p>
              ) : report ? (
                <WidgetBody widget={widget} report={report} />
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
}

// The placeholders live in a module without the widget bodies, for the home's small bundle.
export { WidgetPlaceholders } from "./grid";
