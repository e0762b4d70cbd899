import type { JobHandler } from "@/lib/jobs/define";
import { evaluateWorkspaceAlerts } from "./evaluate";
import type { EvaluateAlertsJob } from "./job-payloads";

export const evaluateAlertsHandler: JobHandler<EvaluateAlertsJob> = {
  run: async ({ workspaceId }, context) =>
    context.step("evaluate", async () => {
      const outcomes = await evaluateWorkspaceAlerts(workspaceId);
      return { rules: outcomes.length, failed: outcomes.filter((o) => o.error).length };
    }),
};
