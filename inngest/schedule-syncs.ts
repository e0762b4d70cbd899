import { dueSyncs } from "@/lib/sync/scheduler";
import { openRun } from "@/lib/sync/runs";
import { sweepDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { inngest } from "./client";
import { syncRequested } from "./events";

// Fans out one sync event per due connection; the per-connection function does the work.
export const scheduleSyncs = inngest.createFunction(
  { id: "schedule-syncs", triggers: [{ cron: "*/2 * * * *" }] },
  async ({ step }) => {
    const due = await step.run("find-due", async () => {
      const syncs = await dueSyncs();
      const runs = [];
      for (const sync of syncs) {
        const run = await openRun(sync, sync.kind, sync.range ?? {});
        // A reused run already has a function working on it.
        if (!run.reused) runs.push({ workspaceId: sync.workspaceId, connectionId: sync.connectionId, runId: run.runId });
      }
      return runs;
    });
    if (due.length) await step.sendEvent("fan-out", due.map((data) => syncRequested.create(data)));
    // Rollup days a sync or webhook marked but could not refresh are caught up here.
    const swept = await step.run("sweep-dirty-rollups", () => sweepDirtyRollups());
    return { scheduled: due.length, swept };
  },
);
