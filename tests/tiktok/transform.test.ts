import { describe, expect, it } from "vitest";
import { ZAd, ZAdInsight } from "@/lib/connectors/contracts/ad-facts";
import { splitWindow } from "@/lib/connectors/tiktok/report";
import { adGroupInfos, adInfos, campaignInfos, dailyRows, pictureUrls, sumHours, toAdGroups, toAds, toCampaigns, toInsights } from "@/lib/connectors/tiktok/transform";
import adGet from "../fixtures/tiktok/ad_get.json";
import adgroupGet from "../fixtures/tiktok/adgroup_get.json";
import imageInfo from "../fixtures/tiktok/file_image_ad_info.json";
import videoInfo from "../fixtures/tiktok/file_video_ad_info.json";
import adPage1 from "../fixtures/tiktok/report_ad_daily_page1.json";
import adPage2 from "../fixtures/tiktok/report_ad_daily_page2.json";
import adHourly from "../fixtures/tiktok/report_ad_hourly_today.json";
import adgroupDaily from "../fixtures/tiktok/report_adgroup_daily.json";
import adgroupHourly from "../fixtures/tiktok/report_adgroup_hourly_today.json";
import campaigns from "../fixtures/tiktok/campaign_get.json";
import page1 from "../fixtures/tiktok/report_daily_page1.json";
import page2 from "../fixtures/tiktok/report_daily_page2.json";
import hourly from "../fixtures/tiktok/report_hourly_today.json";
import { totalsByCampaignDay } from "../connectors/level-totals";
import { connectorFailure } from "../meta/connector-failure";


describe("TikTok report transform", () => {
  it("reads daily rows with the day from stat_time_day and purchases as conversions", () => {
    expect(dailyRows([...page1.data.list, ...page2.data.list])).toEqual([
      { campaignId: "1780000000001", adGroupId: "", adId: "", day: "2026-03-01", spend: "84.15", impressions: 7421, clicks: 96, conversions: "3", conversionValue: "164.70" },
      // "-" (no purchase event on this campaign) is none.
      { campaignId: "1780000000002", adGroupId: "", adId: "", day: "2026-03-01", spend: "12.00", impressions: 1530, clicks: 11, conversions: "0", conversionValue: "0" },
      { campaignId: "1780000000001", adGroupId: "", adId: "", day: "2026-03-02", spend: "90.4", impressions: 8012, clicks: 104, conversions: "4", conversionValue: "219.60" },
    ]);
  });

  it("sums today's hours per campaign into the running total, exactly", () => {
    expect(sumHours(hourly.data.list, "2026-03-03")).toEqual([
      { campaignId: "1780000000001", adGroupId: "", adId: "", day: "2026-03-03", spend: "10.50", impressions: 945, clicks: 13, conversions: "3", conversionValue: "164.75" },
      { campaignId: "1780000000002", adGroupId: "", adId: "", day: "2026-03-03", spend: "0.50", impressions: 40, clicks: 0, conversions: "0", conversionValue: "0" },
    ]);
    // Hours of another day are not today's.
    expect(sumHours(hourly.data.list, "2026-03-04")).toEqual([]);
  });

  it("adds decimals without float error", () => {
    const tenths = Array.from({ length: 10 }, (_, h) => ({
      dimensions: { campaign_id: "1", stat_time_hour: `2026-03-03 ${String(h).padStart(2, "0")}:00:00` },
      metrics: { spend: "0.1", impressions: "1", clicks: "0", complete_payment: "0", total_complete_payment_rate: "0.1" },
    }));
    const [row] = sumHours(tenths, "2026-03-03");
    expect([row!.spend, row!.conversionValue]).toEqual(["1.00", "1.00"]);
  });

  it("makes valid insights in the account's currency", () => {
    const insights = toInsights(dailyRows(page1.data.list), { id: "7012345678901234567", currency: "EUR" });
    expect(insights[0]).toEqual({
      platform: "tiktok_ads",
      accountId: "7012345678901234567",
      campaignId: "1780000000001",
      adGroupId: "",
      adId: "",
      day: "2026-03-01",
      currency: "EUR",
      spend: "84.15",
      impressions: 7421,
      clicks: 96,
      conversions: "3",
      conversionValue: "164.70",
    });
    for (const row of insights) expect(() => ZAdInsight.parse(row)).not.toThrow();
  });

  it("names campaigns from /campaign/get/, and keeps ones TikTok no longer lists", () => {
    expect(toCampaigns(["1780000000001", "1780000000002", "1780000000001"], campaignInfos(campaigns.data.list), "7012345678901234567")).toEqual([
      { platform: "tiktok_ads", accountId: "7012345678901234567", campaignId: "1780000000001", name: "Spark Ads - Creators", status: "enable" },
      { platform: "tiktok_ads", accountId: "7012345678901234567", campaignId: "1780000000002", name: "Deleted campaign 1780000000002", status: "deleted" },
    ]);
  });

  it("refuses a missing metric, text where a number belongs, and a dash in spend, naming the field", async () => {
    const missing = structuredClone(page1.data.list);
    delete (missing[1]!.metrics as Record<string, unknown>).spend;
    expect((await connectorFailure(() => dailyRows(missing))).message).toContain("data.list[1].metrics.spend");

    const wordy = structuredClone(page1.data.list);
    wordy[0]!.metrics.impressions = "7.4k";
    const error = await connectorFailure(() => dailyRows(wordy));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data.list[0].metrics.impressions");
    expect(error.message).toContain('"7.4k"');

    const dash = structuredClone(page1.data.list);
    dash[0]!.metrics.spend = "-";
    expect((await connectorFailure(() => dailyRows(dash))).message).toContain("data.list[0].metrics.spend");
  });

  it("refuses the same campaign and day twice (pages that shifted while being read)", async () => {
    expect((await connectorFailure(() => dailyRows([...page1.data.list, page1.data.list[0]]))).message).toContain("campaign 1780000000001 came twice for 2026-03-01");
  });
});

