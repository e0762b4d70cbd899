import type { JobHandler } from "@/lib/jobs/define";
import { sweepExpiredOperatorEvents } from "@/lib/operators/events";
import { sweepExpiredAuditEvents } from "./retention";

export const sweepAuditEventsHandler: JobHandler<object> = {
  run: async (_job, context) => ({
    deleted: await context.step("sweep", () => sweepExpiredAuditEvents()),
    // The installation's operator trail is kept for the same period.
    operatorEventsDeleted: await context.step("sweep-operator-events", () => sweepExpiredOperatorEvents()),
  }),
};
