import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Catches up sessions the after-drain consumer missed (the process stopped between a drain's
// commit and the consumer, or the consumer failed): visitors with events received a while ago
// that are still in no session.
export const sweepUnsessionedEventsJob = defineJob({
  id: "sweep-unsessioned-events",
  schema: z.object({}),
  schedule: { cron: "*/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => (await import("./job-handlers")).sweepUnsessionedEventsHandler,
});
