import type { JobHandler } from "@/lib/jobs/define";
import { fitWorkspaceModels } from "./fits";
import { refreshTouchpointsSince } from "./touchpoints-refresh";
import type { AttributeOrdersJob, RecomputeAttributionJob } from "./job-payloads";
import { ordersToAttribute } from "./pending";
import { attributeOrders, attributeOrdersSince } from "./recompute";
import { attributeDeals } from "./deals";
import { attributeOwnedOrders, attributeOwnedOrdersSince } from "@/lib/owned/attribution/attribute";
import { LONGEST_WINDOW_DAYS } from "./credits";

const DAY_MS = 86_400_000;

export const attributeOrdersHandler: JobHandler<AttributeOrdersJob> = {
  async run({ workspaceId }, context) {
    const orders = await context.step("find", async () => (await ordersToAttribute(workspaceId)).map((o) => ({ connectionId: o.connectionId, orderId: o.orderId.toString() })));
    const keys = orders.map((o) => ({ connectionId: o.connectionId, orderId: BigInt(o.orderId) }));
    const result = await context.step("attribute", () => attributeOrders(workspaceId, keys));
    // A conversion arriving is when its customer's owned-channel clicks are judged and it is attributed to a send.
    await context.step("owned", () => attributeOwnedOrders(workspaceId, keys));
    return result;
  },
};

export const recomputeAttributionHandler: JobHandler<RecomputeAttributionJob> = {
  async run({ workspaceId, days, fit }, context) {
    const now = Date.now();
    // Campaigns synced since a session was stored can match it now; the orders' journeys reach a window further back.
    const touchpoints = await context.step("touchpoints", () =>
      refreshTouchpointsSince(workspaceId, new Date(now - (days + LONGEST_WINDOW_DAYS) * DAY_MS)),
    );
    const since = new Date(now - days * DAY_MS);
    let fitted = fit ? await context.step("fit", () => fitWorkspaceModels(workspaceId, new Date(now))) : null;
    let attributed = await context.step("attribute", () => attributeOrdersSince(workspaceId, since));
    if (fitted && fitted.conversions === 0 && attributed.matched > 0) {
      // The fit learns from matched orders, and a workspace's first ones (after its first
      // backfill) are matched by the step above: fit on them and credit the orders again.
      fitted = await context.step("fit-matched", () => fitWorkspaceModels(workspaceId, new Date(now)));
      attributed = await context.step("attribute-fitted", () => attributeOrdersSince(workspaceId, since));
    }
    // Won CRM deals: their journeys and settings change with the same recompute, and a reopened or lost deal gives its credit back here.
    const deals = await context.step("deals", () => attributeDeals(workspaceId));
    // Orders that arrived in bulk (a backfill) are attributed to owned sends here, as arriving ones are by attribute-orders.
    const owned = await context.step("owned", () => attributeOwnedOrdersSince(workspaceId, since));
    return { touchpoints, fitted, attributed, deals, owned };
  },
};
