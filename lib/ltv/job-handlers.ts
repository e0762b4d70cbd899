import type { JobHandler } from "@/lib/jobs/define";
import { fitWorkspaceModel } from "./fit-workspace";
import type { FitLtvJob } from "./job-payloads";

export const fitLtvModelHandler: JobHandler<FitLtvJob> = {
  run: async ({ workspaceId }, context) => context.step("fit", () => fitWorkspaceModel(workspaceId)),
};
