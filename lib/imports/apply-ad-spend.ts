import { inTransaction } from "@/lib/db/pool";
import { markDirtyDays, refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { importConnectionId, markImported } from "./connection";
import { campaignKey } from "./platform";
import type { TAdSpendImportRow } from "./schema";

// Imported ad spend is one campaign-level row per (day, platform, campaign), overwritten by a
// re-upload. ad_insights_daily is keyed without the platform, so the platform is part of the
// campaign id: a campaign named alike on two platforms stays two campaigns.

export const importedCampaignId = (row: Pick<TAdSpendImportRow, "platform" | "campaign">) => `${row.platform}:${campaignKey(row.campaign)}`;

export async function applyAdSpend(workspaceId: string, rows: TAdSpendImportRow[]): Promise<void> {
  if (rows.length === 0) return;
  const importedAt = new Date();
  const connectionId = await importConnectionId(workspaceId, "ad_spend");
  const campaigns = new Map(rows.map((r) => [importedCampaignId(r), { campaign_id: importedCampaignId(r), platform: r.platform, name: r.campaign }]));
  const insights = rows.map((r) => ({
    campaign_id: importedCampaignId(r),
    platform: r.platform,
    day: r.date,
    currency: r.currency,
    spend: r.spend,
    impressions: r.impressions ?? 0,
    clicks: r.clicks ?? 0,
    conversions: r.conversions ?? "0",
    conversion_value: r.conversion_value ?? "0",
  }));
  await inTransaction(async (client) => {
    await client.query(
      `INSERT INTO ad_campaigns (workspace_id, connection_id, platform, account_id, campaign_id, name, updated_at)
       SELECT $1, $2, r.platform, 'import', r.campaign_id, r.name, now()
       FROM json_to_recordset($3::json) AS r(campaign_id text, platform text, name text)
       ON CONFLICT (workspace_id, connection_id, campaign_id) DO UPDATE SET
         platform = EXCLUDED.platform, name = EXCLUDED.name, updated_at = now()`,
      [workspaceId, connectionId, JSON.stringify([...campaigns.values()])],
    );
    await client.query(
      `INSERT INTO ad_insights_daily (workspace_id, connection_id, platform, account_id, campaign_id, ad_group_id, ad_id, day, currency,
                                      spend, impressions, clicks, conversions, conversion_value, synced_at)
       SELECT $1, $2, r.platform, 'import', r.campaign_id, '', '', r.day, r.currency,
              r.spend, r.impressions, r.clicks, r.conversions, r.conversion_value, now()
       FROM json_to_recordset($3::json) AS r(campaign_id text, platform text, day date, currency char(3),
                                             spend numeric, impressions bigint, clicks bigint, conversions numeric, conversion_value numeric)
       ON CONFLICT (workspace_id, connection_id, campaign_id, ad_group_id, ad_id, day) DO UPDATE SET
         platform = EXCLUDED.platform, currency = EXCLUDED.currency, spend = EXCLUDED.spend, impressions = EXCLUDED.impressions,
         clicks = EXCLUDED.clicks, conversions = EXCLUDED.conversions, conversion_value = EXCLUDED.conversion_value, synced_at = now()`,
      [workspaceId, connectionId, JSON.stringify(insights)],
    );
    await markDirtyDays(client, workspaceId, "ads", rows.map((r) => r.date));
  });
  await markImported(workspaceId, connectionId, importedAt);
  await refreshDirtyRollupsQuietly(workspaceId);
}
