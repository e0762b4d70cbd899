import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Exchange rates from the configured provider (FX_RATES_URL), once a day after the usual
// publication time, and when a process starts; without a provider it does nothing.
export const refreshRatesJob = defineJob({
  id: "refresh-exchange-rates",
  schema: z.object({ workspaceId: z.string().optional(), now: z.string().optional() }),
  schedule: { cron: "TZ=UTC 30 16 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 3,
  handler: async () => ({
    run: async (_job, context) => context.step("refresh", async () => (await (await import("./refresh")).refreshProviderRates()) ?? { rows: 0, skipped: true }),
  }),
});
