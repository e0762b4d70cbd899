import { defineJob } from "@/lib/jobs/define";
import { ZRecomputeActivityJob } from "./job-payloads";

// A recompute pass of one workspace's activity (lib/activity/recompute.ts): the persons waiting
// after ingest batches, or everyone.
export const recomputeActivityJob = defineJob({
  id: "recompute-activity",
  event: "activity/recompute.requested",
  schema: ZRecomputeActivityJob,
  // Two passes of one workspace would write the same rows: one at a time.
  concurrencyKey: "workspaceId",
  retries: 2,
  // A pass still waiting after six hours is overtaken by the schedule's next one.
  expireAfterMs: 6 * 60 * 60 * 1000,
  // Batches draining while a pass waits ask for that one pass: coalesced per workspace.
  dedupeKey: (job) => `${job.workspaceId}:${job.scope}:${job.requestedAt ?? ""}`,
  handler: async () => (await import("./job-handlers")).recomputeActivityHandler,
});
