import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Daily: stores uninstalled past their retention whose shop/redact never came (retention.ts), and
// customer data exports past their 30 days (data-request.ts).
export const sweepUninstalledStoresJob = defineJob({
  id: "sweep-uninstalled-stores",
  schema: z.object({}),
  schedule: { cron: "TZ=UTC 30 4 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepUninstalledStoresHandler,
});
