import { getPool } from "@/lib/db/pool";
import { FULL_DAYS, requestRecomputeOfDays } from "./request";
import { MAX_RECOMPUTE_DAYS } from "./job-payloads";

// Workspace settings that attribution reads (lib/attribution/recompute.ts): revenue is converted
// to the workspace currency, orders and touches fall on its local days, and excluded line items
// leave an order's revenue. A change of any of them makes every stored credit wrong, not only
// recent ones, so the recompute asked for reaches back to the earliest attributed order.

const DAY_MS = 86_400_000;

/** Days back to the earliest attributed order (at least 90, for the touchpoints' days); null when nothing is attributed or tracked. */
async function attributedDays(workspaceId: string, at: Date): Promise<number | null> {
  const { rows } = await getPool().query<{ earliest: string | null; tracked: boolean }>(
    `SELECT (SELECT to_char(min(order_at), 'YYYY-MM-DD') FROM order_attributions WHERE workspace_id = $1) AS earliest,
            EXISTS (SELECT 1 FROM attribution_touchpoints WHERE workspace_id = $1) AS tracked`,
    [workspaceId],
  );
  const { earliest, tracked } = rows[0]!;
  if (!earliest && !tracked) return null;
  const earliestMs = earliest ? Date.parse(`${earliest}T00:00:00Z`) : at.getTime();
  return Math.min(MAX_RECOMPUTE_DAYS, Math.max(FULL_DAYS, Math.ceil((at.getTime() - earliestMs) / DAY_MS) + 1));
}

/**
 * Asks for the recompute after a change of the workspace's currency, time zone or excluded line
 * items; answers the days it covers, or null when the workspace has nothing attributed yet.
 */
export async function recomputeAfterInputChange(workspaceId: string, at = new Date()): Promise<number | null> {
  const days = await attributedDays(workspaceId, at);
  if (days !== null) await requestRecomputeOfDays(workspaceId, days, { at });
  return days;
}
