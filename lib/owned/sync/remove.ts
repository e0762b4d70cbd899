import type { Prisma } from "@/lib/db/generated/client";
import type { SyncScope } from "@/lib/sync/scope";

// A messaging connection disconnected with its data deleted: everything its syncs wrote into the
// owned-channel tables goes, in the caller's transaction. Its campaigns and flows (and so their
// messages, blocked counts and totals), its sends and everything tied to a send (opens, clicks,
// unsubscribes and complaints, the orders attributed to them and the clicks' touchpoints). Rows
// other senders wrote (the API, imports, another connection) are not touched; folders stay, as
// other campaigns may be in them.

export type TOwnedRowsDeleted = { campaigns: number; sends: number };

export async function deleteConnectionOwnedRows(tx: Prisma.TransactionClient, scope: SyncScope): Promise<TOwnedRowsDeleted> {
  const { workspaceId, connectionId } = scope;
  const sends = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM owned_sends WHERE workspace_id = ${workspaceId} AND connection_id = ${connectionId}`;
  const sendIds = sends.map((s) => s.id);
  const campaigns = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM owned_campaigns WHERE workspace_id = ${workspaceId} AND connection_id = ${connectionId}`;
  const campaignIds = campaigns.map((c) => c.id);
  if (sendIds.length > 0) {
    await tx.$executeRaw`
      DELETE FROM attribution_touchpoints t USING owned_clicks k
      WHERE t.workspace_id = ${workspaceId} AND t.source_kind = 'owned_click' AND t.source_id = k.id::text
        AND k.workspace_id = ${workspaceId} AND k.send_id = ANY(${sendIds}::bigint[])`;
    await tx.$executeRaw`DELETE FROM owned_conversions WHERE workspace_id = ${workspaceId} AND send_id = ANY(${sendIds}::bigint[])`;
    await tx.$executeRaw`DELETE FROM owned_opens WHERE workspace_id = ${workspaceId} AND send_id = ANY(${sendIds}::bigint[])`;
    await tx.$executeRaw`DELETE FROM owned_clicks WHERE workspace_id = ${workspaceId} AND send_id = ANY(${sendIds}::bigint[])`;
    await tx.$executeRaw`DELETE FROM owned_send_events WHERE workspace_id = ${workspaceId} AND send_id = ANY(${sendIds}::bigint[])`;
    await tx.$executeRaw`DELETE FROM owned_sends WHERE workspace_id = ${workspaceId} AND id = ANY(${sendIds}::bigint[])`;
  }
  await tx.$executeRaw`DELETE FROM owned_message_totals WHERE workspace_id = ${workspaceId} AND connection_id = ${connectionId}`;
  if (campaignIds.length > 0) {
    await tx.$executeRaw`DELETE FROM owned_blocked_events WHERE workspace_id = ${workspaceId} AND campaign_id = ANY(${campaignIds}::text[])`;
    await tx.$executeRaw`DELETE FROM owned_blocked_sends WHERE workspace_id = ${workspaceId} AND campaign_id = ANY(${campaignIds}::text[])`;
    await tx.$executeRaw`DELETE FROM owned_links WHERE workspace_id = ${workspaceId} AND campaign_id = ANY(${campaignIds}::text[])`;
    await tx.$executeRaw`DELETE FROM owned_templates WHERE workspace_id = ${workspaceId} AND campaign_id = ANY(${campaignIds}::text[])`;
    await tx.$executeRaw`DELETE FROM owned_campaigns WHERE workspace_id = ${workspaceId} AND id = ANY(${campaignIds}::text[])`;
  }
  return { campaigns: campaignIds.length, sends: sendIds.length };
}
