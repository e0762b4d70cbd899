import { describe, expect, it } from "vitest";
import { parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { attributeOrders } from "@/lib/attribution/recompute";
import { storeStream } from "../funnels/support";
import { adDay, workspaceWithSpend } from "./screen-support";
import { ORDER_AT, attributionStore, before, placeOrder } from "./support";
import { unique } from "../helpers";

// The report the attribution page shows: our credit per row beside the ad platforms' spend and
// their own claims (ad_daily), with the difference, and why a workspace has nothing to show.

const query = (q: string) => parseAttributionQuery(new URLSearchParams(`date_from=2026-11-01&date_to=2026-11-30&${q}`));

describe("the attribution report beside the ad platforms", () => {
  it("puts spend, ROAS, CAC and the platforms' own conversions and ROAS beside our credit, with the difference", async () => {
    const { workspace } = await workspaceWithSpend();
    const report = await runAttributionReport(workspace.id, query("model=linear&window=7"));
    expect(report.empty).toBeNull();
    expect(report.rows).toEqual([
      {
        key: "email", label: "Email", attributed_orders: "0.5000", new_customer_orders: "0.5000", revenue: "5.00",
        ad_spend: null, roas: null, cac: null, platform_conversions: null, platform_roas: null, conversions_difference: null, roas_difference: null,
      },
      {
        key: "google", label: "Google", attributed_orders: "0.5000", new_customer_orders: "0.5000", revenue: "5.00",
        // 5 / 4; 4 / 0.5 new customers; the platform claims 3 conversions worth 30.
        ad_spend: "4.00", roas: "1.2500", cac: "8.00", platform_conversions: "3.0000", platform_roas: "7.5000", conversions_difference: "2.5000", roas_difference: "6.2500",
      },
      {
        // Spend that earned nothing here still has its row: EUR 2 at 1.1, the platform claiming 1 conversion worth EUR 8.
        key: "facebook", label: "Facebook", attributed_orders: "0.0000", new_customer_orders: "0.0000", revenue: "0.00",
        ad_spend: "2.20", roas: "0.0000", cac: null, platform_conversions: "1.0000", platform_roas: "4.0000", conversions_difference: "1.0000", roas_difference: "4.0000",
      },
    ]);
    // 10 / 6.20 = 1.6129; 38.80 / 6.20 = 6.2581.
    expect(report.totals).toEqual({
      attributed_orders: "1.0000", new_customer_orders: "1.0000", revenue: "10.00", ad_spend: "6.20", roas: "1.6129", cac: "6.20",
      platform_conversions: "4.0000", platform_roas: "6.2581", conversions_difference: "3.0000", roas_difference: "4.6452",
    });
    expect(report.warnings).toEqual([]);
  });

  it("joins campaigns by the matched campaign id, names them, and marks UTM campaigns that matched none", async () => {
    const { workspace } = await workspaceWithSpend();
    const report = await runAttributionReport(workspace.id, query("model=last_touch&window=7&group_by=campaign"));
    expect(report.rows.map((r) => [r.key, r.label, r.revenue, r.ad_spend, r.platform_conversions])).toEqual([
      ["utm:winter", "winter (not matched)", "10.00", null, null],
      ["987", "Brand search", "0.00", "4.00", "3.0000"],
      ["555", "Prospecting", "0.00", "2.20", "1.0000"],
    ]);
    const platforms = await runAttributionReport(workspace.id, query("model=first_touch&window=7&group_by=platform"));
    expect(platforms.rows.map((r) => [r.key, r.label, r.revenue, r.roas])).toEqual([
      ["google_ads", "Google Ads", "10.00", "2.5000"],
      ["meta_ads", "Meta Ads", "0.00", "0.0000"],
    ]);
  });

  it("leaves out spend it cannot convert, and says so", async () => {
    const { workspace } = await workspaceWithSpend();
    await adDay(workspace.id, { platform: "tiktok_ads", channel: "tiktok", campaign: "777", currency: "XAF", spend: "1000", conversions: "1", value: "0" });
    const report = await runAttributionReport(workspace.id, query("model=linear&window=7"));
    expect(report.rows.map((r) => r.key)).not.toContain("tiktok");
    expect(report.warnings).toEqual([expect.stringContaining("XAF")]);
  });

  it("says why there is nothing to attribute: no tracking, then tracking without a matched order", async () => {
    const { workspace, scope } = await attributionStore();
    await placeOrder(scope, 9201, ORDER_AT, "7.00");
    await attributeOrders(workspace.id, [{ connectionId: scope.connectionId, orderId: 9201n }]);
    const untracked = await runAttributionReport(workspace.id, query(""));
    expect(untracked).toMatchObject({ empty: "no_tracking", empty_message: expect.stringContaining("Settings → Tracking"), rows: [] });
    await storeStream(workspace.id, [{ at: before(1).toISOString(), visitor: unique("cid"), event: "page_view" }]);
    const unmatched = await runAttributionReport(workspace.id, query(""));
    expect(unmatched).toMatchObject({ empty: "no_matched_orders", match_rate: { orders: 1, matched_orders: 0, band: "low" } });
  });
});
