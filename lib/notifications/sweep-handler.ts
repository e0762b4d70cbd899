import type { JobHandler } from "@/lib/jobs/define";
import { dueDeliveries } from "./deliveries";
import type { SweepDeliveriesJob } from "./job-payloads";
import { deliverNotificationJob } from "./jobs";

export const sweepDeliveriesHandler: JobHandler<SweepDeliveriesJob> = {
  run: async (job, context) => {
    const now = job.now ? new Date(job.now) : new Date();
    const due = await context.step("find-due", () => dueDeliveries(now, job.workspaceId ? { workspaceId: job.workspaceId } : undefined));
    if (due.length) await context.enqueue("deliver", deliverNotificationJob, due);
    return { queued: due.length };
  },
};
