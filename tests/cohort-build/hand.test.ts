import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { db } from "@/lib/db/client";
import { line, order, refund } from "../metrics/store-fixture";

// Cohorts worked out by hand, in America/New_York (EST = UTC-5, EDT = UTC-4 from March 8 2026).

async function store(revenueBasis: "transaction_date" | "order_date") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
  await db.metricSettings.upsert({ where: { workspaceId: workspace.id }, create: { workspaceId: workspace.id, revenueBasis }, update: { revenueBasis } });
  const a = await connectDemoStore(workspace.id, { orders: 100 });
  const b = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: "second-store.myshopify.com", displayName: "Second store", credentials: "-" },
  });
  const now = new Date("2026-04-01T00:00:00Z");
  // One person, two store ids (one in each store), one email.
  await upsertCustomers({ workspaceId: workspace.id, connectionId: a.id }, [
    { externalId: 701n, email: "Ann@Example.com", firstOrderAt: null, ordersCount: 0, tags: ["vip"], createdAt: now, updatedAt: now },
  ]);
  await upsertCustomers({ workspaceId: workspace.id, connectionId: b.id }, [
    { externalId: 9901n, email: "ann@example.com", firstOrderAt: null, ordersCount: 0, tags: ["wholesale"], createdAt: now, updatedAt: now },
  ]);

  // Ann's first order: 23:30 on January 31 in New York (04:30 UTC on February 1): January's cohort.
  const first = line(2001, "Alpha Pro", 2, "50.00", "10.00");
  const o1 = order(2001, "2026-02-01T04:30:00Z", { customerId: 701n, utmSource: "google", discountCodes: ["WELCOME10"], countryCode: "US" }, [
    first, line(2001, "Shipping Fee", 1, "7.50"),
  ]);
  // Refunded on March 3: one Alpha Pro at 45.00.
  refund(o1, 8001, "2026-03-03T15:00:00Z", "0.00", [{ line: first, quantity: 1, subtotal: "45.00", tax: "0.00" }]);
  // A fee-only order in February: never counts.
  const fee = order(2002, "2026-02-10T15:00:00Z", { customerId: 701n }, [line(2002, "Shipping Fee", 1, "7.50")]);
  // Her second order, in the other store, in March: 30.00.
  const o3 = order(2003, "2026-03-20T15:00:00Z", { customerId: 9901n, utmSource: "facebook" }, [line(2003, "Alpha", 1, "30.00")]);
  // Bob: one order on February 1 (local), no email.
  const o4 = order(2004, "2026-02-01T15:00:00Z", { customerId: 702n }, [line(2004, "Alpha", 1, "20.00")]);
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: a.id }, [o1, fee, o4]);
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: b.id }, [o3]);
  await refreshDirtyRollups(workspace.id);
  return workspace.id;
}

type Cell = { segment: string; segment_value: string; cohort: string; period_offset: number; customers: number; active_customers: number; orders: number; new_repeaters: number; net_sales: string };

async function cells(workspaceId: string, grain: string, segment = "all"): Promise<Cell[]> {
  const { rows } = await getPool().query<Cell>(
    `SELECT segment, segment_value, to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders, new_repeaters, net_sales::text
     FROM cohort_cells WHERE workspace_id = $1 AND grain = $2 AND segment = $3 ORDER BY segment_value, cohort, period_offset`,
    [workspaceId, grain, segment],
  );
  return rows;
}

