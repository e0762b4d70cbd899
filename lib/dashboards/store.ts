import type { Prisma } from "@/lib/db/generated/client";
import { notFound } from "@/lib/errors";

export type Tx = Prisma.TransactionClient;

/**
 * Serialises the writes that must see a workspace's whole set of dashboards (creating the
 * defaults, moving the default flag, deleting), so two concurrent requests cannot leave a
 * workspace with two defaults, none, or the defaults created twice. Held until the transaction ends.
 */
export async function lockDashboards(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('dashboards'), hashtext(${workspaceId}))`;
}

export const DASHBOARD_NOT_FOUND = "Dashboard not found.";

/** Another workspace's dashboard is indistinguishable from a missing one. */
export async function requireDashboard(tx: Tx, workspaceId: string, dashboardId: string) {
  const row = await tx.dashboard.findUnique({ where: { workspaceId_id: { workspaceId, id: dashboardId } } });
  if (!row) throw notFound(DASHBOARD_NOT_FOUND);
  return row;
}

/** A widget change is a change to its dashboard, so lists can show what was edited last. */
export async function touchDashboard(tx: Tx, workspaceId: string, dashboardId: string): Promise<void> {
  await tx.dashboard.update({ where: { workspaceId_id: { workspaceId, id: dashboardId } }, data: { updatedAt: new Date() } });
}

export async function nextPosition(tx: Tx, workspaceId: string): Promise<number> {
  const last = await tx.dashboard.aggregate({ where: { workspaceId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}
