import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { planReport } from "@/lib/metrics/report/plan";
import { runReport } from "@/lib/metrics/report/run";
import { ZReportRequestSchema, type TReportRequest } from "@/lib/metrics/report/schema";
import { productGroupsOf, workspaceOf } from "@/lib/metrics/report/workspace";
import { resolvedMetrics } from "@/lib/metrics/definitions/catalog";
import { addDays, localDate } from "@/lib/time/zone";
import { demoWorkspace } from "./demo-workspace";

// Long ranges read whole months and weeks from the period rollups. Every answer must be the one
// the daily rollups give, whatever the range's edges, breakdown, filters or time zone.

const METRICS = [
  "total_sales", "net_sales", "gross_sales", "orders", "aov", "units", "cogs", "ad_spend", "ad_revenue", "roas", "mer",
  "impressions", "clicks", "sessions", "conversion_rate", "new_customers", "returning_customers", "product_group_sales:alpha",
];

function requests(today: string): TReportRequest[] {
  const ranges: [string, string][] = [
    [addDays(today, -730), addDays(today, -1)], // two years, ending mid-month
    [addDays(today, -400), addDays(today, -35)],
    ["2025-03-01", "2025-08-31"], // whole months only
    ["2025-02-28", "2025-09-01"], // a day either side of whole months
    ["2025-06-02", "2025-06-29"], // Monday to Sunday inside one month: weeks only
    ["2025-06-04", "2025-06-13"], // less than a week past its Monday: days only
    ["2024-12-30", "2025-01-05"], // one week across a year
  ];
  const shapes: Omit<TReportRequest, "date_from" | "date_to">[] = [
    { metrics: METRICS, compare: "previous_period" },
    { metrics: METRICS, group_by: "channel", compare: "previous_year" },
    { metrics: ["ad_spend", "ad_revenue", "roas", "clicks"], group_by: "platform" },
    { metrics: ["ad_spend", "ad_conversions"], group_by: "campaign", filters: { platform: ["tiktok_ads"] } },
    { metrics: ["net_sales", "orders", "units"], group_by: "product_group" },
    { metrics: ["total_sales", "sessions", "ad_spend"], filters: { channel: ["google"] } },
    { metrics: ["net_sales", "gross_sales"], filters: { product_group: ["alpha"] } },
    // The store breakdowns' own week and month rollups.
    { metrics: ["net_sales", "units", "returns", "cogs"], group_by: "product,country" },
    { metrics: ["net_sales", "units"], group_by: "product", filters: { channel: ["google", "email"] } },
    { metrics: ["orders", "net_sales", "total_sales", "shipping"], group_by: "customer_type", filters: { country: ["US"] } },
    { metrics: ["net_sales", "units"], group_by: "variant", filters: { product_type: ["Hearing Aid"] } },
  ];
  return ranges.flatMap(([date_from, date_to]) => shapes.map((shape) => ({ ...shape, date_from, date_to })));
}

describe("period rollups", () => {
  it.each(["America/New_York", "Pacific/Kiritimati"])("answer exactly as the daily rollups do (%s)", async (timeZone) => {
    const workspace = await demoWorkspace(timeZone);
    const periods = await getPool().query<{ grain: string; n: string }>("SELECT grain, count(*)::text AS n FROM sales_periods WHERE workspace_id = $1 GROUP BY grain", [
      workspace.id,
    ]);
    expect(periods.rows.map((r) => r.grain).sort()).toEqual(["month", "week"]);
    for (const table of ["product_sales_periods", "product_country_periods", "order_sales_periods"]) {
      const held = await getPool().query<{ grain: string }>(`SELECT DISTINCT grain FROM ${table} WHERE workspace_id = $1`, [workspace.id]);
      expect(held.rows.map((r) => r.grain).sort(), table).toEqual(["month", "week"]);
    }

    const loaded = await workspaceOf(workspace.id, {});
    expect(loaded.periodsReady).toBe(true);
    const groups = await productGroupsOf(workspace.id, {});
    let split = 0;
    let storeSplit = 0;
    for (const request of requests(localDate(new Date(), timeZone))) {
      const plan = planReport(loaded, ZReportRequestSchema.parse(request), resolvedMetrics(groups));
      if (plan.passes.totals.split || plan.passes.rows?.split) split++;
      if (plan.passes.rows?.split && plan.passes.rows.salesTable !== "sales_daily") storeSplit++;
      const [fromPeriods, fromDays] = await Promise.all([runReport(workspace.id, request), runReport(workspace.id, request, { dailyOnly: true })]);
      expect({ request, report: fromPeriods }).toEqual({ request, report: fromDays });
    }
    // Most of the ranges above do read the period rollups (the day-only one does not).
    expect(split).toBeGreaterThanOrEqual(5 * 7);
    expect(storeSplit).toBeGreaterThanOrEqual(5 * 3);
  }, 240_000);
});
