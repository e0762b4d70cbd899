import type { Layout } from "react-grid-layout";
import { GRID_COLUMNS, type TWidget, type TWidgetLayout, type WidgetType } from "@/lib/dashboards/schema";
import type { LayoutItem } from "./api";

// Where widgets sit: the stored 12-column layout, the one-column phone stack, new widgets' places.

/** Widgets in reading order, one under another, each as tall as on the desktop grid. */
export function stackedLayout(widgets: TWidget[]): Layout {
  let y = 0;
  return [...widgets]
    .sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x)
    .map((w) => {
      const item = { i: w.id, x: 0, y, w: 1, h: w.layout.h, isDraggable: false, isResizable: false };
      y += w.layout.h;
      return item;
    });
}

export function gridLayout(widgets: TWidget[]): Layout {
  return widgets.map((w) => ({ i: w.id, x: w.layout.x, y: w.layout.y, w: w.layout.w, h: w.layout.h, minW: 2, minH: 2 }));
}

export function layoutItems(layout: Layout): LayoutItem[] {
  return layout.map((item) => ({ id: item.i, x: item.x, y: item.y, w: item.w, h: item.h }));
}

const NEW_WIDGET_SIZE: Record<WidgetType, { w: number; h: number }> = {
  kpi: { w: 3, h: 2 },
  line: { w: 6, h: 4 },
  area: { w: 6, h: 4 },
  bar: { w: 6, h: 4 },
  bar_list: { w: 6, h: 4 },
  donut: { w: 6, h: 4 },
  table: { w: GRID_COLUMNS, h: 4 },
  pivot: { w: GRID_COLUMNS, h: 6 },
  cohort_heatmap: { w: GRID_COLUMNS, h: 5 },
  ltv_curves: { w: 6, h: 4 },
  ltv_cac: { w: 6, h: 4 },
  predicted_vs_actual: { w: 6, h: 4 },
  funnel: { w: 6, h: 5 },
  pipeline: { w: 6, h: 5 },
};

/** A new widget goes under everything else, at the left. */
export function nextWidgetLayout(widgets: TWidget[], type: WidgetType): TWidgetLayout {
  const bottom = widgets.reduce((max, w) => Math.max(max, w.layout.y + w.layout.h), 0);
  return { x: 0, y: bottom, ...NEW_WIDGET_SIZE[type] };
}

