import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Nightly: audit events past AUDIT_RETENTION_DAYS (retention.ts).
export const sweepAuditEventsJob = defineJob({
  id: "sweep-audit-events",
  schema: z.object({}),
  schedule: { cron: "TZ=UTC 15 3 * * *", everyMs: 24 * 60 * 60 * 1000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).sweepAuditEventsHandler,
});
