import type { JobHandler } from "@/lib/jobs/define";
import { rootCause } from "@/lib/jobs/errors";
import type { StripeEventJobPayload } from "./job-payloads";
import { processStripeEvent } from "./process";
import { markStripeEventFailed, markStripeEventProcessed, pendingStripeEvent } from "./receipts";

export const processStripeEventHandler: JobHandler<StripeEventJobPayload> = {
  async run(job, context) {
    return context.step("apply", async () => {
      const receipt = await pendingStripeEvent(job.eventId);
      // Processed already: a recovered copy of a job another process finished.
      if (!receipt) return { eventId: job.eventId, skipped: true };
      const outcome = await processStripeEvent(receipt);
      await markStripeEventProcessed(job.eventId, outcome);
      return { eventId: job.eventId, outcome };
    });
  },
  onFailure: (job, error) => markStripeEventFailed(job.eventId, rootCause(error)).catch(() => {}),
};
