import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ensureDefaultDashboards } from "./defaults";
import { ZDashboardNameSchema, type TDashboard } from "./schema";
import { toDashboard, toSummary, type TDashboardSummary } from "./serialize";
import { DASHBOARD_NOT_FOUND, lockDashboards, nextPosition, requireDashboard, type Tx } from "./store";
import { knownMetrics } from "./widget-config";

// Dashboards of one workspace. Every query names the workspace, so an id from another workspace
// is simply not found.

const ZCreateDashboardSchema = z.object({ name: ZDashboardNameSchema });

const ZUpdateDashboardSchema = z.object({
  name: ZDashboardNameSchema.optional(),
  is_default: z.literal(true, "To change the default, mark another dashboard as the default.").optional(),
});

const ZDuplicateDashboardSchema = z.object({ name: ZDashboardNameSchema.optional() });

const COPY_SUFFIX = " (copy)";

const IN_ORDER = [{ position: "asc" }, { createdAt: "asc" }] as const;

/** Ordered by position. A workspace without any (created before dashboards, or the demo) gets the defaults here. */
export async function listDashboards(workspaceId: string): Promise<TDashboardSummary[]> {
  const list = () => db.dashboard.findMany({ where: { workspaceId }, orderBy: [...IN_ORDER] });
  let rows = await list();
  if (rows.length === 0) {
    await ensureDefaultDashboards(workspaceId);
    rows = await list();
  }
  return rows.map(toSummary);
}

export async function getDashboard(workspaceId: string, dashboardId: string): Promise<TDashboard> {
  const [row, known] = await Promise.all([
    db.dashboard.findUnique({ where: { workspaceId_id: { workspaceId, id: dashboardId } }, include: { widgets: true } }),
    knownMetrics(workspaceId),
  ]);
  if (!row) throw notFound(DASHBOARD_NOT_FOUND);
  return toDashboard(row, row.widgets, known);
}

export async function createDashboard(workspaceId: string, input: unknown, userId: string | null): Promise<TDashboard> {
  const { name } = parseInput(ZCreateDashboardSchema, input);
  const id = await db.$transaction(async (tx) => {
    // A workspace that predates dashboards gets its defaults first, so the new one joins them.
    await ensureDefaultDashboards(workspaceId, tx);
    const row = await tx.dashboard.create({
      data: { workspaceId, name, isDefault: false, position: await nextPosition(tx, workspaceId), createdById: userId },
      select: { id: true },
    });
    return row.id;
  });
  return getDashboard(workspaceId, id);
}

export async function updateDashboard(workspaceId: string, dashboardId: string, input: unknown): Promise<TDashboard> {
  const data = parseInput(ZUpdateDashboardSchema, input);
  await db.$transaction(async (tx) => {
    await lockDashboards(tx, workspaceId);
    await requireDashboard(tx, workspaceId, dashboardId);
    if (data.is_default) {
      await tx.dashboard.updateMany({ where: { workspaceId, isDefault: true, NOT: { id: dashboardId } }, data: { isDefault: false } });
    }
    await tx.dashboard.update({
      where: { workspaceId_id: { workspaceId, id: dashboardId } },
      data: { name: data.name, isDefault: data.is_default, updatedAt: new Date() },
    });
  });
  return getDashboard(workspaceId, dashboardId);
}

/** A copy with every widget, placed last and never the default. */
export async function duplicateDashboard(workspaceId: string, dashboardId: string, input: unknown, userId: string | null): Promise<TDashboard> {
  const data = parseInput(ZDuplicateDashboardSchema, input ?? {});
  const id = await db.$transaction(async (tx) => {
    await lockDashboards(tx, workspaceId);
    const source = await requireDashboard(tx, workspaceId, dashboardId);
    const widgets = await tx.dashboardWidget.findMany({ where: { workspaceId, dashboardId } });
    const copy = await tx.dashboard.create({
      data: {
        workspaceId,
        name: data.name ?? copyName(source.name),
        isDefault: false,
        position: await nextPosition(tx, workspaceId),
        createdById: userId,
      },
      select: { id: true },
    });
    await tx.dashboardWidget.createMany({
      data: widgets.map((w) => ({
        workspaceId, dashboardId: copy.id, type: w.type, title: w.title, config: w.config ?? {}, x: w.x, y: w.y, w: w.w, h: w.h,
      })),
    });
    return copy.id;
  });
  return getDashboard(workspaceId, id);
}

function copyName(name: string): string {
  const max = ZDashboardNameSchema.maxLength ?? 80;
  return name.slice(0, max - COPY_SUFFIX.length).trimEnd() + COPY_SUFFIX;
}

/**
 * Deletes a dashboard and its widgets. The last one cannot go (a workspace always has a
 * dashboard to open); when the default goes, the first remaining one becomes the default.
 */
export async function deleteDashboard(workspaceId: string, dashboardId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockDashboards(tx, workspaceId);
    const doomed = await requireDashboard(tx, workspaceId, dashboardId);
    const others = await tx.dashboard.count({ where: { workspaceId, NOT: { id: dashboardId } } });
    if (others === 0) {
      throw new AppError("conflict", "This is the workspace's only dashboard. Create another before deleting it.");
    }
    await tx.dashboard.delete({ where: { workspaceId_id: { workspaceId, id: dashboardId } } });
    await recordAudit(tx, { workspaceId, action: "dashboard.deleted", target: { type: "dashboard", id: dashboardId }, changes: diffFields({ name: doomed.name }, null) });
    if (doomed.isDefault) await promoteFirst(tx, workspaceId);
  });
}

async function promoteFirst(tx: Tx, workspaceId: string): Promise<void> {
  const first = await tx.dashboard.findFirst({ where: { workspaceId }, orderBy: [...IN_ORDER], select: { id: true } });
  if (first) await tx.dashboard.update({ where: { workspaceId_id: { workspaceId, id: first.id } }, data: { isDefault: true } });
}
