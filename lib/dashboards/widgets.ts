import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZWidgetInputSchema, ZWidgetLayoutSchema, type TDashboard, type TWidget } from "./schema";
import { toWidget } from "./serialize";
import { getDashboard } from "./service";
import { requireDashboard, touchDashboard, type Tx } from "./store";
import { assertFitsGrid, assertUsableConfig, knownMetrics, withCohortDefaults, withoutMetrics } from "./widget-config";
import { assertFunnelWidget } from "./funnel-widget";
import { withPivotDefaults } from "./pivot-config";
import { isCohortWidget, isFunnelWidget, isPipelineWidget, isPivotWidget, readsKpiReport, type TWidgetConfig, type WidgetType } from "./schema";

// The widgets of one dashboard. A widget is addressed by (workspace, dashboard, widget), so a
// widget id under another dashboard or workspace is not found.

const WIDGET_NOT_FOUND = "Widget not found.";

const storedConfig = (type: WidgetType, config: TWidgetConfig): TWidgetConfig =>
  isCohortWidget(type) ? withCohortDefaults(config) : isFunnelWidget(type) || isPipelineWidget(type) ? withoutMetrics(config) : isPivotWidget(type) ? withPivotDefaults(config) : config;

/** Widgets whose configs mean different things: a type change between two of them needs a new config. */
const configKind = (type: WidgetType) => (isCohortWidget(type) ? "cohort" : isFunnelWidget(type) ? "funnel" : isPipelineWidget(type) ? "pipeline" : isPivotWidget(type) ? "pivot" : "report");

/** Every widget but a cohort or funnel widget shows metrics: said beside any other mistake in the same body. */
function needsMetrics(widget: { type?: WidgetType; config?: { metrics: string[] } }, ctx: z.RefinementCtx) {
  if (widget.type && readsKpiReport(widget.type) && widget.config && widget.config.metrics.length === 0) {
    ctx.addIssue({ code: "custom", path: ["config", "metrics"], message: "Pick at least one metric." });
  }
}

const ZNewWidgetSchema = ZWidgetInputSchema.superRefine(needsMetrics);
const ZWidgetPatchSchema = ZWidgetInputSchema.partial().superRefine(needsMetrics);

const ZLayoutSchema = z.object({
  items: z.array(ZWidgetLayoutSchema.extend({ id: z.string().trim().min(1, "Name the widget by its id.") })).max(500),
});

export async function addWidget(workspaceId: string, dashboardId: string, input: unknown): Promise<TWidget> {
  const data = parseInput(ZNewWidgetSchema, input);
  assertFitsGrid(data.layout, "layout.w");
  const known = await knownMetrics(workspaceId);
  assertUsableConfig(data.config, known, data.type);
  if (isFunnelWidget(data.type)) await assertFunnelWidget(workspaceId, data.config);
  const config = storedConfig(data.type, data.config);
  const row = await db.$transaction(async (tx) => {
    await requireDashboard(tx, workspaceId, dashboardId);
    const created = await tx.dashboardWidget.create({
      data: { workspaceId, dashboardId, type: data.type, title: data.title, config, ...data.layout },
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
  const row = await db.$transaction(async (tx) => {
    const existing = await requireWidget(workspaceId, dashboardId, widgetId, tx);
    const type = data.type ?? existing.type;
    if (data.config) assertUsableConfig(data.config, known, type);
    else if (data.type && configKind(data.type) !== configKind(existing.type)) {
      throw AppError.field("config", "A widget changing between a cohort, funnel, pivot or report widget needs a new config.");
    }
    if (data.config && isFunnelWidget(type)) await assertFunnelWidget(workspaceId, data.config);
    const config = data.config ? storedConfig(type, data.config) : undefined;
    const updated = await tx.dashboardWidget.update({
      where: { workspaceId_id: { workspaceId, id: widgetId } },
      data: { type: data.type, title: data.title, config, ...data.layout },
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
  const widget = await tx.dashboardWidget.findFirst({ where: { workspaceId, dashboardId, id: widgetId }, select: { id: true, type: true } });
  if (!widget) throw notFound(WIDGET_NOT_FOUND);
  return widget;
}
