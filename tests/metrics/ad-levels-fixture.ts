import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { upsertAdCampaigns, upsertAdGroups, upsertAdInsights, upsertAds } from "@/lib/ads/ingest";
import type { AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";

// One Meta account reported at mixed levels, for the ad_group and ad breakdowns:
//   c1 "Prospecting": campaign row 100.00; ad sets g1 60.00 (ads a1 35.00, a2 24.50) and g2 40.00 (no ads)
//   c2 "Retargeting": ads only, a3 15.00 and a4 5.00 in ad set g3
//   c3 "Brand": a campaign row 30.00 and nothing below it

export const D1 = "2026-03-01";
export const D2 = "2026-03-02";

export async function metaWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "meta_ads", externalAccountId: unique("act"), displayName: "Meta", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  const scope = { workspaceId: workspace.id, connectionId: connection.id };
  const base = { platform: "meta_ads", accountId: "act_1" };
  const row = (campaignId: string, adGroupId: string, adId: string, spend: string, day = D1): AdInsightInput => ({
    ...base, campaignId, adGroupId, adId, day, currency: "USD", spend, impressions: 1000, clicks: 10, conversions: "1", conversionValue: "50.00",
  });
  await upsertAdCampaigns(scope, [
    { ...base, campaignId: "c1", name: "Prospecting" }, { ...base, campaignId: "c2", name: "Retargeting" }, { ...base, campaignId: "c3", name: "Brand" },
  ]);
  await upsertAdGroups(scope, [
    { ...base, campaignId: "c1", adGroupId: "g1", name: "Lookalikes" }, { ...base, campaignId: "c1", adGroupId: "g2", name: "Broad" },
    { ...base, campaignId: "c2", adGroupId: "g3", name: "Cart abandoners" },
  ]);
  await upsertAds(scope, [
    { ...base, campaignId: "c1", adGroupId: "g1", adId: "a1", name: "Spring video (old cut)" },
    { ...base, campaignId: "c1", adGroupId: "g1", adId: "a2", name: "Carousel" },
    { ...base, campaignId: "c2", adGroupId: "g3", adId: "a3", name: "Reminder" },
    { ...base, campaignId: "c2", adGroupId: "g3", adId: "a4", name: "Discount" },
  ]);
  // Renamed later: the breakdown shows the newest name.
  await upsertAds(scope, [{ ...base, campaignId: "c1", adGroupId: "g1", adId: "a1", name: "Spring video" }]);
  await upsertAdInsights(scope, [
    row("c1", "", "", "100.00"), row("c1", "g1", "", "60.00"), row("c1", "g2", "", "40.00"),
    row("c1", "g1", "a1", "35.00"), row("c1", "g1", "a2", "24.50"),
    row("c2", "g3", "a3", "15.00"), row("c2", "g3", "a4", "5.00"),
    row("c3", "", "", "30.00"),
    // A second day for g1/a1 only, both levels agreeing.
    row("c1", "", "", "8.00", D2), row("c1", "g1", "", "8.00", D2), row("c1", "g1", "a1", "8.00", D2),
  ]);
  await refreshDirtyRollups(workspace.id);
  return { workspaceId: workspace.id, ownerId: owner.id, slug: workspace.slug, connectionId: connection.id };
}

