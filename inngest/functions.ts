import { JOBS } from "@/lib/jobs/catalog";
import { processWebhookJob } from "@/lib/stores/webhooks/job";
import { rebuildRollupsJob } from "@/lib/metrics/rollups/jobs";
import { scheduleSyncsJob } from "@/lib/sync/schedule-job";
import { syncConnectionJob } from "@/lib/sync/jobs";
import { fromJob } from "./from-job";

// Every job as an Inngest function, served at /api/inngest. The named ones are exported for tests.
export const syncConnection = fromJob(syncConnectionJob);
export const scheduleSyncs = fromJob(scheduleSyncsJob);
export const processWebhook = fromJob(processWebhookJob);
export const rebuildRollups = fromJob(rebuildRollupsJob);

const named = new Set<string>([syncConnectionJob.id, scheduleSyncsJob.id, processWebhookJob.id, rebuildRollupsJob.id]);
export const functions = [syncConnection, scheduleSyncs, processWebhook, rebuildRollups, ...JOBS.filter((job) => !named.has(job.id)).map((job) => fromJob(job))];
