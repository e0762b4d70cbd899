import { describe, expect, it } from "vitest";
import { ZAd, ZAdCampaign, ZAdGroup, ZAdInsight } from "@/lib/connectors/contracts/ad-facts";
import { accessibleCustomerIds, expandHierarchy, formatCustomerId, mergeAccounts, toAdStats } from "@/lib/connectors/google/ads-transform";
import direct from "../fixtures/google-ads/customer_client_direct.json";
import manager from "../fixtures/google-ads/customer_client_manager.json";
import accessible from "../fixtures/google-ads/list_accessible_customers.json";
import adGroups from "../fixtures/google-ads/search_stream_ad_group.json";
import ads from "../fixtures/google-ads/search_stream_ad_group_ad.json";
import empty from "../fixtures/google-ads/search_stream_empty.json";
import partial from "../fixtures/google-ads/search_stream_partial.json";
import pmax from "../fixtures/google-ads/search_stream_pmax.json";
import { totalsByCampaignDay } from "../connectors/level-totals";
import { expectConnectorError } from "./expect-connector-error";

const account = { accountId: "1112223333", currency: "USD", window: { fromDay: "2026-03-01", toDay: "2026-03-02" } };
const clone = <T>(value: T): T => structuredClone(value);

describe("toAdStats (ad group level)", () => {
  const stats = toAdStats(adGroups, account, "ad_group");

  it("reads every row of every batch into one insight per campaign, ad group and day", () => {
    expect(stats.insights.map((i) => `${i.campaignId}/${i.adGroupId}/${i.day}`)).toEqual([
      "20450001/150001/2026-03-01", "20450001/150002/2026-03-01", "20450002/150101/2026-03-01",
      "20450001/150001/2026-03-02", "20450002/150101/2026-03-02",
    ]);
  });

  it("turns micros into exact decimals and doubles into decimals rounded to 4 places", () => {
    expect(stats.insights[0]).toEqual({
      platform: "google_ads", accountId: "1112223333", campaignId: "20450001", adGroupId: "150001", adId: "", day: "2026-03-01", currency: "USD",
      spend: "36.9123", impressions: 1480, clicks: 41, conversions: "7.5", conversionValue: "812.5",
    });
    expect(stats.insights[1]).toMatchObject({ spend: "0.001", conversions: "0.3333", conversionValue: "19.99" });
    expect(stats.insights[3]).toMatchObject({ spend: "1", conversions: "9", conversionValue: "1234.5678" });
    expect(stats.insights[4]).toMatchObject({ spend: "123456789.0123", conversions: "0", clicks: 1 });
  });

  it("reads metrics left out of the answer (zeros) as zero", () => {
    expect(stats.insights[2]).toMatchObject({ impressions: 12, clicks: 0, spend: "0", conversions: "0", conversionValue: "0" });
  });

  it("lists each campaign once, status lower-cased, in shapes ingestion accepts", () => {
    expect(stats.campaigns).toEqual([
      { platform: "google_ads", accountId: "1112223333", campaignId: "20450001", name: "Brand - Search", status: "enabled" },
      { platform: "google_ads", accountId: "1112223333", campaignId: "20450002", name: "Alpha Pro - Search", status: "paused" },
    ]);
    for (const c of stats.campaigns) expect(ZAdCampaign.safeParse(c).success).toBe(true);
    for (const i of stats.insights) expect(ZAdInsight.safeParse(i).success).toBe(true);
  });

  it("gives nothing for an answer without results", () => {
    expect(toAdStats(empty, account, "ad_group")).toEqual({ kind: "ads", campaigns: [], adGroups: [], ads: [], insights: [] });
    expect(toAdStats([], account, "ad_group").insights).toEqual([]);
  });

  it("reads campaign-level rows (Performance Max) with an empty ad group id", () => {
    const { insights } = toAdStats(pmax, account, "campaign");
    expect(insights).toEqual([expect.objectContaining({ campaignId: "20450009", adGroupId: "", adId: "", spend: "48.12", conversions: "11.25", clicks: 55 })]);
  });

  it("lists each ad group once with its name and status, and falls back to its id without a name", () => {
    expect(stats.adGroups).toEqual([
      { platform: "google_ads", accountId: "1112223333", campaignId: "20450001", adGroupId: "150001", name: "Brand - Exact", status: "enabled" },
      { platform: "google_ads", accountId: "1112223333", campaignId: "20450001", adGroupId: "150002", name: "Brand - Phrase", status: "paused" },
      { platform: "google_ads", accountId: "1112223333", campaignId: "20450002", adGroupId: "150101", name: "Alpha Pro - Generic", status: "enabled" },
    ]);
    for (const g of stats.adGroups) expect(ZAdGroup.safeParse(g).success).toBe(true);
    const unnamed = clone(adGroups);
    for (const batch of unnamed) for (const row of batch.results) if (row.adGroup.id === "150001") delete (row.adGroup as { name?: string }).name;
    expect(toAdStats(unnamed, account, "ad_group").adGroups[0]).toMatchObject({ adGroupId: "150001", name: "Ad group 150001" });
  });
});

