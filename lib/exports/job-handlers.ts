import { db } from "@/lib/db/client";
import type { JobHandler } from "@/lib/jobs/define";
import { logger } from "@/lib/log";
import { buildWorkspaceExport } from "./build";
import type { TBuildWorkspaceExport } from "./job-payloads";
import { deleteExpiredWorkspaceExports } from "./retention";

const log = logger("exports");

export const buildWorkspaceExportHandler: JobHandler<TBuildWorkspaceExport> = {
  run: async ({ workspaceId, exportId }, context) => {
    const manifest = await context.step("build", async () => {
      const exists = await db.workspaceExport.findUnique({ where: { workspaceId_id: { workspaceId, id: exportId } }, select: { status: true } });
      // Swept or already made (a duplicate delivery): nothing to do.
      if (!exists || exists.status === "done") return null;
      const built = await buildWorkspaceExport(workspaceId, exportId);
      return { tables: built.tables.length, rows: built.tables.reduce((sum, t) => sum + t.rows, 0) };
    });
    return manifest;
  },
  onFailure: async ({ workspaceId, exportId }, error) => {
    log.error("workspace export failed", error);
    await db.workspaceExport.updateMany({
      where: { workspaceId, id: exportId },
      data: { status: "failed", finishedAt: new Date(), currentTable: null, error: "The export could not be made. Ask for a new one; if it fails again, contact support." },
    });
    await db.workspaceExportChunk.deleteMany({ where: { workspaceId, exportId } });
  },
};

export const sweepWorkspaceExportsHandler: JobHandler<object> = {
  run: async (_job, context) => ({ deleted: await context.step("expired", () => deleteExpiredWorkspaceExports()) }),
};