describe("TikTok ad group and ad transform", () => {
  const campaignRows = toInsights(dailyRows([...page1.data.list, ...page2.data.list]), { id: "7012345678901234567", currency: "EUR" });
  const groupRows = dailyRows(adgroupDaily.data.list, "adgroup");
  const adRows = dailyRows([...adPage1.data.list, ...adPage2.data.list], "ad");

  it("places ad group rows under their campaign and ad rows under their ad group, from the rows' attribute metrics", () => {
    expect(groupRows.map((r) => [r.campaignId, r.adGroupId, r.adId, r.day, r.spend, r.conversions])).toEqual([
      ["1780000000001", "1781000000011", "", "2026-03-01", "50.15", "2"],
      ["1780000000001", "1781000000012", "", "2026-03-01", "34.00", "1"],
      ["1780000000002", "1781000000021", "", "2026-03-01", "12.00", "0"],
      ["1780000000001", "1781000000011", "", "2026-03-02", "90.4", "4"],
    ]);
    expect(adRows[0]).toEqual({ campaignId: "1780000000001", adGroupId: "1781000000011", adId: "1782000000111", day: "2026-03-01", spend: "30.15", impressions: 2421, clicks: 40, conversions: "1", conversionValue: "54.90" });
    for (const row of toInsights([...groupRows, ...adRows], { id: "7012345678901234567", currency: "EUR" })) expect(ZAdInsight.safeParse(row).success).toBe(true);
  });

  it("adds up per campaign and day to the campaign rows, at both levels, and today's hours too", () => {
    const account = { id: "7012345678901234567", currency: "EUR" };
    const campaigns = totalsByCampaignDay(campaignRows);
    expect(totalsByCampaignDay(toInsights(groupRows, account))).toEqual(campaigns);
    expect(totalsByCampaignDay(toInsights(adRows, account))).toEqual(campaigns);
    const today = totalsByCampaignDay(toInsights(sumHours(hourly.data.list, "2026-03-03"), account));
    expect(totalsByCampaignDay(toInsights(sumHours(adgroupHourly.data.list, "2026-03-03", "adgroup"), account))).toEqual(today);
    expect(totalsByCampaignDay(toInsights(sumHours(adHourly.data.list, "2026-03-03", "ad"), account))).toEqual(today);
  });

  it("names ad groups and ads from the get endpoints, pictures ads by video cover or first image, and keeps ones TikTok no longer lists", () => {
    const accountId = "7012345678901234567";
    expect(toAdGroups(groupRows, adGroupInfos(adgroupGet.data.list), accountId)).toEqual([
      { platform: "tiktok_ads", accountId, campaignId: "1780000000001", adGroupId: "1781000000011", name: "Creators - Broad 18-34", status: "enable" },
      { platform: "tiktok_ads", accountId, campaignId: "1780000000001", adGroupId: "1781000000012", name: "Creators - Interest: Fitness", status: "disable" },
      { platform: "tiktok_ads", accountId, campaignId: "1780000000002", adGroupId: "1781000000021", name: "Deleted ad group 1781000000021", status: "deleted" },
    ]);
    const pictures = new Map([...pictureUrls(videoInfo.data.list, "video_id", "video_cover_url"), ...pictureUrls(imageInfo.data.list, "image_id", "image_url")]);
    const ads = toAds(adRows, adInfos(adGet.data.list), pictures, accountId);
    expect(ads.map((a) => [a.adId, a.adGroupId, a.name, a.status, a.thumbnailUrl])).toEqual([
      ["1782000000111", "1781000000011", "Hook A - Unboxing", "enable", videoInfo.data.list[0]!.video_cover_url],
      ["1782000000112", "1781000000011", "Carousel - Bestsellers", "enable", imageInfo.data.list[0]!.image_url],
      // A video whose cover TikTok did not give: no thumbnail.
      ["1782000000121", "1781000000012", "Hook B - Review", "disable", null],
      ["1782000000211", "1781000000021", "Deleted ad 1782000000211", "deleted", null],
    ]);
    for (const ad of ads) expect(ZAd.safeParse(ad).success).toBe(true);
  });

  it("refuses an ad row without its ad group, and the same ad and day twice, naming them", async () => {
    const orphan = structuredClone(adPage1.data.list);
    delete (orphan[2]!.metrics as Record<string, unknown>).adgroup_id;
    expect((await connectorFailure(() => dailyRows(orphan, "ad"))).message).toContain("data.list[2].metrics.adgroup_id");
    expect((await connectorFailure(() => dailyRows([...adPage2.data.list, adPage2.data.list[0]], "ad"))).message).toContain("ad 1782000000211 came twice for 2026-03-01");
  });
});

describe("TikTok report windows", () => {
  it("reads past days daily, 30 at a time, and today hourly", () => {
    expect(splitWindow({ fromDay: "2026-03-01", toDay: "2026-03-03" }, "2026-03-03")).toEqual({ days: [{ fromDay: "2026-03-01", toDay: "2026-03-02" }], hourlyDay: "2026-03-03" });
    expect(splitWindow({ fromDay: "2026-03-03", toDay: "2026-03-03" }, "2026-03-03")).toEqual({ days: [], hourlyDay: "2026-03-03" });
    expect(splitWindow({ fromDay: "2026-01-01", toDay: "2026-02-15" }, "2026-03-03")).toEqual({
      days: [
        { fromDay: "2026-01-01", toDay: "2026-01-30" },
        { fromDay: "2026-01-31", toDay: "2026-02-15" },
      ],
      hourlyDay: null,
    });
  });
});
