import type { JobHandler } from "@/lib/jobs/define";
import { sweepUnlinkedVisitors } from "./sweep";

export const sweepUnlinkedVisitorsHandler: JobHandler<object> = {
  run: async (_job, context) => ({ workspaces: await context.step("sweep", () => sweepUnlinkedVisitors()) }),
};
