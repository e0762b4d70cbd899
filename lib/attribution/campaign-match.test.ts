import { describe, expect, it } from "vitest";
import { campaignMatcher, clickPlatformOf } from "./campaign-match";

const campaigns = [
  { platform: "meta_ads", campaignId: "120001", name: "(Sale) My_Campaign_2025 | RU" },
  { platform: "google_ads", campaignId: "987", name: "Brand search" },
  { platform: "tiktok_ads", campaignId: "555", name: "sale my campaign 2025 ru" },
  { platform: "google_ads", campaignId: "120001", name: "Same id elsewhere" },
];

describe("matching a visit's campaign to an ad platform campaign", () => {
  const match = campaignMatcher(campaigns);

  it("prefers the campaign id the URL carried over any name", () => {
    expect(match({ utmId: "987", utmCampaign: "sale_my_campaign_2025_ru", clickPlatform: null })).toEqual({ platform: "google_ads", campaignId: "987", method: "id" });
    // A UTM campaign that is itself an id matches by id too.
    expect(match({ utmId: null, utmCampaign: " 987 ", clickPlatform: null })).toEqual({ platform: "google_ads", campaignId: "987", method: "id" });
  });

  it("compares names normalised on both sides", () => {
    expect(match({ utmId: null, utmCampaign: "BRAND-search", clickPlatform: null })).toEqual({ platform: "google_ads", campaignId: "987", method: "name" });
    expect(match({ utmId: "nope", utmCampaign: "Brand   Search!", clickPlatform: null })).toEqual({ platform: "google_ads", campaignId: "987", method: "name" });
  });

  it("breaks ties by the click id's platform, then by platform and id", () => {
    const name = " (sale) my campaign 2025 - ru ";
    expect(match({ utmId: null, utmCampaign: name, clickPlatform: "tiktok_ads" })).toEqual({ platform: "tiktok_ads", campaignId: "555", method: "name" });
    expect(match({ utmId: null, utmCampaign: name, clickPlatform: null })).toEqual({ platform: "meta_ads", campaignId: "120001", method: "name" });
    expect(match({ utmId: "120001", utmCampaign: null, clickPlatform: "meta_ads" })).toEqual({ platform: "meta_ads", campaignId: "120001", method: "id" });
    expect(match({ utmId: "120001", utmCampaign: null, clickPlatform: null })).toEqual({ platform: "google_ads", campaignId: "120001", method: "id" });
  });

  it("matches nothing without a campaign, or with an unknown one", () => {
    expect(match({ utmId: null, utmCampaign: null, clickPlatform: "google_ads" })).toBeNull();
    expect(match({ utmId: null, utmCampaign: "spring_launch", clickPlatform: null })).toBeNull();
    expect(match({ utmId: null, utmCampaign: " ()| ", clickPlatform: null })).toBeNull();
  });

  it("names each click id's platform", () => {
    expect(["gclid", "gbraid", "wbraid", "fbclid", "ttclid", "msclkid", null].map(clickPlatformOf)).toEqual([
      "google_ads", "google_ads", "google_ads", "meta_ads", "tiktok_ads", null, null,
    ]);
  });
});
