import { defineJob } from "@/lib/jobs/define";
import { ZEvaluateAlertsJob } from "./job-payloads";

// One evaluation pass over a workspace's alert rules (lib/alerts/evaluate.ts).
export const evaluateAlertsJob = defineJob({
  id: "evaluate-alerts",
  event: "alerts/workspace.evaluate.requested",
  schema: ZEvaluateAlertsJob,
  // Two passes of one workspace at once would judge the same rules twice.
  concurrencyKey: "workspaceId",
  retries: 2,
  // A pass still waiting after two hours is overtaken by the next hourly one.
  expireAfterMs: 2 * 60 * 60 * 1000,
  // Syncs finishing one after another while a pass waits ask for that one pass: coalesced per workspace.
  dedupeKey: (job) => `${job.workspaceId}:${job.trigger}`,
  handler: async () => (await import("./job-handlers")).evaluateAlertsHandler,
});
