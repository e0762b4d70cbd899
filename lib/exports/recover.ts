import { db } from "@/lib/db/client";
import type { TBuildWorkspaceExport } from "./job-payloads";

/** Exports a stopped process left queued or half made, to be built again. */
export async function unfinishedExports(): Promise<TBuildWorkspaceExport[]> {
  const rows = await db.workspaceExport.findMany({ where: { status: { in: ["queued", "running"] } }, select: { workspaceId: true, id: true } });
  return rows.map((r) => ({ workspaceId: r.workspaceId, exportId: r.id }));
}
