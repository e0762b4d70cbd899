import { describe, expect, it } from "vitest";
import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { getPool } from "@/lib/db/pool";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { DEFAULT_METRIC_SETTINGS } from "@/lib/metrics/settings/store";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { loadDemoStore } from "../../bench/cohorts-load";
import { comparable, rawMonthlyCells, rollupMonthlyCells, type RawContext } from "../../bench/cohorts-raw";
import { bundle } from "../sync/fake-source";

// bench:cohorts times the cohort report against a GROUP BY over the raw facts; the comparison is
// only fair if both compute the same cells. Here they are held against each other on a small
// demo store (refunds, fee-only and test orders, repeat customers) plus a person merged from two
// store ids by email, under both revenue bases.

const query = <R,>(sql: string, params: unknown[]) => getPool().query(sql, params) as unknown as Promise<{ rows: R[] }>;

function order(id: number, at: string, customerId: bigint, refundAt?: string): OrderBundle {
  const b = bundle(id, new Date(at), { customerId });
  if (refundAt) {
    const line = b.lineItems[0]!;
    b.refunds = [{ externalId: BigInt(id * 10), orderId: b.order.externalId, createdAt: new Date(refundAt), processedAt: null, totalRefunded: "50.00", shippingRefunded: "0.00", currency: "USD" }];
    b.refundLineItems = [{ externalId: BigInt(id * 100), refundId: BigInt(id * 10), orderId: b.order.externalId, lineItemId: line.externalId, quantity: 1, subtotal: "30.00", totalTax: "0.00", restockType: "RETURN" }];
  }
  return b;
}

describe("the raw cohort query of bench:cohorts", () => {
  it("computes the same monthly cells as the cohort rollup", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
    const demo = { workspaceId: workspace.id, connectionId: "demo-store" };
    const loaded = await loadDemoStore(demo, { customers: 300, seed: 11, endDate: new Date("2026-11-01T05:00:00Z") });
    expect(loaded.customers).toBeGreaterThan(280);

    // One person under two store ids (one email), ordering in two months, refunded a month later.
    const other = { workspaceId: workspace.id, connectionId: "second-store" };
    await upsertOrderBundles(other, [order(91, "2026-03-31T03:30:00Z", 501n), order(92, "2026-05-10T15:00:00Z", 502n, "2026-06-02T12:00:00Z")]);
    const fact = (externalId: bigint) => ({ externalId, email: "same@example.test", firstOrderAt: null, ordersCount: 1, tags: [], createdAt: new Date("2026-01-01T00:00:00Z"), updatedAt: new Date("2026-01-01T00:00:00Z") });
    await upsertCustomers(other, [fact(501n), fact(502n)]);

    const range = { fromDay: "2024-10-01", toDay: "2026-11-30" };
    const ctx: RawContext = { workspaceId: workspace.id, timeZone: "America/New_York", currency: "USD", revenueBasis: "transaction_date", excluded: DEFAULT_METRIC_SETTINGS.excludedLineItems };
    for (const revenueBasis of ["transaction_date", "order_date"] as const) {
      await rebuildRollups(workspace.id, range, { settings: { ...DEFAULT_METRIC_SETTINGS, revenueBasis } });
      const rollup = await rollupMonthlyCells(query, workspace.id, "2024-10-01", "2026-11-01");
      const raw = await rawMonthlyCells(query, { ...ctx, revenueBasis }, "2024-10-01", "2026-11-01");
      expect(rollup.length).toBeGreaterThan(50);
      expect(rollup.reduce((n, c) => n + c.new_repeaters, 0)).toBeGreaterThan(10);
      expect(comparable(raw)).toEqual(comparable(rollup));
    }
    // The merged person is one customer of the March 2026 cohort (23:30 New York on 30 March).
    const march = await rawMonthlyCells(query, ctx, "2026-03-01", "2026-03-01");
    const marchRollup = await rollupMonthlyCells(query, workspace.id, "2026-03-01", "2026-03-01");
    expect(march.find((c) => c.period_offset === 2)?.new_repeaters).toBeGreaterThanOrEqual(1);
    expect(marchRollup.length).toBeGreaterThan(0);
  }, 120_000);
});
