import type { JobHandler } from "@/lib/jobs/define";
import { refreshOwnedReport, workspacesWithMarkedDays } from "./daily";
import type { TRefreshOwnedReportJob, TSweepOwnedReportJob } from "./job-payloads";

export const refreshOwnedReportHandler: JobHandler<TRefreshOwnedReportJob> = {
  run: async ({ workspaceId }, context) => ({ rebuilt: await context.step("rebuild", () => refreshOwnedReport(workspaceId)) }),
};

export const sweepOwnedReportHandler: JobHandler<TSweepOwnedReportJob> = {
  async run(_job, context) {
    const workspaces = await context.step("list", () => workspacesWithMarkedDays());
    let rebuilt = 0;
    for (const workspaceId of workspaces) rebuilt += await context.step(`rebuild-${workspaceId}`, () => refreshOwnedReport(workspaceId));
    return { workspaces: workspaces.length, rebuilt };
  },
};
