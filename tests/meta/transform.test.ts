import { describe, expect, it } from "vitest";
import { ZAd, ZAdCampaign, ZAdGroup, ZAdInsight } from "@/lib/connectors/contracts/ad-facts";
import { adAccountsToProviderAccounts, insightsToAdStats, levelInsights, objectDetails } from "@/lib/connectors/meta/transform";
import adDetails from "../fixtures/meta/ids_ads.json";
import adsetDetails from "../fixtures/meta/ids_adsets.json";
import adPage1 from "../fixtures/meta/insights_ad_page1.json";
import adPage2 from "../fixtures/meta/insights_ad_page2.json";
import adsetRows from "../fixtures/meta/insights_adset.json";
import page1 from "../fixtures/meta/insights_page1.json";
import page2 from "../fixtures/meta/insights_page2.json";
import accounts1 from "../fixtures/meta/me_adaccounts_page1.json";
import accounts2 from "../fixtures/meta/me_adaccounts_page2.json";
import { totalsByCampaignDay } from "../connectors/level-totals";
import { connectorFailure } from "./connector-failure";

const account = { id: "act_1029384756", currency: "USD" };
const clone = <T>(value: T): T => structuredClone(value);


describe("Meta insights transform", () => {
  const stats = insightsToAdStats([...page1.data, ...page2.data], account);

  it("gives one insight per campaign and day, money as the exact strings Meta sent", () => {
    expect(stats.insights).toHaveLength(3);
    expect(stats.insights[0]).toEqual({
      platform: "meta_ads",
      accountId: "act_1029384756",
      campaignId: "23851000001",
      adGroupId: "",
      adId: "",
      day: "2026-03-01",
      currency: "USD",
      spend: "152.37",
      impressions: 10452,
      clicks: 131,
      conversions: "5",
      conversionValue: "359.85",
    });
    expect(stats.insights.map((i) => [i.campaignId, i.day, i.spend])).toEqual([
      ["23851000001", "2026-03-01", "152.37"],
      ["23851000002", "2026-03-01", "48.1"],
      ["23851000001", "2026-03-02", "160.02"],
    ]);
    for (const row of stats.insights) expect(() => ZAdInsight.parse(row)).not.toThrow();
  });

  it("reads purchases under one action type (omni_purchase, else purchase, else the pixel's), never a sum of them", () => {
    // Row 0 carries all three types: omni_purchase wins (5 and 359.85, not 4 + 4 + 5).
    expect([stats.insights[0]!.conversions, stats.insights[0]!.conversionValue]).toEqual(["5", "359.85"]);
    // Row 1 only has the pixel's type.
    expect([stats.insights[1]!.conversions, stats.insights[1]!.conversionValue]).toEqual(["2", "131.5"]);
    // Row 2 has no actions at all: no purchases.
    expect([stats.insights[2]!.conversions, stats.insights[2]!.conversionValue]).toEqual(["0", "0"]);

    const onlyPurchase = clone(page1.data[0]!);
    onlyPurchase.actions = onlyPurchase.actions.filter((a) => a.action_type !== "omni_purchase");
    onlyPurchase.action_values = onlyPurchase.action_values.filter((a) => a.action_type !== "omni_purchase");
    const [row] = insightsToAdStats([onlyPurchase], account).insights;
    expect([row!.conversions, row!.conversionValue]).toEqual(["4", "289.9"]);
  });

  it("lists each campaign once with its name", () => {
    expect(stats.campaigns).toEqual([
      { platform: "meta_ads", accountId: "act_1029384756", campaignId: "23851000001", name: "Prospecting - Broad", status: null },
      { platform: "meta_ads", accountId: "act_1029384756", campaignId: "23851000002", name: "Retargeting - 30d Visitors", status: null },
    ]);
    for (const campaign of stats.campaigns) expect(() => ZAdCampaign.parse(campaign)).not.toThrow();
  });

  it("falls back to the account's currency when a row does not carry one, and addresses the account as act_<id>", () => {
    const row = clone(page2.data[0]!) as Record<string, unknown>;
    delete row.account_currency;
    const [insight] = insightsToAdStats([row], { id: "5566778899", currency: "EUR" }).insights;
    expect(insight).toMatchObject({ currency: "EUR", accountId: "act_5566778899" });
  });

  it("refuses a row without spend, naming the field", async () => {
    const row = clone(page1.data[1]!) as Record<string, unknown>;
    delete row.spend;
    const error = await connectorFailure(() => insightsToAdStats([page1.data[0], row], account));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data[1].spend");
  });

  it("refuses text where a number is expected, naming the field and the value", async () => {
    const row = clone(page1.data[0]!) as Record<string, unknown>;
    row.impressions = "about ten thousand";
    const error = await connectorFailure(() => insightsToAdStats([row], account));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data[0].impressions");
    expect(error.message).toContain('"about ten thousand"');
  });

  it("refuses a malformed purchase value", async () => {
    const row = clone(page1.data[0]!);
    row.action_values[2]!.value = "n/a";
    const error = await connectorFailure(() => insightsToAdStats([row], account));
    expect(error.message).toContain("data[0].action_values[2].value");
  });

  it("accepts numbers for money by their exact JSON text, but not fractions of a count", async () => {
    const row = clone(page2.data[0]!) as Record<string, unknown>;
    row.spend = 160.02;
    expect(insightsToAdStats([row], account).insights[0]!.spend).toBe("160.02");
    row.clicks = 1.5;
    expect((await connectorFailure(() => insightsToAdStats([row], account))).message).toContain("data[0].clicks");
  });
});

