import { defineJob } from "@/lib/jobs/define";
import { ZKlaviyoAudienceSync } from "./job-payloads";

// Brings one audience's Klaviyo list up to date (./klaviyo-sync.ts). Queued after each change of
// its tag and when a sync is switched on or asked for; one at a time per workspace, since Klaviyo's
// limits are per account. Never deduplicated: a request made while one runs must still run, and a
// run with nothing new past the mark costs two reads. Retried; the last failure is recorded.
export const syncAudienceKlaviyoJob = defineJob({
  id: "sync-audience-klaviyo",
  event: "audiences/klaviyo.sync.requested",
  schema: ZKlaviyoAudienceSync,
  concurrencyKey: "workspaceId",
  retries: 3,
  handler: async () => (await import("./job-handlers")).syncAudienceKlaviyoHandler,
});