describe("toAdStats (ad level)", () => {
  const stats = toAdStats(ads, account, "ad");

  it("gives one insight per campaign, ad group, ad and day", () => {
    expect(stats.insights.map((i) => `${i.campaignId}/${i.adGroupId}/${i.adId}/${i.day}`)).toEqual([
      "20450001/150001/690001/2026-03-01", "20450001/150001/690002/2026-03-01", "20450001/150002/690003/2026-03-01", "20450002/150101/690101/2026-03-01",
      "20450001/150001/690001/2026-03-02", "20450001/150001/690002/2026-03-02", "20450002/150101/690101/2026-03-02",
    ]);
    expect(stats.insights[0]).toEqual({
      platform: "google_ads", accountId: "1112223333", campaignId: "20450001", adGroupId: "150001", adId: "690001", day: "2026-03-01", currency: "USD",
      spend: "26.9123", impressions: 1000, clicks: 30, conversions: "5", conversionValue: "500.25",
    });
    for (const i of stats.insights) expect(ZAdInsight.safeParse(i).success).toBe(true);
  });

  it("names each ad (an unnamed one by its id), with its status and an image ad's preview as thumbnail", () => {
    expect(stats.ads.map((a) => [a.adId, a.adGroupId, a.name, a.status, a.thumbnailUrl])).toEqual([
      ["690001", "150001", "Brand - Image 300x250", "enabled", "https://tpc.googlesyndication.com/simgad/1234567890123456789"],
      ["690002", "150001", "Ad 690002", "enabled", null],
      ["690003", "150002", "Ad 690003", "paused", null],
      ["690101", "150101", "Alpha Pro - Responsive", "removed", null],
    ]);
    for (const a of stats.ads) expect(ZAd.safeParse(a).success).toBe(true);
  });

  it("adds up, per campaign and day, to the ad group rows of the same window", () => {
    expect(totalsByCampaignDay(stats.insights)).toEqual(totalsByCampaignDay(toAdStats(adGroups, account, "ad_group").insights));
  });

  it("refuses a row without its ad id, naming the field", async () => {
    const noAd = clone(ads);
    delete (noAd[1]!.results[2]!.adGroupAd.ad as { id?: string }).id;
    expect((await expectConnectorError(() => toAdStats(noAd, account, "ad"), "bad_response")).message).toContain("batch 1 results[2].adGroupAd.ad.id is missing");
  });

  it("never takes a thumbnail that is not an https URL", () => {
    const plain = clone(ads);
    for (const batch of plain) for (const row of batch.results) if (row.adGroupAd.ad.imageAd) row.adGroupAd.ad.imageAd.previewImageUrl = "javascript:alert(1)";
    expect(toAdStats(plain, account, "ad").ads[0]!.thumbnailUrl).toBeNull();
  });
});

