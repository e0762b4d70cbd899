import { describe, expect, it } from "vitest";
import { ZAdInsight } from "@/lib/connectors/contracts/ad-facts";
import { splitWindow } from "@/lib/connectors/tiktok/report";
import { campaignInfos, dailyRows, sumHours, toCampaigns, toInsights } from "@/lib/connectors/tiktok/transform";
import campaigns from "../fixtures/tiktok/campaign_get.json";
import page1 from "../fixtures/tiktok/report_daily_page1.json";
import page2 from "../fixtures/tiktok/report_daily_page2.json";
import hourly from "../fixtures/tiktok/report_hourly_today.json";
import { connectorFailure } from "../meta/connector-failure";


describe("TikTok report transform", () => {
  it("reads daily rows with the day from stat_time_day and purchases as conversions", () => {
    expect(dailyRows([...page1.data.list, ...page2.data.list])).toEqual([
      { campaignId: "1780000000001", day: "2026-03-01", spend: "84.15", impressions: 7421, clicks: 96, conversions: "3", conversionValue: "164.70" },
      // "-" (no purchase event on this campaign) is none.
      { campaignId: "1780000000002", day: "2026-03-01", spend: "12.00", impressions: 1530, clicks: 11, conversions: "0", conversionValue: "0" },
      { campaignId: "1780000000001", day: "2026-03-02", spend: "90.4", impressions: 8012, clicks: 104, conversions: "4", conversionValue: "219.60" },
    ]);
  });

  it("sums today's hours per campaign into the running total, exactly", () => {
    expect(sumHours(hourly.data.list, "2026-03-03")).toEqual([
      { campaignId: "1780000000001", day: "2026-03-03", spend: "10.50", impressions: 945, clicks: 13, conversions: "3", conversionValue: "164.75" },
      { campaignId: "1780000000002", day: "2026-03-03", spend: "0.50", impressions: 40, clicks: 0, conversions: "0", conversionValue: "0" },
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
