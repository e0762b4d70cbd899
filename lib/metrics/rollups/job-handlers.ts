import type { JobHandler } from "@/lib/jobs/define";
import { failRollupRebuild, rebuildNextChunk, startRollupRebuild, unfinished } from "./rebuild-jobs";
import { sweepDirtyRollups } from "./refresh";

// A whole-workspace rollup rebuild: each chunk of days is a step that commits its own progress,
// so a retry or a redeploy resumes at the first day not yet rebuilt.
export const rebuildRollupsHandler: JobHandler<{ workspaceId: string; rebuildId: string }> = {
  async run({ workspaceId, rebuildId }, context) {
    let state = await context.step("start", () => startRollupRebuild(workspaceId, rebuildId));
    for (let chunk = 0; unfinished(state); chunk++) {
      state = await context.step(`chunk-${chunk}`, () => rebuildNextChunk(workspaceId, rebuildId));
    }
    return { rebuildId, status: state.status, superseded: state.superseded, daysDone: state.daysDone };
  },
  onFailure: ({ workspaceId, rebuildId }, error) => failRollupRebuild(workspaceId, rebuildId, error),
};

export const sweepDirtyRollupsHandler: JobHandler<object> = {
  run: async (_job, context) => ({ swept: await context.step("sweep", () => sweepDirtyRollups()) }),
};
