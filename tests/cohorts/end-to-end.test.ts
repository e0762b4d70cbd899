import { describe, expect, it } from "vitest";
import { upsertAdCampaigns, upsertAdInsights } from "@/lib/ads/ingest";
import { runCohortReport } from "@/lib/cohorts/report";
import { connectDemoStore } from "@/lib/connections/service";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { unique } from "../helpers";
import { line, order, refund } from "../metrics/store-fixture";

// The cohort report from real orders, through the sync's upserts and the rollup refresh that
// builds customers and cohort cells; every number worked out by hand. America/New_York; today is
// 2026-04-15, so January's cohort has reached offset 3 and February's offset 2.
const NOW = new Date("2026-04-15T16:00:00Z");

async function store(revenueBasis: "transaction_date" | "order_date") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
  await db.metricSettings.upsert({ where: { workspaceId: workspace.id }, create: { workspaceId: workspace.id, revenueBasis }, update: { revenueBasis } });
  const a = await connectDemoStore(workspace.id, { orders: 100 });
  const b = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Second store", credentials: "-" },
  });
  const at = new Date("2026-01-01T00:00:00Z");
  // Ann: two store ids, one in each store, and one email: one customer.
  await upsertCustomers({ workspaceId: workspace.id, connectionId: a.id }, [
    { externalId: 701n, email: "Ann@Example.com", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: at, updatedAt: at },
  ]);
  await upsertCustomers({ workspaceId: workspace.id, connectionId: b.id }, [
    { externalId: 9901n, email: "ann@example.com", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: at, updatedAt: at },
  ]);
  // Her first order at 23:30 on January 31 in New York (04:30 UTC, February 1): January's cohort.
  // Two Alpha Pro at 50.00 less 10.00 discount (net 90.00), each costing 20.00, and a shipping fee line.
  const alpha = { ...line(2001, "Alpha Pro", 2, "50.00", "10.00"), unitCost: "20.00" };
  const first = order(2001, "2026-02-01T04:30:00Z", { customerId: 701n, utmSource: "google" }, [alpha, line(2001, "Shipping Fee", 1, "7.50")]);
  // One Alpha Pro refunded on March 3 at 45.00 (its cost, 20.00, comes back with it).
  refund(first, 8001, "2026-03-03T15:00:00Z", "0.00", [{ line: alpha, quantity: 1, subtotal: "45.00", tax: "0.00" }]);
  // A fee-only order in February: never an order, never activity.
  const feeOnly = order(2002, "2026-02-10T15:00:00Z", { customerId: 701n }, [line(2002, "Shipping Fee", 1, "7.50")]);
  // Her second order, in the other store, on March 20: 30.00 without a known cost.
  const second = order(2003, "2026-03-20T15:00:00Z", { customerId: 9901n, utmSource: "facebook" }, [line(2003, "Alpha", 1, "30.00")]);
  // Bob: one 20.00 order on February 1, no email.
  const bob = order(2004, "2026-02-01T15:00:00Z", { customerId: 702n }, [line(2004, "Alpha", 1, "20.00")]);
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: a.id }, [first, feeOnly, bob]);
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: b.id }, [second]);

  // 40.00 of Google Ads spend in January; none in February.
  const ads = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "google_ads", externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
    select: { id: true },
  });
  const adScope = { workspaceId: workspace.id, connectionId: ads.id };
  await upsertAdCampaigns(adScope, [{ platform: "google_ads", accountId: "1", campaignId: "brand", name: "Brand" }]);
  await upsertAdInsights(adScope, [{
    platform: "google_ads", accountId: "1", campaignId: "brand", day: "2026-01-15", currency: "USD",
    spend: "40.00", impressions: 1000, clicks: 20, conversions: "1", conversionValue: "90.00",
  }]);
  await refreshDirtyRollups(workspace.id);
  return workspace.id;
}

const values = (row: { cells: { values: Record<string, unknown> }[] }, metric: string) => row.cells.map((c) => c.values[metric]);

describe("the cohort report from orders", () => {
  it("puts a 23:30 last-of-the-month first order in that month, merges one email's store ids and never counts a fee-only order", async () => {
    const ws = await store("transaction_date");
    const report = await runCohortReport(ws, { period: "month", metric: "ltv" }, { now: NOW });
    expect(report.rows.map((r) => [r.key, r.customers])).toEqual([["2026-01-01", 1], ["2026-02-01", 1]]);
    const [january, february] = report.rows;
    // February (offset 1) holds only the fee-only order: no activity. March (offset 2): the 45.00
    // refund on its own day and the 30.00 second order.
    expect(values(january!, "active_customers")).toEqual([1, 0, 1, 0]);
    expect(values(january!, "orders")).toEqual([1, 0, 1, 0]);
    expect(values(january!, "net_sales")).toEqual(["90.00", "0.00", "-15.00", "0.00"]);
    expect(values(january!, "ltv")).toEqual(["90.00", "90.00", "75.00", "75.00"]);
    expect(values(january!, "repeat_rate")).toEqual(["0.0000", "0.0000", "1.0000", "1.0000"]);
    expect(values(january!, "aov")).toEqual(["90.00", null, "-15.00", null]);
    // Gross profit: 90.00 - 2 × 20.00; then -45.00 + 20.00 back and 30.00 without a cost.
    expect(values(january!, "gross_profit_per_customer")).toEqual(["50.00", "50.00", "55.00", "55.00"]);
    expect(values(february!, "ltv")).toEqual(["20.00", "20.00", "20.00"]);
  });

  it("puts the refund on the order's day under the order-date basis", async () => {
    const ws = await store("order_date");
    const { rows } = await runCohortReport(ws, { period: "month", metric: "ltv" }, { now: NOW });
    expect(values(rows[0]!, "net_sales")).toEqual(["45.00", "0.00", "30.00", "0.00"]);
    expect(values(rows[0]!, "ltv")).toEqual(["45.00", "45.00", "75.00", "75.00"]);
  });

  it("divides January's ad spend by its one customer and leaves February's CAC n/a, never 0", async () => {
    const ws = await store("transaction_date");
    const { rows, total } = await runCohortReport(ws, { period: "month", metric: "ltv" }, { now: NOW });
    const [january, february] = rows;
    expect([january!.ad_spend, january!.cac, january!.payback_offset]).toEqual(["40.00", "40.00", 0]);
    // Through month 3 (offset 2, over): 75.00 / 40.00.
    expect(january!.ltv_cac).toEqual({ "3": "1.8750", "6": null, "12": null });
    expect([february!.ad_spend, february!.cac, february!.payback_offset, february!.ltv_cac["3"]]).toEqual([null, null, null, null]);
    // Both cohorts: 40.00 over 2 customers.
    expect(total!.cac).toBe("20.00");
  });

  it("cohorts customers by their first order's channel", async () => {
    const ws = await store("transaction_date");
    const report = await runCohortReport(ws, { period: "quarter", metric: "orders", cohort_by: "channel" }, { now: NOW });
    expect(report.rows.map((r) => [r.key, r.customers, r.cac])).toEqual([["direct", 1, null], ["google", 1, "40.00"]]);
    expect(values(report.rows.find((r) => r.key === "google")!, "orders")).toEqual([2, 0]);
  });
});
