import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { setOfflineRevenueInSales } from "@/lib/metrics/settings/change";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { expectAppError } from "../helpers";
import { D1, D2, D3, setup } from "../metrics/store-fixture";

// The workspace setting that counts offline revenue in total sales and MER, over the hand-built
// store of store-fixture.ts (total sales 192.45 over D1..D3), 50.00 of Google Ads spend and one
// won CRM deal of 1,000.00 USD closed on D2.

async function withSpendAndDeal(workspaceId: string) {
  const pool = getPool();
  await pool.query(
    `INSERT INTO ad_insights_daily (workspace_id, connection_id, platform, account_id, campaign_id, day, currency, spend, impressions, clicks, conversions, conversion_value)
     VALUES ($1, 'google-conn', 'google_ads', '1234567890', 'c1', $2, 'USD', 50.00, 1000, 10, 1, 10.00)`,
    [workspaceId, D1],
  );
  await pool.query(
    `INSERT INTO crm_deals (workspace_id, connection_id, external_id, name, amount_minor, currency, converted_minor, converted_currency, rate_day,
       pipeline_id, stage_id, status, channel, created_at, closed_at, updated_at)
     VALUES ($1, 'crm-conn', 'd1', 'Clinic order', 100000, 'USD', 100000, 'USD', $2, 'default', 'closedwon', 'won', 'crm',
       '2026-01-02 15:00:00', '2026-01-10 17:00:00', '2026-01-10 17:00:00')`,
    [workspaceId, D2],
  );
  await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
}

const METRICS = ["total_sales", "mer", "offline_revenue", "total_revenue"];
const RANGE = { date_from: D1, date_to: D3 };

describe("offline revenue in total sales and MER", () => {
  it("is shown apart by default, and counted in total sales and MER once the workspace says so", async () => {
    const workspaceId = await setup();
    await withSpendAndDeal(workspaceId);
    expect((await getMetricSettings(workspaceId)).offlineRevenueInSales).toBe(false);
    expect((await runReport(workspaceId, { ...RANGE, metrics: METRICS })).totals).toEqual({
      total_sales: "192.45",
      mer: "3.8490", // 192.45 / 50
      offline_revenue: "1000.00",
      total_revenue: "1192.45",
    });

    await setOfflineRevenueInSales(workspaceId, "on");
    // The cached report above is not reused: the setting is part of the key.
    expect((await runReport(workspaceId, { ...RANGE, metrics: METRICS })).totals).toEqual({
      total_sales: "1192.45", // 192.45 + 1000.00
      mer: "23.8490", // 1192.45 / 50
      offline_revenue: "1000.00",
      total_revenue: "1192.45",
    });
    // By day, the deal sits on the day it closed.
    const byDay = await runReport(workspaceId, { ...RANGE, metrics: ["total_sales"], group_by: "day" });
    const d2 = byDay.rows.find((r) => r.key === D2)!.values.total_sales;
    const d2Store = (await runReport(workspaceId, { date_from: D2, date_to: D2, metrics: ["net_sales", "shipping", "taxes"] })).totals;
    expect(Number(d2)).toBeCloseTo(Number(d2Store.net_sales) + Number(d2Store.shipping) + Number(d2Store.taxes) + 1000, 2);
    // Deals cannot be split by product group: total sales there is n/a rather than the store's alone.
    expect((await runReport(workspaceId, { ...RANGE, metrics: ["total_sales"], filters: { product_group: ["alpha"] } })).totals).toEqual({ total_sales: null });

    await setOfflineRevenueInSales(workspaceId, "off");
    expect((await runReport(workspaceId, { ...RANGE, metrics: ["total_sales", "mer"] })).totals).toEqual({ total_sales: "192.45", mer: "3.8490" });
  });

  it("refuses a value that is neither on nor off, naming the setting", async () => {
    const workspaceId = await setup();
    const error = await expectAppError(setOfflineRevenueInSales(workspaceId, "sometimes"), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["offlineRevenueInSales"]);
    expect((await getMetricSettings(workspaceId)).offlineRevenueInSales).toBe(false);
  });
});
