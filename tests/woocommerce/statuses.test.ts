import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import order from "@/lib/connectors/woocommerce/fixtures/order.json";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "@/lib/connectors/woocommerce/demo/server";
import type { WooOrder } from "@/lib/connectors/woocommerce/shapes";
import { gmtText, orderToBundle } from "@/lib/connectors/woocommerce/transform";
import { db } from "@/lib/db/client";
import { parseDecimal, formatDecimal } from "@/lib/metrics/definitions/decimal";
import { runReport } from "@/lib/metrics/report/run";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertOrderBundles } from "@/lib/stores/ingest";

// Every WooCommerce status, each on one copy of the recorded order (placed 2026-03-02 00:30 in
// Auckland): what is stored, what the figures count, and what the exception list shows.

const SALES = ["processing", "completed", "on-hold", "refunded"];
const NO_SALES = ["pending", "failed", "cancelled", "trash", "checkout-draft"];
const DAY = { date_from: "2026-03-02", date_to: "2026-03-02" };

beforeEach(() => vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", "20"));
afterEach(() => vi.unstubAllEnvs());

async function wooWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "Pacific/Auckland", currency: "NZD" });
  const { id } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
  return { workspaceId: workspace.id, connectionId: id };
}

/** The recorded order as another order in `status` (no refunds, so each status alone decides). */
function withStatus(id: number, status: string, changes: Partial<WooOrder> = {}): OrderBundle {
  const recorded = order as unknown as WooOrder;
  // Each copy's lines get ids of their own, as another order's would.
  const lines = { line_items: recorded.line_items.map((l) => ({ ...l, id: id * 100 + l.id })), fee_lines: recorded.fee_lines.map((f) => ({ ...f, id: id * 100 + f.id })) };
  return orderToBundle({ ...recorded, ...lines, id, number: String(id), status, refunds: [], ...changes }, []);
}

const netOf = (b: OrderBundle) => b.lineItems.reduce((sum, l) => sum + parseDecimal(l.unitPrice) * BigInt(l.quantity) - parseDecimal(l.totalDiscount), 0n);

describe("WooCommerce order statuses", () => {
  it("stores every status as it is, counts only the sales, and lists failed, long-pending and cancelled orders as exceptions", async () => {
    const scope = await wooWorkspace();
    const statuses = [...SALES, ...NO_SALES];
    const bundles = statuses.map((status, i) => withStatus(9_000 + i, status));
    await upsertOrderBundles(scope, bundles);
    await refreshDirtyRollups(scope.workspaceId);

    const stored = await db.order.findMany({ where: scope, select: { externalId: true, test: true, countsAsSale: true, financialStatus: true }, orderBy: { externalId: "asc" } });
    expect(stored.map((o) => ({ status: o.financialStatus, test: o.test, counts: o.countsAsSale }))).toEqual(
      statuses.map((status) => ({ status, test: false, counts: SALES.includes(status) })),
    );

    // Orders and net sales: the four sales, not the five others.
    const report = await runReport(scope.workspaceId, { ...DAY, metrics: ["orders", "net_sales"] });
    const saleNet = bundles.filter((b) => SALES.includes(b.order.financialStatus!)).reduce((sum, b) => sum + netOf(b), 0n);
    expect(saleNet).toBeGreaterThan(0n);
    expect(report.totals).toEqual({ orders: SALES.length, net_sales: formatDecimal(saleNet, 2) });

    // The placed day is long past: a pending order has waited over 24 hours for its payment.
    const exceptions = await db.exceptionOrder.findMany({ where: scope, select: { orderId: true, reasons: true, financialStatus: true }, orderBy: { orderId: "asc" } });
    expect(exceptions.map((x) => [x.financialStatus, x.reasons])).toEqual([
      ["pending", ["payment_pending"]],
      ["failed", ["payment_failed"]],
      ["cancelled", ["cancelled"]],
    ]);
  });

  it("watches a pending order placed an hour ago, and counts it once it is paid", async () => {
    const scope = await wooWorkspace();
    const placed = new Date(Date.now() - 3_600_000);
    const fresh = { date_created_gmt: gmtText(placed), date_modified_gmt: gmtText(placed) };
    await upsertOrderBundles(scope, [withStatus(9_100, "pending", fresh)]);
    expect(await db.exceptionOrder.count({ where: scope })).toBe(0);
    const check = await db.exceptionOrderCheck.findFirstOrThrow({ where: scope });
    expect(check.dueAt.getTime()).toBe(placed.getTime() - (placed.getTime() % 1000) + 24 * 3_600_000);

    // Paid: the next copy of the order is a sale, and nothing is watched any more.
    const paid = { ...fresh, date_modified_gmt: gmtText(new Date(placed.getTime() + 60_000)) };
    await upsertOrderBundles(scope, [withStatus(9_100, "processing", paid)]);
    const stored = await db.order.findFirstOrThrow({ where: { ...scope, externalId: 9_100n } });
    expect(stored).toMatchObject({ financialStatus: "processing", countsAsSale: true, test: false });
    expect(await db.exceptionOrderCheck.count({ where: scope })).toBe(0);
  });
});
