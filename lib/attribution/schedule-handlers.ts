import { getPool } from "@/lib/db/pool";
import type { JobHandler } from "@/lib/jobs/define";
import type { ScheduledAttributionJob } from "./job-payloads";
import { attributeOrdersJob, recomputeAttributionJob } from "./jobs";
import { workspacesWithWaitingOrders } from "./pending";
import { FULL_DAYS, RECENT_DAYS } from "./request";

/** The hour (UTC) whose run fits the data-driven models and recomputes 90 days, after the night's syncs. */
const FIT_HOUR_UTC = 3;

export const sweepUnattributedOrdersHandler: JobHandler<ScheduledAttributionJob> = {
  async run({ now, workspaceId }, context) {
    const at = now ? new Date(now) : new Date();
    const workspaces = await context.step("find", () => workspacesWithWaitingOrders(at, workspaceId));
    const slot = String(Math.floor(at.getTime() / 10_000));
    if (workspaces.length) await context.enqueue("fan-out", attributeOrdersJob, workspaces.map((workspaceId) => ({ workspaceId, slot })));
    return { queued: workspaces.length };
  },
};

/** Workspaces with orders attributed in the last 90 days, or touchpoints in the last 14. */
async function workspacesWithAttribution(at: Date, only?: string): Promise<string[]> {
  const day = 86_400_000;
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT w.id FROM workspaces w
     WHERE ($3::text IS NULL OR w.id = $3)
       AND (EXISTS (SELECT 1 FROM order_attributions a WHERE a.workspace_id = w.id AND a.order_at >= $1::timestamp)
            OR EXISTS (SELECT 1 FROM attribution_touchpoints t WHERE t.workspace_id = w.id AND t.day >= $2::date))
     ORDER BY w.id`,
    [
      new Date(at.getTime() - FULL_DAYS * day).toISOString().replace("Z", ""),
      new Date(at.getTime() - RECENT_DAYS * day).toISOString().slice(0, 10),
      only ?? null,
    ],
  );
  return rows.map((r) => r.id);
}

export const scheduleAttributionHandler: JobHandler<ScheduledAttributionJob> = {
  async run({ now, workspaceId }, context) {
    const at = now ? new Date(now) : new Date();
    const fit = at.getUTCHours() === FIT_HOUR_UTC;
    const workspaces = await context.step("find", () => workspacesWithAttribution(at, workspaceId));
    const requestedAt = at.toISOString().slice(0, 16);
    const payloads = workspaces.map((workspaceId) => ({ workspaceId, days: fit ? FULL_DAYS : RECENT_DAYS, fit, requestedAt }));
    if (payloads.length) await context.enqueue("fan-out", recomputeAttributionJob, payloads);
    return { queued: payloads.length, fit };
  },
};
