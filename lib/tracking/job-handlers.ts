import type { JobHandler } from "@/lib/jobs/define";
import { drainInbox } from "./drain";
import type { DrainInboxJob, TrackingScheduleJob } from "./job-payloads";
import { maintainTrackedEvents } from "./retention";

export const drainInboxHandler: JobHandler<DrainInboxJob> = {
  // Each batch commits on its own; a retry simply drains what is left.
  run: async () => drainInbox(),
};

export const maintainTrackingHandler: JobHandler<TrackingScheduleJob> = {
  run: async (job) => maintainTrackedEvents(job.now ? new Date(job.now) : new Date()),
};
