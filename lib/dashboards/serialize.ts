import type { Dashboard, DashboardWidget } from "@/lib/db/generated/client";
import type { z } from "zod";
import type { TDashboard, TWidget, ZDashboardSummarySchema } from "./schema";
import { readWidgetConfig } from "./widget-config";

export type TDashboardSummary = z.infer<typeof ZDashboardSummarySchema>;

export function toSummary(row: Dashboard): TDashboardSummary {
  return { id: row.id, name: row.name, is_default: row.isDefault, position: row.position, updated_at: row.updatedAt.toISOString() };
}

export function toWidget(row: DashboardWidget, known: ReadonlySet<string>): TWidget {
  const { config, problem } = readWidgetConfig(row.config, known, row.type);
  return { id: row.id, type: row.type, title: row.title, config, layout: { x: row.x, y: row.y, w: row.w, h: row.h }, problem };
}

/** Widgets in reading order: top to bottom, then left to right. */
export function toDashboard(row: Dashboard, widgets: DashboardWidget[], known: ReadonlySet<string>): TDashboard {
  const ordered = [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);
  return { ...toSummary(row), widgets: ordered.map((widget) => toWidget(widget, known)) };
}
