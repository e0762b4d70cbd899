import { db } from "@/lib/db/client";

// How long an export's file is kept; the nightly sweep-workspace-exports job deletes it after.
export const EXPORT_KEEP_DAYS = 7;

/** Deletes exports (and their files) past their expiry; returns how many. */
export async function deleteExpiredWorkspaceExports(now = new Date()): Promise<number> {
  const expired = await db.workspaceExport.findMany({ where: { expiresAt: { lte: now } }, select: { workspaceId: true, id: true } });
  for (const { workspaceId, id } of expired) {
    await db.$transaction([
      db.workspaceExportChunk.deleteMany({ where: { workspaceId, exportId: id } }),
      db.workspaceExport.delete({ where: { workspaceId_id: { workspaceId, id } } }),
    ]);
  }
  return expired.length;
}
