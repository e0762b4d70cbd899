import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { ZBuildWorkspaceExport } from "./job-payloads";

// Builds one workspace export (./build.ts), one at a time per workspace. A retry starts the file
// over; after the last one the export is marked failed with a message for the page.
export const buildWorkspaceExportJob = defineJob({
  id: "build-workspace-export",
  event: "exports/workspace.build.requested",
  schema: ZBuildWorkspaceExport,
  concurrencyKey: "workspaceId",
  retries: 2,
  dedupeKey: (payload) => payload.exportId,
  recover: async () => (await import("./recover")).unfinishedExports(),
  handler: async () => (await import("./job-handlers")).buildWorkspaceExportHandler,
});

// Nightly: exports past their expiry go with their files.
export const sweepWorkspaceExportsJob = defineJob({
  id: "sweep-workspace-exports",
  schema: z.object({}),
  schedule: { cron: "TZ=UTC 45 4 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepWorkspaceExportsHandler,
});
