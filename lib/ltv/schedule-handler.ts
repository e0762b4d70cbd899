import type { JobHandler } from "@/lib/jobs/define";
import type { ScheduledLtvJob } from "./job-payloads";
import { fitLtvModelJob } from "./jobs";
import { fitJob, workspacesWithCustomers } from "./request";

export const scheduleLtvFitsHandler: JobHandler<ScheduledLtvJob> = {
  async run({ workspaceId, now }, context) {
    const at = now ? new Date(now) : new Date();
    const workspaces = await context.step("find", () => workspacesWithCustomers(workspaceId));
    if (workspaces.length) await context.enqueue("fan-out", fitLtvModelJob, workspaces.map((id) => fitJob(id, at)));
    return { queued: workspaces.length };
  },
};
