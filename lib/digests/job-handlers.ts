import type { JobHandler } from "@/lib/jobs/define";
import type { RunDueDigestsJob } from "./job-payloads";
import { runDueDigests } from "./run";

export const runDueDigestsHandler: JobHandler<RunDueDigestsJob> = {
  run: async (job, context) => {
    const now = job.now ? new Date(job.now) : new Date();
    return context.step("run-due", () => runDueDigests(now, job.workspaceId ? { workspaceId: job.workspaceId } : undefined));
  },
};
