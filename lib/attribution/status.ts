import { getPool } from "@/lib/db/pool";

// Why a workspace has no attribution to show, so screens and the API can say what to do next
// instead of handing out an empty table: nothing tracked yet (install the snippet or pixel), or
// visits tracked but no order matched to a visitor yet.

export const EMPTY_REASONS = ["no_tracking", "no_matched_orders"] as const;
export type TEmptyReason = (typeof EMPTY_REASONS)[number];

export const EMPTY_MESSAGES: Record<TEmptyReason, string> = {
  no_tracking:
    "No tracked events yet: install the tracking snippet or the Shopify web pixel (Settings → Tracking) so visits can be matched to orders.",
  no_matched_orders: "Visits are tracked, but no order has been matched to a visitor yet; credit appears once one is.",
};

/** null once at least one order has been matched to a visitor. */
export async function attributionEmptyReason(workspaceId: string): Promise<TEmptyReason | null> {
  const { rows } = await getPool().query<{ tracked: boolean; matched: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM tracked_events WHERE workspace_id = $1) AS tracked,
            EXISTS (SELECT 1 FROM order_attributions WHERE workspace_id = $1 AND method NOT IN ('none', 'not_counted')) AS matched`,
    [workspaceId],
  );
  const { tracked, matched } = rows[0]!;
  if (matched) return null;
  return tracked ? "no_matched_orders" : "no_tracking";
}
