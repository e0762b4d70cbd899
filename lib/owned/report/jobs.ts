import { defineJob } from "@/lib/jobs/define";
import { ZRefreshOwnedReportJob, ZSweepOwnedReportJob } from "./job-payloads";

// The owned report's daily sums brought up to date outside requests: a refresh per workspace,
// asked for by the writers of sends and what recipients did and by a report that found more
// marked days than it rebuilds inline, and a nightly sweep of every workspace with marks left.

export const refreshOwnedReportJob = defineJob({
  id: "refresh-owned-report",
  event: "owned/report.refresh.requested",
  schema: ZRefreshOwnedReportJob,
  // Two refreshes of one workspace would rebuild the same days: one at a time.
  concurrencyKey: "workspaceId",
  retries: 2,
  // Writes arriving one after another while a refresh waits ask for that one refresh: coalesced
  // per workspace and minute (one refresh reads every mark there is when it starts).
  dedupeKey: (job) => `${job.workspaceId}:${job.window}`,
  handler: async () => (await import("./job-handlers")).refreshOwnedReportHandler,
});

export const sweepOwnedReportJob = defineJob({
  id: "sweep-owned-report",
  schema: ZSweepOwnedReportJob,
  schedule: { cron: "20 3 * * *", everyMs: 24 * 60 * 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepOwnedReportHandler,
});
