import { defineJob } from "@/lib/jobs/define";
import { ZFitLtvJob } from "./job-payloads";

// The predicted-LTV fit of one workspace (asked for by the nightly schedule, a finished rollup
// rebuild, a store's first backfill, or an admin's "Fit now").
export const fitLtvModelJob = defineJob({
  id: "fit-ltv-model",
  event: "ltv/model.fit.requested",
  schema: ZFitLtvJob,
  // Two fits of one workspace would write the same predictions: one at a time.
  concurrencyKey: "workspaceId",
  retries: 2,
  // A fit still waiting after six hours is left to the next night's.
  expireAfterMs: 6 * 60 * 60 * 1000,
  dedupeKey: (job) => `${job.workspaceId}:${job.requestedAt}`,
  handler: async () => (await import("./job-handlers")).fitLtvModelHandler,
});
