import { defineJob } from "@/lib/jobs/define";
import { ZBuildFunnelProgressJob } from "./job-payloads";

// Writes a kept funnel's progress rows (lib/funnels/progress.ts): asked for when the default or a
// saved funnel has no build in the workspace's zone; until it finishes, reports read the event times.
export const buildFunnelProgressJob = defineJob({
  id: "build-funnel-progress",
  event: "funnels/progress.build.requested",
  schema: ZBuildFunnelProgressJob,
  concurrencyKey: "workspaceId",
  retries: 3,
  dedupeKey: (job) => `${job.workspaceId}:${job.buildId}`,
  recover: async () => (await import("./progress")).unfinishedBuilds(),
  handler: async () => (await import("./job-handlers")).buildFunnelProgressHandler,
});
