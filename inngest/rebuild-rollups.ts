import { failRollupRebuild, rebuildNextChunk, startRollupRebuild, unfinished } from "@/lib/metrics/rollups/rebuild-jobs";
import { inngest } from "./client";
import { rollupRebuildRequested } from "./events";

// A whole-workspace rollup rebuild as a durable function: each chunk of days is a step that
// commits its own progress, so a retry or a redeploy resumes at the first day not yet rebuilt.
export const rebuildRollupsFunction = inngest.createFunction(
  {
    id: "rebuild-rollups",
    triggers: [rollupRebuildRequested],
    // Rebuilds of one workspace rewrite the same days: one at a time, the newest superseding.
    concurrency: { key: "event.data.workspaceId", limit: 1 },
    retries: 4,
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { workspaceId: string; rebuildId: string };
      await failRollupRebuild(data.workspaceId, data.rebuildId, error);
    },
  },
  async ({ event, step }) => {
    const { workspaceId, rebuildId } = event.data;
    let state = await step.run("start", () => startRollupRebuild(workspaceId, rebuildId));
    for (let chunk = 0; unfinished(state); chunk++) {
      state = await step.run(`chunk-${chunk}`, () => rebuildNextChunk(workspaceId, rebuildId));
    }
    return { rebuildId, status: state.status, superseded: state.superseded, daysDone: state.daysDone };
  },
);

export async function sendRollupRebuildRequested(data: { workspaceId: string; rebuildId: string }): Promise<void> {
  await inngest.send(rollupRebuildRequested.create(data));
}
