import type { JobHandler } from "@/lib/jobs/define";
import type { JudgeDueOrdersJob } from "./job-payloads";
import { judgeDueOrders } from "./sweep";

export const judgeDueOrdersHandler: JobHandler<JudgeDueOrdersJob> = {
  run: async ({ now, workspaceId }, context) => context.step("judge", () => judgeDueOrders(now ? new Date(now) : new Date(), workspaceId)),
};
