import { inTransaction } from "@/lib/db/pool";
import { queueOrdersOfVisitors } from "./pending";
import { requestOrderAttribution } from "./request";
import { refreshTouchpoints } from "./touchpoints";

// The `attribution` consumer of lib/tracking/after-drain.ts, run after sessions and identity:
// the drained visitors' touchpoints are rewritten and the orders they may have placed queued.

/** What a drain stored for one workspace (lib/tracking/after-drain.ts DrainedWorkspace). */
export type TDrainedVisitors = { workspaceId: string; anonymousIds: string[] };

/** The after-drain consumer: the visitors' touchpoints, then their recent orders queued and their attribution asked for. */
export async function attributeDrained(drained: readonly TDrainedVisitors[]): Promise<void> {
  for (const { workspaceId, anonymousIds } of drained) {
    if (anonymousIds.length === 0) continue;
    const ids = [...anonymousIds].sort();
    const queued = await inTransaction(async (client) => {
      await refreshTouchpoints(client, workspaceId, { anonymousIds: ids });
      return queueOrdersOfVisitors(client, workspaceId, ids);
    });
    if (queued > 0) await requestOrderAttribution(workspaceId);
  }
}
