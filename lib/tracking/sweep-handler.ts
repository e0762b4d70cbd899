import { getPool } from "@/lib/db/pool";
import type { JobHandler } from "@/lib/jobs/define";
import type { TrackingScheduleJob } from "./job-payloads";
import { drainTrackingInboxJob } from "./jobs";

export const sweepInboxHandler: JobHandler<TrackingScheduleJob> = {
  run: async (job, context) => {
    const { rows } = await getPool().query<{ waiting: boolean }>("SELECT EXISTS (SELECT 1 FROM tracking_inbox) AS waiting");
    if (!rows[0]!.waiting) return { queued: 0 };
    const second = (job.now ? new Date(job.now) : new Date()).toISOString().slice(0, 19);
    await context.enqueue("drain", drainTrackingInboxJob, [{ second }]);
    return { queued: 1 };
  },
};