describe("Meta ad set and ad transform", () => {
  const campaignRows = insightsToAdStats([...page1.data, ...page2.data], account).insights;
  const adSets = levelInsights(adsetRows.data, account, "adset", objectDetails(adsetDetails));
  const ads = levelInsights([...adPage1.data, ...adPage2.data], account, "ad", objectDetails(adDetails));

  it("gives ad-set rows with an empty ad id and ad rows under their ad set, numbers as Meta sent them", () => {
    expect(adSets.insights.map((i) => [i.campaignId, i.adGroupId, i.adId, i.day, i.spend, i.conversions, i.conversionValue])).toEqual([
      ["23851000001", "23852000011", "", "2026-03-01", "100", "3", "215.91"],
      ["23851000001", "23852000012", "", "2026-03-01", "52.37", "2", "143.94"],
      ["23851000002", "23852000021", "", "2026-03-01", "48.1", "2", "131.5"],
      ["23851000001", "23852000011", "", "2026-03-02", "160.02", "0", "0"],
    ]);
    expect(ads.insights[0]).toEqual({
      platform: "meta_ads", accountId: "act_1029384756", campaignId: "23851000001", adGroupId: "23852000011", adId: "23853000111",
      day: "2026-03-01", currency: "USD", spend: "60", impressions: 4000, clicks: 50, conversions: "2", conversionValue: "143.94",
    });
    for (const row of [...adSets.insights, ...ads.insights]) expect(ZAdInsight.safeParse(row).success).toBe(true);
  });

  it("names ad sets and ads from the rows, with effective status and the creative's thumbnail from the lookup", () => {
    expect(adSets.adGroups.map((g) => [g.adGroupId, g.campaignId, g.name, g.status])).toEqual([
      ["23852000011", "23851000001", "Broad - US 25-54", "active"],
      ["23852000012", "23851000001", "Broad - Advantage+ Audience", "paused"],
      ["23852000021", "23851000002", "Retargeting - Cart 30d", "campaign_paused"],
    ]);
    expect(ads.ads.map((a) => [a.adId, a.adGroupId, a.name, a.status, a.thumbnailUrl])).toEqual([
      ["23853000111", "23852000011", "UGC Video - Hook A", "active", adDetails["23853000111"].creative.thumbnail_url],
      ["23853000112", "23852000011", "Carousel - Bestsellers", "paused", adDetails["23853000112"].creative.thumbnail_url],
      ["23853000121", "23852000012", "Static - Spring Offer", "archived", null],
      ["23853000211", "23852000021", "Dynamic - Viewed Products", "active", adDetails["23853000211"].creative.thumbnail_url],
    ]);
    for (const g of adSets.adGroups) expect(ZAdGroup.safeParse(g).success).toBe(true);
    for (const a of ads.ads) expect(ZAd.safeParse(a).success).toBe(true);
  });

  it("keeps an object the lookup did not return, without status or thumbnail", () => {
    const { ads: listed } = levelInsights(adPage2.data, account, "ad", new Map());
    expect(listed[0]).toMatchObject({ adId: "23853000211", status: null, thumbnailUrl: null });
  });

  it("adds up per campaign and day to the campaign rows, at both levels", () => {
    const campaigns = totalsByCampaignDay(campaignRows);
    expect(totalsByCampaignDay(adSets.insights)).toEqual(campaigns);
    expect(totalsByCampaignDay(ads.insights)).toEqual(campaigns);
  });

  it("refuses a row without its ad id or ad set id, and a repeated row, naming them", async () => {
    const noAd = clone(adPage1.data);
    delete (noAd[1] as { ad_id?: string }).ad_id;
    expect((await connectorFailure(() => levelInsights(noAd, account, "ad", new Map()))).message).toContain("data[1].ad_id");
    const noSet = clone(adsetRows.data);
    delete (noSet[2] as { adset_id?: string }).adset_id;
    expect((await connectorFailure(() => levelInsights(noSet, account, "adset", new Map()))).message).toContain("data[2].adset_id");
    const twice = [...adPage2.data, adPage2.data[1]];
    expect((await connectorFailure(() => levelInsights(twice, account, "ad", new Map()))).message).toContain("data[2]");
  });

  it("reads only https thumbnails from the lookup, and refuses an answer that is not an object of objects", async () => {
    const details = objectDetails({ "1": { effective_status: "ACTIVE", creative: { thumbnail_url: "http://insecure.example/x.png" } } });
    expect(details.get("1")).toEqual({ status: "active", thumbnailUrl: null });
    expect((await connectorFailure(() => objectDetails({ "1": "ACTIVE" }))).kind).toBe("bad_response");
  });
});

describe("Meta ad accounts transform", () => {
  it("maps /me/adaccounts to picker entries with currency, time zone and status", () => {
    expect(adAccountsToProviderAccounts([...accounts1.data, ...accounts2.data])).toEqual([
      { id: "act_1029384756", name: "Acme Store", currency: "USD", timeZone: "America/Los_Angeles", status: "active" },
      { id: "act_5566778899", name: "Acme EU", currency: "EUR", timeZone: "Europe/Berlin", status: "disabled" },
      { id: "act_3141592653", name: "Acme Outlet", currency: "GBP", timeZone: "Europe/London", status: "closed" },
    ]);
  });
});
