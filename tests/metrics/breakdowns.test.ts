import { describe, expect, it } from "vitest";
import { resolvedMetrics } from "@/lib/metrics/definitions/catalog";
import { planReport } from "@/lib/metrics/report/plan";
import { runReport } from "@/lib/metrics/report/run";
import { ZReportRequestSchema } from "@/lib/metrics/report/schema";
import { workspaceOf } from "@/lib/metrics/report/workspace";
import { expectAppError } from "../helpers";
import { breakdownStore, MUG, TEE } from "./breakdown-fixture";
import { D1, D3 } from "./store-fixture";

const setup = async () => (await breakdownStore()).workspaceId;
const range = { date_from: D1, date_to: D3 };

describe("store breakdowns", () => {
  it("breaks sales down by product x country, with the refund on its order's country and the excluded line left out", async () => {
    const workspaceId = await setup();
    const report = await runReport(workspaceId, { ...range, metrics: ["net_sales", "gross_sales", "returns", "units", "orders"], group_by: "product,country" });
    expect(report.group_by).toBe("product");
    expect(report.then_by).toBe("country");
    expect(report.rows.map((r) => ({ keys: r.keys, labels: r.labels, values: r.values }))).toEqual([
      // Tee x US: 40.00 + 25.00 gross, 4.00 off; one row under its newest name.
      { keys: [String(TEE), "US"], labels: ["Classic Tee", "United States"], values: { net_sales: "61.00", gross_sales: "65.00", returns: "0.00", units: 3, orders: null } },
      // Mug x US: 15.00 + 30.00 gross, 3.00 off.
      { keys: [String(MUG), "US"], labels: ["Mug", "United States"], values: { net_sales: "42.00", gross_sales: "45.00", returns: "0.00", units: 3, orders: null } },
      // Tee x CA: sold 20.00, refunded 20.00 (on D3, inside the range).
      { keys: [String(TEE), "CA"], labels: ["Classic Tee", "Canada"], values: { net_sales: "0.00", gross_sales: "20.00", returns: "20.00", units: 1, orders: null } },
    ]);
    // Totals: every included line (the 5.00 fee is not one); orders from the order-level rollup.
    expect(report.totals).toEqual({ net_sales: "103.00", gross_sales: "130.00", returns: "20.00", units: 7, orders: 3 });
  });

  it("sums a product breakdown's totals from its rows when every metric is a line sum, to the same figures", async () => {
    const workspaceId = await setup();
    const workspace = await workspaceOf(workspaceId, {});
    const plan = (metrics: string[]) => planReport(workspace, ZReportRequestSchema.parse({ ...range, metrics, group_by: "product,country" }), resolvedMetrics([]));
    // One statement fewer: the sales totals are the rows' sum...
    expect(plan(["net_sales", "units", "returns"]).fromRows.map((s) => s.source)).toEqual(["sales"]);
    expect(plan(["net_sales", "units", "returns"]).passes.totals.specs).toEqual([]);
    // ...but not when a metric needs an order-level sum the product rollup does not hold.
    expect(plan(["net_sales", "orders"]).fromRows).toEqual([]);
    const report = await runReport(workspaceId, { ...range, metrics: ["net_sales", "units", "returns"], group_by: "product,country" });
    expect(report.totals).toEqual({ net_sales: "103.00", units: 7, returns: "20.00" });
  });

  it("keeps a product renamed mid-range as one row under its newest title", async () => {
    const workspaceId = await setup();
    const report = await runReport(workspaceId, { ...range, metrics: ["units", "net_sales"], group_by: "product" });
    expect(report.rows.map((r) => [r.key, r.label, r.values.units, r.values.net_sales])).toEqual([
      [String(TEE), "Classic Tee", 4, "61.00"],
      [String(MUG), "Mug", 3, "42.00"],
    ]);
  });

  it("splits order-level metrics by country, new vs returning customer and discount code", async () => {
    const workspaceId = await setup();
    const byCountry = await runReport(workspaceId, { ...range, metrics: ["orders", "net_sales"], group_by: "country" });
    expect(byCountry.rows.map((r) => [r.key, r.values.orders, r.values.net_sales])).toEqual([
      ["US", 2, "103.00"],
      ["CA", 1, "0.00"],
    ]);
    const byCustomer = await runReport(workspaceId, { ...range, metrics: ["orders", "gross_sales"], group_by: "customer_type" });
    expect(byCustomer.rows.map((r) => [r.key, r.label, r.values.orders, r.values.gross_sales])).toEqual([
      ["new", "New customers", 2, "75.00"],
      ["returning", "Returning customers", 1, "55.00"],
    ]);
    const byCode = await runReport(workspaceId, { ...range, metrics: ["orders"], group_by: "discount_code" });
    expect(byCode.rows.map((r) => [r.key, r.label, r.values.orders])).toEqual([
      ["", "No discount code", 2],
      ["SPRING", "SPRING", 1],
    ]);
    // Regions as ISO 3166-2 codes, so California is never Canada.
    const byRegion = await runReport(workspaceId, { ...range, metrics: ["orders", "gross_sales"], group_by: "country,region" });
    // One order each: ties in the first metric go by key.
    expect(byRegion.rows.map((r) => [r.key, r.values.orders, r.values.gross_sales])).toEqual([
      ["CA|CA-ON", 1, "20.00"],
      ["US|US-CA", 1, "55.00"],
      ["US|US-NY", 1, "55.00"], // O1: 40.00 + 15.00, the fee line left out
    ]);
    // A filter on a store dimension: the US only.
    const us = await runReport(workspaceId, { ...range, metrics: ["orders", "net_sales"], filters: { country: ["US"] } });
    expect(us.totals).toEqual({ orders: 2, net_sales: "103.00" });
    // Product x discount code has no rollup: n/a rather than a wrong figure.
    const mixed = await runReport(workspaceId, { ...range, metrics: ["net_sales"], group_by: "product,discount_code" });
    expect(mixed.rows).toEqual([]);
    expect(mixed.totals).toEqual({ net_sales: "103.00" });
  });

  it("refuses three dimensions, unknown ones, a repeated one and time beside another, naming the valid ones", async () => {
    const workspaceId = await setup();
    const three = await expectAppError(runReport(workspaceId, { ...range, metrics: ["units"], group_by: "product,country,region" }), "bad_request");
    expect(three.fields?.group_by).toMatch(/at most 2 dimensions.*product, variant, product_type, vendor, country, region/);
    const unknown = await expectAppError(runReport(workspaceId, { ...range, metrics: ["units"], group_by: "product,planet" }), "bad_request");
    expect(unknown.fields?.group_by).toMatch(/unknown dimension "planet".*Use one of: day, week/);
    const twice = await expectAppError(runReport(workspaceId, { ...range, metrics: ["units"], group_by: "country,country" }), "bad_request");
    expect(twice.fields?.group_by).toMatch(/named twice/);
    const time = await expectAppError(runReport(workspaceId, { ...range, metrics: ["units"], group_by: "day,product" }), "bad_request");
    expect(time.fields?.group_by).toMatch(/time unit \(day\)/);
  });
});
