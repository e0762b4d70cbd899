import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { expectAppError } from "../helpers";
import { D1, D2, D3, setup } from "./store-fixture";

// The report engine over the hand-built store of store-fixture.ts (New York days D1..D3), with
// ad and analytics facts added here. Every expected figure is worked out in the comments.

async function withAdsAndTraffic(workspaceId: string) {
  const google = await db.connection.create({
    data: { workspaceId, provider: "google_ads", externalAccountId: "123-456-7890", displayName: "Google Ads", credentials: "-", currency: "USD" },
  });
  const ga4 = await db.connection.create({
    data: { workspaceId, provider: "google_analytics", externalAccountId: "properties/1", displayName: "GA4", credentials: "-" },
  });
  const pool = getPool();
  await pool.query(
    `INSERT INTO ad_campaigns (workspace_id, connection_id, platform, account_id, campaign_id, name, status, updated_at) VALUES
       ($1, $2, 'google_ads', '1234567890', 'c1', 'Brand search', 'enabled', now()),
       ($1, $2, 'google_ads', '1234567890', 'c2', 'Shopping', 'enabled', now())`,
    [workspaceId, google.id],
  );
  await pool.query(
    `INSERT INTO ad_insights_daily (workspace_id, connection_id, platform, account_id, campaign_id, day, currency, spend, impressions, clicks, conversions, conversion_value) VALUES
       ($1, $2, 'google_ads', '1234567890', 'c1', $3, 'USD', 30.00, 10000, 200, 2.5, 90.00),
       ($1, $2, 'google_ads', '1234567890', 'c2', $4, 'USD', 20.00, 5000, 50, 1.25, 10.00)`,
    [workspaceId, google.id, D1, D2],
  );
  await pool.query(
    `INSERT INTO traffic_daily (workspace_id, connection_id, day, channel_group, source, medium, sessions, users, transactions, purchase_revenue, currency) VALUES
       ($1, $2, $3, 'Paid Search', 'google', 'cpc', 100, 90, 1, 50.00, 'USD'),
       ($1, $2, $3, 'Direct', '(direct)', '(none)', 50, 45, 1, 30.00, 'USD'),
       ($1, $2, $4, 'Paid Search', 'google', 'cpc', 50, 40, 1, 80.00, 'USD'),
       ($1, $2, $5, 'Organic Social', 'l.facebook.com', 'referral', 50, 50, 0, 0, 'USD')`,
    [workspaceId, ga4.id, D1, D2, D3],
  );
  await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
}

