import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// DOU+ runs every 5 minutes in three steps a minute apart: orders (a 90-day full sync the first
// time, then orders updated in the last 7 days), the last 24 hours of 5-minute buckets, then the
// per-video and per-account aggregates.

const EMPTY = z.object({});

export const syncDouplusOrdersJob = defineJob({
  id: "sync-douplus-orders",
  schema: EMPTY,
  schedule: { cron: "*/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async (_job, context) => context.step("orders", async () => (await import("./run")).runStepForAll("orders")),
  }),
});

export const syncDouplusStatsJob = defineJob({
  id: "sync-douplus-stats",
  schema: EMPTY,
  schedule: { cron: "1-59/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async (_job, context) => context.step("stats", async () => (await import("./run")).runStepForAll("stats")),
  }),
});

export const aggregateDouplusJob = defineJob({
  id: "aggregate-douplus",
  schema: EMPTY,
  schedule: { cron: "2-59/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async (_job, context) => context.step("aggregate", async () => ({ workspaces: await (await import("./run")).aggregateAll() })),
  }),
});