describe("toAdStats refuses malformed answers, naming the field", () => {
  it("partial data: a batch row without metrics", async () => {
    const error = await expectConnectorError(() => toAdStats(partial, account, "ad_group"), "bad_response");
    expect(error.message).toContain("batch 1 results[1].metrics is missing");
  });

  it("a missing id, name or date", async () => {
    const noId = clone(adGroups);
    delete (noId[0]!.results[0]!.campaign as { id?: string }).id;
    expect((await expectConnectorError(() => toAdStats(noId, account, "ad_group"), "bad_response")).message).toContain("batch 0 results[0].campaign.id is missing");
    const noGroup = clone(adGroups);
    delete (noGroup[1]!.results[0] as { adGroup?: unknown }).adGroup;
    expect((await expectConnectorError(() => toAdStats(noGroup, account, "ad_group"), "bad_response")).message).toContain("batch 1 results[0].adGroup.id");
    const noDate = clone(adGroups);
    delete (noDate[0]!.results[2] as { segments?: unknown }).segments;
    expect((await expectConnectorError(() => toAdStats(noDate, account, "ad_group"), "bad_response")).message).toContain("segments.date");
  });

  it("a string where a number is expected, and a number where micros text is expected", async () => {
    const textConversions = clone(adGroups) as unknown as { results: { metrics: Record<string, unknown> }[] }[];
    textConversions[0]!.results[0]!.metrics.conversions = "7.5";
    expect((await expectConnectorError(() => toAdStats(textConversions, account, "ad_group"), "bad_response")).message).toContain("batch 0 results[0].metrics.conversions");
    const badCost = clone(adGroups) as unknown as { results: { metrics: Record<string, unknown> }[] }[];
    badCost[1]!.results[0]!.metrics.costMicros = "1.5";
    expect((await expectConnectorError(() => toAdStats(badCost, account, "ad_group"), "bad_response")).message).toContain("batch 1 results[0].metrics.costMicros");
  });

  it("a day outside the window, a repeated row, or something that is not a list of batches", async () => {
    await expectConnectorError(() => toAdStats(adGroups, { ...account, window: { fromDay: "2026-03-01", toDay: "2026-03-01" } }, "ad_group"), "bad_response");
    const repeated = clone(adGroups) as unknown as { results: unknown[] }[];
    repeated[1]!.results.push(clone(repeated[1]!.results[0]));
    expect((await expectConnectorError(() => toAdStats(repeated, account, "ad_group"), "bad_response")).message).toContain("repeats campaign 20450001");
    await expectConnectorError(() => toAdStats({ results: [] }, account, "ad_group"), "bad_response");
  });
});

describe("Google Ads account picker", () => {
  it("reads accessible customer ids", async () => {
    expect(accessibleCustomerIds(accessible)).toEqual(["1234567890", "5554443333", "9998887777"]);
    expect(accessibleCustomerIds({})).toEqual([]);
    await expectConnectorError(() => accessibleCustomerIds({ resourceNames: ["customers/12x"] }), "bad_response");
  });

  it("expands a manager (MCC) to every account under it, reached through the manager", () => {
    const accounts = expandHierarchy("1234567890", manager);
    expect(accounts.map((a) => [a.id, a.isManager, a.loginCustomerId])).toEqual([
      ["1234567890", true, null],
      ["1112223333", false, "1234567890"],
      ["4445556666", true, "1234567890"],
      ["7778889999", false, "1234567890"],
      ["5554443333", false, "1234567890"],
    ]);
    expect(accounts[3]).toMatchObject({ name: "Acme Store DE", currency: "EUR", timeZone: "Europe/Berlin", status: "enabled" });
  });

  it("keeps a plain account to itself, and prefers direct access when an account is reachable both ways", () => {
    const own = expandHierarchy("5554443333", direct);
    expect(own).toEqual([{ id: "5554443333", name: "Acme Store UK", currency: "GBP", timeZone: "Europe/London", isManager: false, loginCustomerId: null, status: "enabled" }]);
    const merged = mergeAccounts([expandHierarchy("1234567890", manager), own]);
    expect(merged).toHaveLength(5);
    expect(merged.find((a) => a.id === "5554443333")?.loginCustomerId).toBeNull();
    expect(merged.find((a) => a.id === "7778889999")?.loginCustomerId).toBe("1234567890");
  });

  it("formats customer ids as Google Ads shows them", () => {
    expect(formatCustomerId("1234567890")).toBe("123-456-7890");
  });
});
