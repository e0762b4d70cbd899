import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Each minute: this minute's freshness sample, then the burn alerts judged on every objective.
export const evaluateServiceLevelsJob = defineJob({
  id: "evaluate-service-levels",
  schema: z.object({ now: z.string().optional() }),
  schedule: { cron: "TZ=UTC * * * * *", everyMs: 60_000 },
  expireAfterMs: 5 * 60_000,
  retries: 0,
  handler: async () => (await import("./job-handlers")).evaluateServiceLevelsHandler,
});

// Nightly: minutes and resolved alerts past the 35 days kept.
export const sweepServiceLevelsJob = defineJob({
  id: "sweep-service-levels",
  schema: z.object({ now: z.string().optional() }),
  schedule: { cron: "TZ=UTC 50 3 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepServiceLevelsHandler,
});
