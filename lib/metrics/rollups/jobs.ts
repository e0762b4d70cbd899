import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// The rollups' jobs: a whole-workspace rebuild after a settings change, and the sweep that
// refreshes days a sync or webhook marked but could not refresh.

export const ZRebuildJob = z.object({ workspaceId: z.string().min(1), rebuildId: z.string() });
export type RebuildJob = z.infer<typeof ZRebuildJob>;

export const rebuildRollupsJob = defineJob({
  id: "rebuild-rollups",
  event: "metrics/rollups.rebuild.requested",
  schema: ZRebuildJob,
  // Rebuilds of one workspace rewrite the same days: one at a time, the newest superseding.
  concurrencyKey: "workspaceId",
  retries: 4,
  dedupeKey: (job) => job.rebuildId,
  recover: async () => (await import("./rebuild-jobs")).pendingRebuildJobs(),
  handler: async () => (await import("./job-handlers")).rebuildRollupsHandler,
});

export const sweepDirtyRollupsJob = defineJob({
  id: "sweep-dirty-rollups",
  schema: z.object({ workspaceId: z.string().optional(), now: z.string().optional() }),
  schedule: { cron: "*/2 * * * *", everyMs: 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepDirtyRollupsHandler,
});
