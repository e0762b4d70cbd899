import { describe, expect, it } from "vitest";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { replaceDays, upsertAdGroups, upsertAdInsights, upsertAds } from "@/lib/ads/ingest";
import type { AdInput, AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, unique } from "../helpers";

// Ad groups and ads below the campaign: their names, and insight rows at every level without the
// campaign figures ever counting a level twice.

async function adConnection() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "meta_ads", externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  return { workspaceId: workspace.id, connectionId: connection.id };
}

const DAY = "2026-03-01";

const row = (campaignId: string, adGroupId: string, adId: string, spend: string, clicks = 10): AdInsightInput => ({
  platform: "meta_ads", accountId: "act_1", campaignId, adGroupId, adId, day: DAY, currency: "USD",
  spend, impressions: clicks * 50, clicks, conversions: "1", conversionValue: "40.00",
});

const ad = (adId: string, extra: Partial<AdInput> = {}): AdInput => ({
  platform: "meta_ads", accountId: "act_1", campaignId: "c1", adGroupId: "g1", adId, name: `Ad ${adId}`, status: "ACTIVE",
  thumbnailUrl: "https://scontent.example/thumb.jpg", ...extra,
});

async function adDaily(workspaceId: string) {
  const { rows } = await getPool().query<{ campaign_id: string; spend: string; clicks: string }>(
    "SELECT campaign_id, spend::text, clicks::text FROM ad_daily WHERE workspace_id = $1 ORDER BY campaign_id",
    [workspaceId],
  );
  return rows.map((r) => [r.campaign_id, Number(r.spend), Number(r.clicks)]);
}

describe("ad insights below the campaign", () => {
  it("reads campaign figures from the coarsest level a campaign reported, never the sum of levels", async () => {
    const scope = await adConnection();
    await upsertAdInsights(scope, [
      // c1: all three levels. The platform's campaign row is what counts (its ads are 0.50 short).
      row("c1", "", "", "100.00", 40),
      row("c1", "g1", "", "60.00", 25), row("c1", "g2", "", "40.00", 15),
      row("c1", "g1", "a1", "35.00", 15), row("c1", "g1", "a2", "24.50", 10), row("c1", "g2", "a3", "40.00", 15),
      // c2: ad groups and ads, no campaign row.
      row("c2", "g3", "", "15.00", 6), row("c2", "g4", "", "5.00", 2),
      row("c2", "g3", "a4", "15.00", 6), row("c2", "g4", "a5", "5.00", 2),
      // c3: ads only.
      row("c3", "g5", "a6", "7.25", 3), row("c3", "g5", "a7", "2.75", 1),
    ]);
    await refreshDirtyRollups(scope.workspaceId);
    expect(await adDaily(scope.workspaceId)).toEqual([
      ["c1", 100, 40],
      ["c2", 20, 8],
      ["c3", 10, 4],
    ]);
  });

  it("keeps each level's rows apart under one key, and a restatement replaces the day's rows at every level", async () => {
    const scope = await adConnection();
    await upsertAdInsights(scope, [row("c1", "g1", "", "10.00"), row("c1", "g1", "a1", "6.00"), row("c1", "g1", "a2", "4.00")]);
    expect(await db.adInsightDaily.count({ where: scope })).toBe(3);

    // The platform stopped reporting a2 for the day and restated a1.
    await replaceDays(scope, [DAY], [row("c1", "g1", "", "10.00"), row("c1", "g1", "a1", "10.00")]);
    const kept = await db.adInsightDaily.findMany({ where: scope, orderBy: { adId: "asc" } });
    expect(kept.map((r) => [r.adGroupId, r.adId, r.spend.toFixed(2)])).toEqual([
      ["g1", "", "10.00"],
      ["g1", "a1", "10.00"],
    ]);
  });

  it("refuses an ad row without its ad group, naming the field, and writes nothing", async () => {
    const scope = await adConnection();
    const refused = await expectAppError(upsertAdInsights(scope, [row("c1", "g1", "a1", "1.00"), row("c1", "", "a2", "1.00")]), "bad_request");
    expect(refused.fields).toHaveProperty(["rows.1.adGroupId"]);
    expect(await db.adInsightDaily.count({ where: scope })).toBe(0);
  });
});

describe("ad groups and ads", () => {
  it("upserts names, statuses and thumbnails by id, the newest winning", async () => {
    const scope = await adConnection();
    const group = { platform: "meta_ads", accountId: "act_1", campaignId: "c1", adGroupId: "g1", name: "Lookalikes", status: "ACTIVE" };
    await upsertAdGroups(scope, [group]);
    await upsertAdGroups(scope, [{ ...group, name: "Lookalikes 2%", status: "PAUSED" }]);
    expect((await db.adGroup.findMany({ where: scope })).map((g) => [g.adGroupId, g.name, g.status])).toEqual([["g1", "Lookalikes 2%", "paused"]]);

    const dataImage = "data:image/svg+xml;base64,PHN2Zy8+";
    await upsertAds(scope, [ad("a1"), ad("a2", { thumbnailUrl: null })]);
    await upsertAds(scope, [ad("a1", { name: "Spring video", status: "PAUSED", thumbnailUrl: dataImage })]);
    const ads = await db.ad.findMany({ where: scope, orderBy: { adId: "asc" } });
    expect(ads.map((a) => [a.adId, a.name, a.status, a.thumbnailUrl])).toEqual([
      ["a1", "Spring video", "paused", dataImage],
      ["a2", "Ad a2", "active", null],
    ]);
  });

  it("refuses thumbnails that are not https or data images, and missing ids, naming the row", async () => {
    const scope = await adConnection();
    const plain = await expectAppError(upsertAds(scope, [ad("a1"), ad("a2", { thumbnailUrl: "http://cdn.example/a.jpg" })]), "bad_request");
    expect(plain.fields).toHaveProperty(["rows.1.thumbnailUrl"]);
    const script = await expectAppError(upsertAds(scope, [ad("a1", { thumbnailUrl: "javascript:alert(1)" })]), "bad_request");
    expect(script.fields).toHaveProperty(["rows.0.thumbnailUrl"]);
    const noGroup = await expectAppError(upsertAdGroups(scope, [{ platform: "meta_ads", accountId: "act_1", campaignId: "c1", adGroupId: " ", name: "x" }]), "bad_request");
    expect(noGroup.fields).toHaveProperty(["rows.0.adGroupId"]);
    expect(await db.ad.count({ where: scope })).toBe(0);
  });

  it("refuses another workspace's connection as not found", async () => {
    const mine = await adConnection();
    const theirs = await adConnection();
    const crossed = { workspaceId: mine.workspaceId, connectionId: theirs.connectionId };
    await expectAppError(upsertAds(crossed, [ad("a1")]), "not_found");
    await expectAppError(upsertAdGroups(crossed, [{ platform: "meta_ads", accountId: "act_1", campaignId: "c1", adGroupId: "g1", name: "x" }]), "not_found");
    expect(await db.ad.count({ where: { connectionId: theirs.connectionId } })).toBe(0);
  });
});