describe("report engine", () => {
  it("breaks metrics down by day and compares with the previous period", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: "2026-01-01", toDay: D3 });
    const report = await runReport(workspaceId, {
      date_from: D2, date_to: D3, metrics: ["gross_sales", "orders", "new_customers", "returning_customers"], group_by: "day", compare: "previous_period",
    });
    // Two days back from D2..D3: 2026-01-08..D1, which holds B and C (60.00 + 37.50, customers 502 and 503 new).
    expect(report.compare_range).toEqual({ date_from: "2026-01-08", date_to: D1, until: null, label: "8–9 Jan 2026" });
    expect(report.compare_totals).toEqual({ gross_sales: "97.50", orders: 2, new_customers: 2, returning_customers: 0 });
    // D2: D 99.99 + F 30.00, 505 new and 501 returning; D3: H 20.00, 502 returning (first order D1).
    // Beside them, day by day: 2026-01-08 (no orders) and D1 (B and C).
    expect(report.rows).toEqual([
      {
        key: D2, label: D2, values: { gross_sales: "129.99", orders: 2, new_customers: 1, returning_customers: 1 },
        compare_key: "2026-01-08", compare: { gross_sales: "0.00", orders: 0, new_customers: 0, returning_customers: 0 },
      },
      {
        key: D3, label: D3, values: { gross_sales: "20.00", orders: 1, new_customers: 0, returning_customers: 1 },
        compare_key: D1, compare: { gross_sales: "97.50", orders: 2, new_customers: 2, returning_customers: 0 },
      },
    ]);
    // The period counts each customer once: 501 and 502 are both returning over D2..D3.
    expect(report.totals).toEqual({ gross_sales: "149.99", orders: 3, new_customers: 1, returning_customers: 2 });
    expect(report).toMatchObject({ currency: "USD", time_zone: "America/New_York", group_by: "day" });
  });

  it("counts customers per week from the week's first day, and fills empty buckets", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    const weeks = await runReport(workspaceId, {
      date_from: D1, date_to: "2026-01-14", metrics: ["new_customers", "returning_customers", "repeat_rate"], group_by: "week",
    });
    // D1..D3 (Fri..Sun) fall in the week of Monday 2026-01-05; the range starts on D1, so 502
    // (first order D1, again D3) is new there, not returning. The next week is empty.
    expect(weeks.rows).toEqual([
      { key: "2026-01-05", label: "Week of 2026-01-05", values: { new_customers: 3, returning_customers: 1, repeat_rate: "0.2500" } },
      { key: "2026-01-12", label: "Week of 2026-01-12", values: { new_customers: 0, returning_customers: 0, repeat_rate: null } },
    ]);
    const previousYear = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["orders", "aov"], compare: "previous_year" });
    expect(previousYear.compare_range).toEqual({ date_from: "2025-01-09", date_to: "2025-01-11", until: null, label: "9–11 Jan 2025" });
    expect(previousYear.compare_totals).toEqual({ orders: 0, aov: null });
  });

  it("adds the comparison's days up into the weeks they stand beside; customer counts there are n/a", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: "2026-01-01", toDay: "2026-01-18" });
    // The week of 12 January against the seven days before it, which hold D1..D3.
    const report = await runReport(workspaceId, {
      date_from: "2026-01-12", date_to: "2026-01-18", metrics: ["gross_sales", "orders", "new_customers"], group_by: "week", compare: "previous_period",
    });
    const before = await runReport(workspaceId, { date_from: "2026-01-05", date_to: "2026-01-11", metrics: ["gross_sales", "orders"] });
    expect(before.totals.orders).toBe(5);
    expect(report.rows).toEqual([
      {
        key: "2026-01-12", label: "Week of 2026-01-12", values: { gross_sales: "0.00", orders: 0, new_customers: 0 },
        compare: { gross_sales: before.totals.gross_sales, orders: before.totals.orders, new_customers: null },
      },
    ]);
  });

  it("compares today so far with yesterday until the same local time", async () => {
    const workspaceId = await setup();
    await withAdsAndTraffic(workspaceId);
    const metrics = ["gross_sales", "returns", "orders", "returning_customers", "ad_spend"];
    const today = (now: string) => runReport(workspaceId, { date_from: D3, date_to: D3, metrics, compare: "previous_period", period: "today" }, { now: new Date(now) });

    // 10:00 in New York on D3. Until 10:00 on D2 only D (00:00, 99.99, returning 501) had happened.
    const atTen = await today("2026-01-11T15:00:00Z");
    expect(atTen.compare_range).toEqual({ date_from: D2, date_to: D2, until: "10:00", label: "10 Jan 2026 until 10:00" });
    expect(atTen.compare_totals).toEqual({ gross_sales: "99.99", returns: "0.00", orders: 1, returning_customers: 1, ad_spend: null });
    expect(atTen.warnings).toContain(`Ad and traffic figures have no time of day, so Ad spend is not compared with ${D2} until 10:00.`);
    // 11:30: F (11:00, 30.00) too, but not its refund (12:00).
    const atHalfPastEleven = await today("2026-01-11T16:30:00Z");
    expect(atHalfPastEleven.compare_totals).toEqual({ gross_sales: "129.99", returns: "0.00", orders: 2, returning_customers: 1, ad_spend: null });

    // The whole of D2 is untouched in the rollups, and is what a past day is compared with.
    const wholeD2 = await runReport(workspaceId, { date_from: D2, date_to: D2, metrics: ["gross_sales", "returns", "orders"] });
    expect(wholeD2.totals).toEqual({ gross_sales: "129.99", returns: "30.00", orders: 2 });
    const pastDay = await runReport(workspaceId, { date_from: D3, date_to: D3, metrics, compare: "previous_period", period: "today" }, { now: new Date("2026-01-12T15:00:00Z") });
    expect(pastDay.compare_range).toMatchObject({ until: null, label: "10 Jan 2026" });
    expect(pastDay.compare_totals).toMatchObject({ gross_sales: "129.99", returns: "30.00", orders: 2, ad_spend: "20.00" });
  });

  it("ranks channels by the first metric and labels them", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    const report = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["net_sales", "orders"], group_by: "channel", compare: "previous_period" });
    // google: (60.00 + 99.99 + 20.00) - (6.00 + 10.00) - 27.00 = 136.99 over B, D, H;
    // direct: C 37.50 (G is fee-only: no order); facebook: F 30.00 - 30.00 returned = 0.00.
    expect(report.rows.map((r) => [r.key, r.label, r.values, r.compare])).toEqual([
      ["google", "Google", { net_sales: "136.99", orders: 3 }, { net_sales: "0.00", orders: 0 }],
      ["direct", "Direct", { net_sales: "37.50", orders: 1 }, { net_sales: "0.00", orders: 0 }],
      ["facebook", "Facebook", { net_sales: "0.00", orders: 1 }, { net_sales: "0.00", orders: 0 }],
    ]);
  });

  it("computes product group metrics and breaks sales down by group", async () => {
    const workspaceId = await setup();
    await db.productGroup.create({
      data: { workspaceId, key: "alpha", name: "Alpha line", rules: [{ field: "title", value: "alpha pro" }, { field: "sku", value: "SKU-Alpha" }] },
    });
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    // Alpha lines: B 2 x 30.00 (6.00 off, one returned: 27.00), D 99.99 (10.00 off), F 30.00
    // (returned 30.00), H 20.00. Net = 209.99 - 16.00 - 57.00 = 136.99; units 2 + 1 + 1 + 1 = 5.
    const report = await runReport(workspaceId, {
      date_from: D1, date_to: D3, metrics: ["product_group_sales:alpha", "product_group_units:alpha", "net_sales"],
    });
    expect(report.totals).toEqual({ "product_group_sales:alpha": "136.99", "product_group_units:alpha": 5, net_sales: "174.49" });
    expect(report.metrics[0]).toMatchObject({ id: "product_group_sales:alpha", label: "Alpha line: net sales", format: "money" });

    const byGroup = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["net_sales", "orders", "units", "new_customers"], group_by: "product_group" });
    // Customers can't be split by product group: n/a, not a wrong count. Totals stay the store's.
    expect(byGroup.rows).toEqual([{ key: "alpha", label: "Alpha line", values: { net_sales: "136.99", orders: 4, units: 5, new_customers: null } }]);
    expect(byGroup.totals).toEqual({ net_sales: "174.49", orders: 5, units: 8, new_customers: 3 });

    await db.productGroup.deleteMany({ where: { workspaceId, key: "alpha" } });
    await expectAppError(runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["product_group_sales:alpha"] }), "bad_request");
  });

  it("takes unit costs from overrides and warns about units without one", async () => {
    const workspaceId = await setup();
    await db.unitCost.create({ data: { workspaceId, field: "title", value: "alpha", unitCost: "40.00" } });
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    const report = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["cogs", "gross_profit"] });
    // D and H sell one "Alpha" each at 40.00 cost; nothing with a cost was returned.
    expect(report.totals).toEqual({ cogs: "80.00", gross_profit: "94.49" }); // 174.49 - 80.00
    // 8 units sold, 2 with a cost.
    expect(report.warnings).toEqual([expect.stringContaining("6 units sold have no known unit cost")]);
  });

  it("computes ad and traffic metrics, and n/a where a source can't be split", async () => {
    const workspaceId = await setup();
    await withAdsAndTraffic(workspaceId);
    const metrics = ["ad_spend", "ad_revenue", "roas", "mer", "cpc", "cpm", "ctr", "cpa", "ad_conversions", "impressions", "clicks", "romi", "sessions", "conversion_rate", "cac", "contribution_margin"];
    const report = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics });
    expect(report.totals).toEqual({
      ad_spend: "50.00", ad_revenue: "100.00",
      roas: "2.0000", // 100 / 50
      mer: "3.8490", // total sales 192.45 / 50
      cpc: "0.20", // 50 / 250
      cpm: "3.33", // 50 x 1000 / 15000 = 3.3333, in cents
      ctr: "0.0167", // 250 / 15000
      cpa: "13.33", // 50 / 3.75 = 13.3333, in cents
      ad_conversions: 4, // 3.75 rounded
      impressions: 15000, clicks: 250,
      romi: "1.0000", // (100 - 50) / 50
      sessions: 250, conversion_rate: "0.0200", // 5 orders / 250 sessions
      cac: "16.67", // 50 / 3 new customers = 16.6667, in cents
      contribution_margin: "124.49", // net 174.49 - cogs 0 - spend 50
    });
    expect(report.freshness.restatable_from).not.toBeNull();
    // Store sales are final; only ad platforms restate, so a sales-only report marks no days.
    const sales = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["total_sales"] });
    expect(sales.freshness.restatable_from).toBeNull();

    // Channels line up across sources: google ads spend, google orders, google sessions.
    const google = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["total_sales", "ad_spend", "mer", "sessions", "conversion_rate"], filters: { channel: ["google"] } });
    // google sales: net 136.99 + shipping (4.99 - 4.99) + taxes (4.32 + 7.20 - 2.16) = 146.35
    expect(google.totals).toEqual({ total_sales: "146.35", ad_spend: "50.00", mer: "2.9270", sessions: 150, conversion_rate: "0.0200" });

    // Sales can't be filtered by ad platform; ad spend can.
    const byPlatform = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["ad_spend", "total_sales"], filters: { platform: ["google_ads"] } });
    expect(byPlatform.totals).toEqual({ ad_spend: "50.00", total_sales: null });

    const campaigns = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["ad_spend", "roas", "orders"], group_by: "campaign" });
    expect(campaigns.rows).toEqual([
      { key: "c1", label: "Brand search", values: { ad_spend: "30.00", roas: "3.0000", orders: null } },
      { key: "c2", label: "Shopping", values: { ad_spend: "20.00", roas: "0.5000", orders: null } },
    ]);
    // The documented aliases answer with the canonical ids: revenue is ad revenue, campaign_name the campaign breakdown.
    const aliased = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["romi", "revenue", "ad_revenue"], group_by: "campaign_name" });
    expect(aliased.group_by).toBe("campaign");
    expect(aliased.metrics.map((m) => m.id)).toEqual(["romi", "ad_revenue"]);
    expect(aliased.rows.map((r) => r.label)).toEqual(["Brand search", "Shopping"]);
    const byName = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["ad_spend"], filters: { campaign: ["shopping"] } });
    expect(byName.totals).toEqual({ ad_spend: "20.00" });

    const sessions = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["sessions", "orders", "conversion_rate"], group_by: "channel" });
    expect(sessions.rows.map((r) => [r.key, r.values])).toEqual([
      ["google", { sessions: 150, orders: 3, conversion_rate: "0.0200" }],
      ["direct", { sessions: 50, orders: 1, conversion_rate: "0.0200" }],
      ["facebook", { sessions: 50, orders: 1, conversion_rate: "0.0200" }],
    ]);
  });

  it("answers GA4's visitors for one day only, since its daily unique counts never add up across days", async () => {
    const workspaceId = await setup();
    await withAdsAndTraffic(workspaceId);
    // D1: 90 + 45 GA4 users; D2: 40. Over D1..D3 the days' counts would double-count returning people.
    const day = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["visitors", "sessions"], compare: "previous_period" });
    expect(day.totals).toEqual({ visitors: 135, sessions: 150 });
    // The day before D1 has no traffic: a single day, so a count (0), not n/a.
    expect(day.compare_totals).toEqual({ visitors: 0, sessions: 0 });
    const range = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors", "sessions"], compare: "previous_period" });
    expect(range.totals).toEqual({ visitors: null, sessions: 250 });
    // The three days before hold no GA4 day and no tracked visitor: nobody, which is a count.
    expect(range.compare_totals).toEqual({ visitors: 0, sessions: 0 });
    const byDay = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "day" });
    expect(byDay.rows.map((r) => [r.key, r.values.visitors])).toEqual([[D1, 135], [D2, 40], [D3, 50]]);
    const byWeek = await runReport(workspaceId, { date_from: D1, date_to: D3, metrics: ["visitors"], group_by: "week" });
    expect(byWeek.rows.every((r) => r.values.visitors === null)).toBe(true);
  });

  it("rejects bad requests with the parameter's name", async () => {
    const workspaceId = await setup();
    const bad = async (request: Record<string, unknown>, field: string) => {
      const error = await expectAppError(runReport(workspaceId, request as never), "bad_request");
      expect(Object.keys(error.fields ?? {})).toContain(field);
      return error;
    };
    const unknown = await bad({ date_from: D1, date_to: D3, metrics: ["revenu"] }, "metrics");
    expect(unknown.message).toContain('unknown metric "revenu" (did you mean revenue?)');
    expect(unknown.message).toContain("total_sales");
    expect(unknown.message).toContain("revenue (= ad_revenue)");
    const dimension = await bad({ date_from: D1, date_to: D3, metrics: ["orders"], group_by: "campaigns" }, "group_by");
    expect(dimension.fields?.group_by).toContain('unknown dimension "campaigns". Did you mean campaign');
    expect(dimension.fields?.group_by).toContain("campaign_name (= campaign)");
    await bad({ date_from: D1, date_to: D3, metrics: ["orders"], group_by: "galaxy" }, "group_by");
    // Only the malformed date is named, not the order check that can't be made.
    expect(Object.keys((await bad({ date_from: "2026-13-01", date_to: D1, metrics: ["orders"] }, "date_from")).fields ?? {})).toEqual(["date_from"]);
    await bad({ date_from: D3, date_to: D1, metrics: ["orders"] }, "date_to");
    await bad({ date_from: "2020-01-01", date_to: "2025-01-01", metrics: ["orders"] }, "date_to");
    await bad({ date_from: D1, date_to: D3, metrics: [] }, "metrics");
    // Exactly five years is allowed.
    await expect(runReport(workspaceId, { date_from: "2021-01-01", date_to: "2025-12-31", metrics: ["orders"] })).resolves.toBeTruthy();
    await expectAppError(runReport("no-such-workspace", { date_from: D1, date_to: D3, metrics: ["orders"] }), "not_found");
  });
});

describe("report engine across days", () => {
  it("puts the day boundary at the workspace's local midnight", async () => {
    const workspaceId = await setup();
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    // C is at 23:59:59 New York time on D1 (04:59:59 UTC on D2); D at 00:00:00 on D2.
    const d1 = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics: ["orders", "gross_sales"] });
    const d2 = await runReport(workspaceId, { date_from: D2, date_to: D2, metrics: ["orders", "gross_sales"] });
    expect(d1.totals).toEqual({ orders: 2, gross_sales: "97.50" });
    expect(d2.totals).toEqual({ orders: 2, gross_sales: "129.99" });
  });
});
