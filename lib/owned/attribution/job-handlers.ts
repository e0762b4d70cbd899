import type { JobHandler } from "@/lib/jobs/define";
import { judgeUndecidedClicks, recomputeRecentOwnedOrders } from "./attribute";
import type { TOwnedHourlyJob } from "./job-payloads";

export const judgeOwnedClicksHandler: JobHandler<TOwnedHourlyJob> = {
  run: async ({ now, workspaceId }, context) => context.step("judge", () => judgeUndecidedClicks(now ? new Date(now) : new Date(), workspaceId)),
};

export const recomputeOwnedAttributionHandler: JobHandler<TOwnedHourlyJob> = {
  run: async ({ now, workspaceId }, context) => context.step("recompute", () => recomputeRecentOwnedOrders(now ? new Date(now) : new Date(), workspaceId)),
};
