import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Catches up visitors and links the after-drain consumer missed (lib/identity/sweep.ts).
export const sweepUnlinkedVisitorsJob = defineJob({
  id: "sweep-unlinked-visitors",
  schema: z.object({}),
  schedule: { cron: "*/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => (await import("./job-handlers")).sweepUnlinkedVisitorsHandler,
});
