import { defineJob } from "@/lib/jobs/define";
import { ZAttributeOrdersJob, ZRecomputeAttributionJob } from "./job-payloads";

// Freshness of attribution (lib/attribution/README.md "Freshness").

// Queued orders and new ones: asked for after a drain (lib/attribution/after-drain.ts) and by
// the sweep below.
export const attributeOrdersJob = defineJob({
  id: "attribute-orders",
  event: "attribution/orders.requested",
  schema: ZAttributeOrdersJob,
  concurrencyKey: "workspaceId",
  retries: 2,
  // The sweep asks again every minute.
  expireAfterMs: 10 * 60_000,
  dedupeKey: (job) => `${job.workspaceId}:${job.slot}`,
  handler: async () => (await import("./job-handlers")).attributeOrdersHandler,
});

// Re-attributes a workspace's recent orders: hourly for the last 14 days (late identity links
// and sessions move credit), 90 days after its model settings change, and nightly 90 days with
// the data-driven models fitted again first.
export const recomputeAttributionJob = defineJob({
  id: "recompute-attribution",
  event: "attribution/recompute.requested",
  schema: ZRecomputeAttributionJob,
  concurrencyKey: "workspaceId",
  retries: 2,
  expireAfterMs: 2 * 60 * 60_000,
  dedupeKey: (job) => `${job.workspaceId}:${job.days}:${job.fit}:${job.requestedAt}`,
  handler: async () => (await import("./job-handlers")).recomputeAttributionHandler,
});
