import type { JobHandler } from "@/lib/jobs/define";
import type { BuildFunnelProgressJob } from "./job-payloads";
import { writeBuild } from "./progress";

// One step: each chunk commits its own progress on the build's row, and a retry starts over,
// rewriting units already written (the rows are rewritten whole, never added to).
export const buildFunnelProgressHandler: JobHandler<BuildFunnelProgressJob> = {
  run: async ({ workspaceId, buildId }, context) => context.step("build", () => writeBuild(workspaceId, buildId)),
};