describe("cohort cells by hand", () => {
  it("puts a 23:30 last-of-the-month order in that month, merges one email's store ids, and skips fee-only orders", async () => {
    const ws = await store("transaction_date");
    expect(await cells(ws, "month")).toEqual([
      // January: Ann (first order 90.00 net: 2 × 50.00 - 10.00; the fee line is excluded).
      { segment: "all", segment_value: "all", cohort: "2026-01-01", period_offset: 0, customers: 1, active_customers: 1, orders: 1, new_repeaters: 0, net_sales: "90.0000" },
      // March (offset 2): the 45.00 refund on its own day, and her 30.00 second order (her first repeat).
      { segment: "all", segment_value: "all", cohort: "2026-01-01", period_offset: 2, customers: 0, active_customers: 1, orders: 1, new_repeaters: 1, net_sales: "-15.0000" },
      // February: Bob.
      { segment: "all", segment_value: "all", cohort: "2026-02-01", period_offset: 0, customers: 1, active_customers: 1, orders: 1, new_repeaters: 0, net_sales: "20.0000" },
    ]);
    const { rows } = await getPool().query(
      "SELECT customer_key LIKE 'e:%' AS by_email, cardinality(store_ids) AS ids, orders, net_sales::text, first_channel, first_discount_codes, country, tags FROM customer_profiles WHERE workspace_id = $1 ORDER BY orders DESC",
      [ws],
    );
    expect(rows).toEqual([
      { by_email: true, ids: 2, orders: 2, net_sales: "75.0000", first_channel: "google", first_discount_codes: ["WELCOME10"], country: "US", tags: ["vip", "wholesale"] },
      { by_email: false, ids: 1, orders: 1, net_sales: "20.0000", first_channel: "direct", first_discount_codes: [], country: null, tags: [] },
    ]);
    expect((await cells(ws, "month", "discount")).map((c) => [c.segment_value, c.cohort, c.period_offset, c.customers])).toEqual([
      ["no", "2026-02-01", 0, 1],
      ["yes", "2026-01-01", 0, 1],
      ["yes", "2026-01-01", 2, 0],
    ]);
    expect((await cells(ws, "month", "tag")).map((c) => c.segment_value)).toEqual(["vip", "vip", "wholesale", "wholesale"]);
  });

  it("puts the refund on the order's day under the order-date basis", async () => {
    const ws = await store("order_date");
    const month = await cells(ws, "month");
    expect(month.map((c) => [c.cohort, c.period_offset, c.active_customers, c.net_sales])).toEqual([
      ["2026-01-01", 0, 1, "45.0000"],
      ["2026-01-01", 2, 1, "30.0000"],
      ["2026-02-01", 0, 1, "20.0000"],
    ]);
    // Weeks start on Monday: January 31 2026 is a Saturday and Bob's February 1 a Sunday, both in the
    // week of January 26; March 20 is 7 weeks on.
    const weeks = await cells(ws, "week");
    expect(weeks.map((c) => [c.cohort, c.period_offset, c.customers, c.orders])).toEqual([["2026-01-26", 0, 2, 2], ["2026-01-26", 7, 0, 1]]);
    const quarters = await cells(ws, "quarter");
    expect(quarters.map((c) => [c.cohort, c.period_offset, c.customers, c.orders])).toEqual([["2026-01-01", 0, 2, 3]]);
  });

  it("moves a store id to its email's person when the email arrives later, and a rebuild agrees", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC" });
    const a = await connectDemoStore(workspace.id, { orders: 100 });
    const scope = { workspaceId: workspace.id, connectionId: a.id };
    const now = new Date("2026-04-01T00:00:00Z");
    await upsertCustomers(scope, [{ externalId: 1n, email: "c@example.com", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: now, updatedAt: now }]);
    await upsertOrderBundles(scope, [order(3001, "2026-01-05T10:00:00Z", { customerId: 1n }, [line(3001, "Alpha", 1, "10.00")])]);
    await upsertOrderBundles(scope, [order(3002, "2026-02-05T10:00:00Z", { customerId: 2n }, [line(3002, "Alpha", 1, "10.00")])]);
    await refreshDirtyRollups(workspace.id);
    expect((await cells(workspace.id, "month")).map((c) => [c.cohort, c.period_offset, c.customers])).toEqual([["2026-01-01", 0, 1], ["2026-02-01", 0, 1]]);
    // Store id 2 turns out to be the same person; their next order marks its day.
    await upsertCustomers(scope, [{ externalId: 2n, email: "C@example.com", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: now, updatedAt: now }]);
    await upsertOrderBundles(scope, [order(3003, "2026-03-05T10:00:00Z", { customerId: 2n }, [line(3003, "Alpha", 1, "10.00")])]);
    await refreshDirtyRollups(workspace.id);
    const incremental = await cells(workspace.id, "month");
    expect(incremental.map((c) => [c.cohort, c.period_offset, c.customers, c.orders])).toEqual([["2026-01-01", 0, 1, 1], ["2026-01-01", 1, 0, 1], ["2026-01-01", 2, 0, 1]]);
    await getPool().query("DELETE FROM cohort_cells WHERE workspace_id = $1", [workspace.id]);
    await getPool().query("DELETE FROM customer_profiles WHERE workspace_id = $1", [workspace.id]);
    await getPool().query("DELETE FROM customer_events WHERE workspace_id = $1", [workspace.id]);
    await rebuildRollups(workspace.id, { fromDay: "2026-01-01", toDay: "2026-03-31" });
    expect(await cells(workspace.id, "month")).toEqual(incremental);
  });

  it("merges a store id into its email's person when only the customer record changes", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC" });
    const a = await connectDemoStore(workspace.id, { orders: 100 });
    const scope = { workspaceId: workspace.id, connectionId: a.id };
    const now = new Date("2026-04-01T00:00:00Z");
    await upsertCustomers(scope, [{ externalId: 1n, email: "d@example.com", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: now, updatedAt: now }]);
    await upsertOrderBundles(scope, [
      order(4001, "2026-01-05T10:00:00Z", { customerId: 1n }, [line(4001, "Alpha", 1, "10.00")]),
      order(4002, "2026-02-05T10:00:00Z", { customerId: 2n }, [line(4002, "Alpha", 1, "10.00")]),
    ]);
    await refreshDirtyRollups(workspace.id);
    expect((await cells(workspace.id, "month")).map((c) => c.customers)).toEqual([1, 1]);
    // No new order: the store's customer record alone says id 2 has the same email, and a tag.
    const later = new Date("2026-04-02T00:00:00Z");
    await upsertCustomers(scope, [{ externalId: 2n, email: "d@example.com", firstOrderAt: null, ordersCount: 1, tags: ["vip"], createdAt: now, updatedAt: later }]);
    await refreshDirtyRollups(workspace.id);
    expect((await cells(workspace.id, "month")).map((c) => [c.cohort, c.period_offset, c.customers, c.orders])).toEqual([["2026-01-01", 0, 1, 1], ["2026-01-01", 1, 0, 1]]);
    expect((await cells(workspace.id, "month", "tag")).map((c) => [c.segment_value, c.period_offset])).toEqual([["vip", 0], ["vip", 1]]);
    // A prediction of the last fit survives the person's rebuild.
    await getPool().query("UPDATE customer_profiles SET p_active = 0.5, predicted_365 = 12.5, predicted_at = now() WHERE workspace_id = $1", [workspace.id]);
    await upsertOrderBundles(scope, [order(4003, "2026-03-05T10:00:00Z", { customerId: 2n }, [line(4003, "Alpha", 1, "10.00")])]);
    await refreshDirtyRollups(workspace.id);
    const { rows } = await getPool().query("SELECT orders, p_active, predicted_365::text FROM customer_profiles WHERE workspace_id = $1", [workspace.id]);
    expect(rows).toEqual([{ orders: 3, p_active: 0.5, predicted_365: "12.5000" }]);
  });
});
