import { defineJob } from "@/lib/jobs/define";
import { ZJudgeDueOrdersJob } from "./job-payloads";

// Exception orders' job: the sweep that applies the 24-hour payment rule once an order's check is due.

export const judgeDueOrdersJob = defineJob({
  id: "judge-due-exception-orders",
  schema: ZJudgeDueOrdersJob,
  schedule: { cron: "*/10 * * * *", everyMs: 10 * 60_000 },
  retries: 2,
  handler: async () => (await import("./job-handlers")).judgeDueOrdersHandler,
});
