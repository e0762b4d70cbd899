import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Admins hear a week ahead that a connection's access lapses (Meta's long-lived tokens last about
// 60 days and cannot be renewed without the user).
export const warnExpiringTokensJob = defineJob({
  id: "warn-expiring-tokens",
  schema: z.object({ workspaceId: z.string().optional(), now: z.string().optional() }),
  schedule: { cron: "*/15 * * * *", everyMs: 15 * 60_000 },
  retries: 2,
  handler: async () => ({
    run: async (job, context) =>
      context.step("warn", async () => {
        const { warnExpiringTokens } = await import("./credentials");
        const only = job.workspaceId ? { workspaceId: job.workspaceId } : undefined;
        return { warned: await warnExpiringTokens(job.now ? new Date(job.now) : new Date(), only) };
      }),
  }),
});
