import type { JobHandler } from "@/lib/jobs/define";
import { runDelivery } from "./delivery-run";
import type { DeliverJob } from "./job-payloads";

export const deliverNotificationHandler: JobHandler<DeliverJob> = {
  run: (job, context) => runDelivery(job, context),
};
