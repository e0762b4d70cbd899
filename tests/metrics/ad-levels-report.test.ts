import { describe, expect, it } from "vitest";
import { runReport } from "@/lib/metrics/report/run";
import { expectAppError } from "../helpers";
import { D1, D2, metaWorkspace } from "./ad-levels-fixture";

// The ad_group and ad breakdowns and filters over the mixed-level Meta account of ad-levels-fixture.ts.

const byKey = (rows: { key: string; label: string; values: Record<string, unknown> }[]) =>
  rows.map((r) => [r.key, r.label, r.values.ad_spend]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("ad group and ad breakdowns", () => {
  it("splits ad metrics by ad group and by ad, each from its own level, labelled by newest names", async () => {
    const { workspaceId } = await metaWorkspace();
    const range = { date_from: D1, date_to: D2, metrics: ["ad_spend"] };

    const groups = await runReport(workspaceId, { ...range, group_by: "ad_group" });
    // g1: its own rows 60.00 + 8.00; g2: 40.00; g3 has no ad set row, so its ads: 15.00 + 5.00; c3 whole: 30.00.
    expect(byKey(groups.rows)).toEqual([
      ["", "Campaign totals (no ad groups reported)", "30.00"],
      ["g1", "Lookalikes", "68.00"],
      ["g2", "Broad", "40.00"],
      ["g3", "Cart abandoners", "20.00"],
    ]);

    const ads = await runReport(workspaceId, { ...range, group_by: "ad" });
    // "" holds what no ad accounts for: g2's 40.00 and c3's 30.00.
    expect(byKey(ads.rows)).toEqual([
      ["", "Above the ad level (no ads reported)", "70.00"],
      ["a1", "Spring video", "43.00"],
      ["a2", "Carousel", "24.50"],
      ["a3", "Reminder", "15.00"],
      ["a4", "Discount", "5.00"],
    ]);

    // The campaign breakdown still reads each campaign's own level: c1 100.00 + 8.00, not its ad sets or ads added on.
    const campaigns = await runReport(workspaceId, { ...range, group_by: "campaign" });
    expect(byKey(campaigns.rows)).toEqual([
      ["c1", "Prospecting", "108.00"],
      ["c2", "Retargeting", "20.00"],
      ["c3", "Brand", "30.00"],
    ]);
  });

  it("pairs campaigns with ad groups, and ad groups with ads", async () => {
    const { workspaceId } = await metaWorkspace();
    const pairs = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["ad_spend", "clicks"], group_by: "campaign,ad_group" });
    expect(pairs.then_by).toBe("ad_group");
    expect(pairs.rows.map((r) => [r.keys, r.labels, r.values.ad_spend]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [["c1", "g1"], ["Prospecting", "Lookalikes"], "60.00"],
      [["c1", "g2"], ["Prospecting", "Broad"], "40.00"],
      [["c2", "g3"], ["Retargeting", "Cart abandoners"], "20.00"],
      [["c3", ""], ["Brand", "Campaign totals (no ad groups reported)"], "30.00"],
    ]);

    const adsOfGroup = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["ad_spend"], group_by: "ad_group,ad", filters: { ad_group: ["g1", "g2"] } });
    expect(adsOfGroup.rows.map((r) => [r.keys, r.values.ad_spend]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [["g1", "a1"], "35.00"],
      [["g1", "a2"], "24.50"],
      [["g2", ""], "40.00"],
    ]);
  });

  it("filters by ad group or ad, leaving metrics those cannot split n/a", async () => {
    const { workspaceId } = await metaWorkspace();
    const range = { date_from: D1, date_to: D2 };
    const group = await runReport(workspaceId, { ...range, metrics: ["ad_spend", "orders"], group_by: "campaign", filters: { ad_group: ["g1"] } });
    expect(group.rows.map((r) => [r.key, r.values])).toEqual([["c1", { ad_spend: "68.00", orders: null }]]);

    const ad = await runReport(workspaceId, { ...range, metrics: ["ad_spend", "clicks", "ctr"], filters: { ad: ["a1", "a3"] } });
    // a1: 35.00 + 8.00 over two days; a3: 15.00. Clicks 10 a row.
    expect(ad.totals).toMatchObject({ ad_spend: "58.00", clicks: 30 });
  });

  it("refuses an unknown dimension with a 400 listing ad_group and ad among the valid ones", async () => {
    const { workspaceId } = await metaWorkspace();
    const refused = await expectAppError(runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["ad_spend"], group_by: "creative" }), "bad_request");
    expect(refused.fields?.group_by).toContain("campaign, ad_group, ad, product_group");
  });
});
