"use client";

import type { TWidget } from "@/lib/dashboards/schema";
import type { TReport } from "@/lib/metrics/report/types";
import { ChartWidget } from "./widgets/chart-widget";
import { KpiWidget } from "./widgets/kpi-widget";
import { ShareWidget } from "./widgets/share-widget";
import { PivotWidget } from "./widgets/pivot-widget";
import { metricInfo } from "./widgets/shared";
import { TableWidget } from "./widgets/table-widget";

/** The body of a widget, by its type. */
export function WidgetBody({ widget, report }: { widget: TWidget; report: TReport }) {
  const props = { report, metrics: widget.config.metrics.map((id) => metricInfo(report, id)), limit: widget.config.limit };
  switch (widget.type) {
    case "kpi":
      return <KpiWidget {...props} />;
    case "line":
    case "area":
    case "bar":
      return <ChartWidget type={widget.type} {...props} />;
    case "table":
      return <TableWidget {...props} initialSort={widget.config.sort} />;
    case "pivot":
      return widget.config.pivot ? <PivotWidget report={report} pivot={widget.config.pivot} title={widget.title} /> : null;
    case "bar_list":
    case "donut":
      return <ShareWidget type={widget.type} {...props} />;
    case "cohort_heatmap":
    case "ltv_curves":
    case "ltv_cac":
    case "predicted_vs_actual":
    case "funnel":
    case "pipeline":
      // Drawn by their own cards from the cohort, funnel or pipeline report, never from a KPI report.
      return null;
    default: {
      const unknown: never = widget.type;
      return <p className="text-sm text-slate-500">Unknown widget type {String(unknown)}.</p>;
    }
  }
}
