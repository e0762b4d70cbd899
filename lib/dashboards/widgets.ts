import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZWidgetInputSchema, ZWidgetLayoutSchema, type TDashboard, type TWidget } from "./schema";
import { toWidget } from "./serialize";
import { getDashboard } from "./service";
import { requireDashboard, touchDashboard, type Tx } from "./store";
import { assertFitsGrid, assertUsableConfig, knownMetrics } from "./widget-config";

// The widgets of one dashboard. A widget is addressed by (workspace, dashboard, widget), so a
// widget id under another dashboard or workspace is not found.

const WIDGET_NOT_FOUND = "Widget not found.";

const ZWidgetPatchSchema = ZWidgetInputSchema.partial();

const ZLayoutSchema = z.object({
  items: z.array(ZWidgetLayoutSchema.extend({ id: z.string().trim().min(1, "Name the widget by its id.") })).max(500),
});

export async function addWidget(workspaceId: string, dashboardId: string, input: unknown): Promise<TWidget> {
  const data = parseInput(ZWidgetInputSchema, input);
  assertFitsGrid(data.layout, "layout.w");
  const known = await knownMetrics(workspaceId);
  assertUsableConfig(data.config, known);
  const row = await db.$transaction(async (tx) => {
    await requireDashboard(tx, workspaceId, dashboardId);
    const created = await tx.dashboardWidget.create({
      data: { workspaceId, dashboardId, type: data.type, title: data.title, config: data.config, ...data.layout },
    });
    await touchDashboard(tx, workspaceId, dashboardId);
    return created;
  });
  return toWidget(row, known);
}

/** Changes only the fields sent; a new config replaces the old one whole. */
export async function updateWidget(workspaceId: string, dashboardId: string, widgetId: string, input: unknown): Promise<TWidget> {
  const data = parseInput(ZWidgetPatchSchema, input);
  if (data.layout) assertFitsGrid(data.layout, "layout.w");
  const known = await knownMetrics(workspaceId);
  if (data.config) assertUsableConfig(data.config, known);
  const row = await db.$transaction(async (tx) => {
    await requireWidget(workspaceId, dashboardId, widgetId, tx);
    const updated = await tx.dashboardWidget.update({
      where: { workspaceId_id: { workspaceId, id: widgetId } },
      data: { type: data.type, title: data.title, config: data.config, ...data.layout },
    });
    await touchDashboard(tx, workspaceId, dashboardId);
    return updated;
  });
  return toWidget(row, known);
}

export async function removeWidget(workspaceId: string, dashboardId: string, widgetId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await requireWidget(workspaceId, dashboardId, widgetId, tx);
    await tx.dashboardWidget.delete({ where: { workspaceId_id: { workspaceId, id: widgetId } } });
    await touchDashboard(tx, workspaceId, dashboardId);
  });
}

/** Moves and resizes widgets all at once: either every item is saved or none is. Widgets not listed stay put. */
export async function saveLayout(workspaceId: string, dashboardId: string, input: unknown): Promise<TDashboard> {
  const { items } = parseInput(ZLayoutSchema, input);
  items.forEach((item, i) => assertFitsGrid(item, `items.${i}.w`));
  await db.$transaction(async (tx) => {
    await requireDashboard(tx, workspaceId, dashboardId);
    const rows = await tx.dashboardWidget.findMany({ where: { workspaceId, dashboardId }, select: { id: true } });
    const onDashboard = new Set(rows.map((row) => row.id));
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (!onDashboard.has(item.id)) throw AppError.field(`items.${i}.id`, `This dashboard has no widget ${item.id}.`);
      if (seen.has(item.id)) throw AppError.field(`items.${i}.id`, `Widget ${item.id} is listed twice.`);
      seen.add(item.id);
    });
    for (const { id, x, y, w, h } of items) {
      await tx.dashboardWidget.update({ where: { workspaceId_id: { workspaceId, id } }, data: { x, y, w, h } });
    }
    await touchDashboard(tx, workspaceId, dashboardId);
  });
  return getDashboard(workspaceId, dashboardId);
}

async function requireWidget(workspaceId: string, dashboardId: string, widgetId: string, tx: Tx) {
  await requireDashboard(tx, workspaceId, dashboardId);
  const widget = await tx.dashboardWidget.findFirst({ where: { workspaceId, dashboardId, id: widgetId }, select: { id: true } });
  if (!widget) throw notFound(WIDGET_NOT_FOUND);
}
