import type { JobHandler } from "@/lib/jobs/define";
import { workspacesWithRules } from "./evaluate";
import type { ScheduleAlertsJob } from "./job-payloads";
import { evaluateAlertsJob } from "./jobs";

export const scheduleAlertsHandler: JobHandler<ScheduleAlertsJob> = {
  async run({ workspaceId }, context) {
    const workspaces = await context.step("find", async () => (await workspacesWithRules()).filter((id) => !workspaceId || id === workspaceId));
    if (workspaces.length) await context.enqueue("fan-out", evaluateAlertsJob, workspaces.map((id) => ({ workspaceId: id, trigger: "hourly" as const })));
    return { queued: workspaces.length };
  },
};
