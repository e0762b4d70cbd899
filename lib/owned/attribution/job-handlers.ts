import { requestOrderAttribution } from "@/lib/attribution/request";
import type { JobHandler } from "@/lib/jobs/define";
import { judgeUndecidedClicks, recomputeRecentOwnedOrders } from "./attribute";
import type { TOwnedHourlyJob } from "./job-payloads";

export const judgeOwnedClicksHandler: JobHandler<TOwnedHourlyJob> = {
  async run({ now, workspaceId }, context) {
    const judged = await context.step("judge", () => judgeUndecidedClicks(now ? new Date(now) : new Date(), workspaceId));
    // A person's click is a touchpoint of the multi-touch attribution: orders of its visitor are credited again.
    await context.step("attribute", async () => {
      for (const id of judged.queued) await requestOrderAttribution(id);
    });
    return judged;
  },
};

export const recomputeOwnedAttributionHandler: JobHandler<TOwnedHourlyJob> = {
  run: async ({ now, workspaceId }, context) => context.step("recompute", () => recomputeRecentOwnedOrders(now ? new Date(now) : new Date(), workspaceId)),
};
