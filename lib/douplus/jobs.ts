import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// DOU+ runs every 5 minutes in three steps a minute apart: orders (a 90-day full sync the first
// time, then orders updated in the last 7 days), the last 24 hours of 5-minute buckets, then the
// per-video and per-account aggregates.

// The scheduler's clock, and with `workspaceId` one workspace only (a test's or an operator's tick).
const ZDouplusTick = z.object({ now: z.string().optional(), workspaceId: z.string().optional() });

export const syncDouplusOrdersJob = defineJob({
  id: "sync-douplus-orders",
  schema: ZDouplusTick,
  schedule: { cron: "*/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async ({ workspaceId }, context) => context.step("orders", async () => (await import("./run")).runStepForAll("orders", workspaceId)),
  }),
});

export const syncDouplusStatsJob = defineJob({
  id: "sync-douplus-stats",
  schema: ZDouplusTick,
  schedule: { cron: "1-59/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async ({ workspaceId }, context) => context.step("stats", async () => (await import("./run")).runStepForAll("stats", workspaceId)),
  }),
});

export const aggregateDouplusJob = defineJob({
  id: "aggregate-douplus",
  schema: ZDouplusTick,
  schedule: { cron: "2-59/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => ({
    run: async ({ now, workspaceId }, context) =>
      context.step("aggregate", async () => ({ workspaces: await (await import("./run")).aggregateAll(now ? new Date(now) : new Date(), workspaceId) })),
  }),
});
