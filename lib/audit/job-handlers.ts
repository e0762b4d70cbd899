import type { JobHandler } from "@/lib/jobs/define";
import { sweepExpiredAuditEvents } from "./retention";

export const sweepAuditEventsHandler: JobHandler<object> = {
  run: async (_job, context) => ({ deleted: await context.step("sweep", () => sweepExpiredAuditEvents()) }),
};
