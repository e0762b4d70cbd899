import { describe, expect, it } from "vitest";
import { ZAdCampaign, ZAdInsight } from "@/lib/connectors/contracts/ad-facts";
import { adAccountsToProviderAccounts, insightsToAdStats } from "@/lib/connectors/meta/transform";
import page1 from "../fixtures/meta/insights_page1.json";
import page2 from "../fixtures/meta/insights_page2.json";
import accounts1 from "../fixtures/meta/me_adaccounts_page1.json";
import accounts2 from "../fixtures/meta/me_adaccounts_page2.json";
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

describe("Meta ad accounts transform", () => {
  it("maps /me/adaccounts to picker entries with currency, time zone and status", () => {
    expect(adAccountsToProviderAccounts([...accounts1.data, ...accounts2.data])).toEqual([
      { id: "act_1029384756", name: "Acme Store", currency: "USD", timeZone: "America/Los_Angeles", status: "active" },
      { id: "act_5566778899", name: "Acme EU", currency: "EUR", timeZone: "Europe/Berlin", status: "disabled" },
      { id: "act_3141592653", name: "Acme Outlet", currency: "GBP", timeZone: "Europe/London", status: "closed" },
    ]);
  });
});
