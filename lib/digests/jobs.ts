import { defineJob } from "@/lib/jobs/define";
import { ZRunDueDigestsJob } from "./job-payloads";

// Every five minutes: digests whose local time has come (or whose wait for the day's syncs is up
// for another look) run. A digest's own lease keeps two schedulers from sending it twice.
export const runDueDigestsJob = defineJob({
  id: "run-due-digests",
  schema: ZRunDueDigestsJob,
  schedule: { cron: "*/5 * * * *", everyMs: 5 * 60_000 },
  retries: 1,
  handler: async () => (await import("./job-handlers")).runDueDigestsHandler,
});
