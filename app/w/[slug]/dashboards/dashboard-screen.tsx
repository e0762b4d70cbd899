import { notFound } from "next/navigation";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { workspaceReadOnly } from "@/lib/billing/limits";
import { parseRangeParams, periodOf, resolveRange } from "@/lib/dashboards/date-range";
import { getDashboard, listDashboards } from "@/lib/dashboards/service";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { availableMetrics } from "@/lib/metrics/definitions/catalog";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";
import { firstPaintReports } from "./first-paint";

export type SearchParams = Record<string, string | string[] | undefined>;

async function dashboardOr404(workspaceId: string, id: string) {
  try {
    return await getDashboard(workspaceId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

/**
 * A dashboard painted on the server for the URL's range (every widget's report included), then
 * handed to the browser. `dashboardId` null opens the workspace's default dashboard.
 */
export async function DashboardScreen({ context, dashboardId, searchParams, headingLevel = 1 }: {
  context: WorkspaceContext;
  dashboardId: string | null;
  searchParams: SearchParams;
  headingLevel?: 1 | 2;
}) {
  const { workspace, role } = context;
  const list = await listDashboards(workspace.id);
  const id = dashboardId ?? (list.find((d) => d.is_default) ?? list[0])?.id;
  if (!id) notFound();
  const dashboard = await dashboardOr404(workspace.id, id);
  const selection = parseRangeParams(searchParams);
  const range = resolveRange(selection, workspace.timeZone);
  const tag = typeof searchParams.tag === "string" && searchParams.tag ? searchParams.tag : null;
  const [catalogue, initialReports, readOnly, tags] = await Promise.all([
    availableMetrics(workspace.id),
    firstPaintReports(workspace.id, dashboard.widgets, range, selection.compare, periodOf(selection.preset), {}, tag),
    workspaceReadOnly(workspace.id),
    db.tag.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  return (
    <DashboardView
      key={dashboard.id}
      slug={workspace.slug}
      // A read-only workspace (past due beyond its grace) refuses edits anyway; no controls offer them.
      canEdit={can(role, "dashboards.edit") && !readOnly}
      timeZone={workspace.timeZone}
      catalogue={catalogue}
      initialDashboard={dashboard}
      initialList={list}
      initialReports={initialReports}
      headingLevel={headingLevel}
      tags={tags}
    />
  );
}
