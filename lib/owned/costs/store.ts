import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { OWNED_CHANNELS } from "../types";
import { ZOwnedCostSettingsSchema, type TChannelFee, type TOwnedCostSettings } from "./fees";

// A workspace's owned-channel fees (owned_channel_fees) and whether their cost joins ad spend in
// MER and blended CAC (owned_settings.cost_in_blended). Saving replaces the whole set: a channel
// left out costs nothing from then on, for every range (fees are not dated).

export type TOwnedCostSettingsView = TOwnedCostSettings & {
  /** The workspace currency fees are read in. */
  currency: string;
  /** Channels whose fee was saved in a currency the workspace no longer reports in. */
  stale_currency: string[];
};

export async function ownedCostSettings(workspaceId: string): Promise<TOwnedCostSettingsView> {
  const [workspace, fees, settings] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true } }),
    db.ownedChannelFee.findMany({ where: { workspaceId } }),
    db.ownedSettings.findUnique({ where: { workspaceId }, select: { costInBlended: true } }),
  ]);
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const currency = workspace.currency.trim();
  const order = (channel: string) => (OWNED_CHANNELS as readonly string[]).indexOf(channel);
  return {
    currency,
    fees: fees
      .sort((a, b) => order(a.channel) - order(b.channel))
      .map((f) => ({ channel: f.channel as TChannelFee["channel"], unit: f.basis as TChannelFee["unit"], fee: f.fee.toFixed(4) })),
    include_in_blended: settings?.costInBlended ?? false,
    stale_currency: fees.filter((f) => f.currency.trim() !== currency).map((f) => f.channel),
  };
}

export async function saveOwnedCostSettings(workspaceId: string, input: unknown): Promise<TOwnedCostSettingsView> {
  const body = parseInput(ZOwnedCostSettingsSchema, input);
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const currency = workspace.currency.trim();
  await inTransaction(async (client) => {
    await client.query("DELETE FROM owned_channel_fees WHERE workspace_id = $1", [workspaceId]);
    for (const f of body.fees) {
      await client.query(
        "INSERT INTO owned_channel_fees (workspace_id, channel, basis, fee, currency, updated_at) VALUES ($1, $2, $3, $4::numeric, $5, now())",
        [workspaceId, f.channel, f.unit, f.fee, currency],
      );
    }
    // Only the switch: the tracked links' fallback URL is the same row's and stays as it was.
    await client.query(
      `INSERT INTO owned_settings (workspace_id, cost_in_blended, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (workspace_id) DO UPDATE SET cost_in_blended = EXCLUDED.cost_in_blended, updated_at = now()`,
      [workspaceId, body.include_in_blended],
    );
  });
  return ownedCostSettings(workspaceId);
}
