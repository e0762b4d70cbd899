"use client";

import { useMemo } from "react";
import ReactGridLayout, { useContainerWidth, type Layout } from "react-grid-layout";
import "react-grid-layout/css/styles.css";
import { GRID_COLUMNS, type TWidget } from "@/lib/dashboards/schema";
import type { LayoutItem } from "./api";
import { gridLayout, layoutItems, stackedLayout } from "./layout";
import { DRAG_HANDLE_CLASS } from "./widget-card";

/** Below this width widgets stack in one column and cannot be dragged (a phone). */
export const PHONE_WIDTH = 640;
const ROW_HEIGHT = 80;

/** The 12-column dashboard grid; a drag or resize that ends saves the whole layout. */
export function WidgetGrid({ widgets, editable, onLayoutSaved, children }: {
  widgets: TWidget[];
  editable: boolean;
  onLayoutSaved: (items: LayoutItem[]) => void;
  children: (widget: TWidget) => React.ReactNode;
}) {
  const { width, containerRef, mounted } = useContainerWidth({ initialWidth: 1120 });
  const phone = mounted && width < PHONE_WIDTH;
  const layout = useMemo(() => (phone ? stackedLayout(widgets) : gridLayout(widgets)), [phone, widgets]);
  const interactive = editable && !phone;
  const save = (next: Layout) => onLayoutSaved(layoutItems(next));

  return (
    <div ref={containerRef} data-testid="widget-grid" data-columns={phone ? 1 : GRID_COLUMNS}>
      <ReactGridLayout
        width={width}
        layout={layout}
        gridConfig={{ cols: phone ? 1 : GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [12, 12], containerPadding: [0, 0] }}
        dragConfig={{ enabled: interactive, handle: `.${DRAG_HANDLE_CLASS}` }}
        resizeConfig={{ enabled: interactive, handles: ["se"] }}
        onDragStop={(next) => save(next)}
        onResizeStop={(next) => save(next)}
      >
        {widgets.map((widget) => (
          <div key={widget.id} data-testid="grid-item" data-widget-id={widget.id}>
            {children(widget)}
          </div>
        ))}
      </ReactGridLayout>
    </div>
  );
}
