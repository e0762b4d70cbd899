import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { judgeDueOrders } from "@/lib/exceptions/sweep";
import { upsertOrderBundles, upsertRefunds } from "@/lib/stores/ingest";
import { exceptionOrder, HOUR, refundedAt, storeWorkspace } from "./fixture";

// One case per rule, an order that is fine, and the clock-driven payment rule through the sweep.

async function reasonsOf(workspaceId: string): Promise<Record<string, string[]>> {
  const rows = await getPool().query<{ order_id: string; reasons: string[] }>(
    "SELECT order_id::text, reasons FROM exception_orders WHERE workspace_id = $1",
    [workspaceId],
  );
  return Object.fromEntries(rows.rows.map((r) => [r.order_id, r.reasons]));
}

const dueChecks = async (workspaceId: string) =>
  (await getPool().query<{ order_id: string; due_at: Date }>("SELECT order_id::text, due_at FROM exception_order_checks WHERE workspace_id = $1", [workspaceId])).rows;

describe("exception detection", () => {
  it("finds each reason on the order it applies to, and nothing on a fine order or a test order", async () => {
    const { workspace, scope } = await storeWorkspace();
    const at = new Date(Date.now() - 72 * HOUR);
    await upsertOrderBundles(scope, [
      exceptionOrder(1, at),
      exceptionOrder(2, at, { cancelledAt: new Date(at.getTime() + HOUR) }),
      exceptionOrder(3, at, { financialStatus: "EXPIRED" }),
      exceptionOrder(4, at, { financialStatus: "failed" }),
      exceptionOrder(5, at, { financialStatus: "PENDING" }),
      exceptionOrder(6, at, { financialStatus: "authorized" }),
      exceptionOrder(7, at, { riskLevel: "high" }),
      exceptionOrder(8, at, { riskLevel: "medium" }),
      refundedAt(exceptionOrder(9, at, { financialStatus: "REFUNDED" }), 90, new Date(at.getTime() + 23 * HOUR)),
      // Refunded in full, but two days later: a return, not an exception.
      refundedAt(exceptionOrder(10, at, { financialStatus: "REFUNDED" }), 100, new Date(at.getTime() + 48 * HOUR)),
      // A free replacement: lines discounted in full, total zero.
      exceptionOrder(11, at, { totalPrice: "0.00", totalDiscounts: "100.00", totalShipping: "0.00", totalTax: "0.00" }),
      // 120.00 against 100.00 - 0 + 5.00 + 8.00 = 113.00: 7.00 off, more than 1.00 and 1 %.
      exceptionOrder(12, at, { totalPrice: "120.00" }),
      // 0.50 off: rounding, within 1 currency unit.
      exceptionOrder(13, at, { totalPrice: "113.50" }),
      // Prices include the tax: 100.00 + 5.00 = 105.00.
      exceptionOrder(14, at, { totalPrice: "105.00", taxesIncluded: true }),
      exceptionOrder(15, at, { test: true, cancelledAt: at, riskLevel: "high" }),
      exceptionOrder(16, at, { cancelledAt: at, financialStatus: "VOIDED", riskLevel: "HIGH" }),
    ]);
    expect(await reasonsOf(workspace.id)).toEqual({
      "2": ["cancelled"],
      "3": ["payment_failed"],
      "4": ["payment_failed"],
      "5": ["payment_pending"],
      "6": ["payment_pending"],
      "7": ["high_risk"],
      "9": ["refunded_within_24h"],
      "11": ["zero_total"],
      "12": ["total_mismatch"],
      "16": ["cancelled", "payment_failed", "high_risk"],
    });
  });

  it("keeps each row's order facts and clears it when the order is fine again", async () => {
    const { workspace, scope } = await storeWorkspace();
    const at = new Date("2026-03-01T12:00:00Z");
    await upsertOrderBundles(scope, [exceptionOrder(21, at, { cancelledAt: at, utmSource: "google" })]);
    const row = await getPool().query(
      "SELECT order_name, ordered_at, channel, currency, total_price::text, financial_status FROM exception_orders WHERE workspace_id = $1",
      [workspace.id],
    );
    expect(row.rows).toEqual([
      { order_name: "#21", ordered_at: new Date("2026-03-01T12:00:00Z"), channel: "google", currency: "USD", total_price: "113.0000", financial_status: "paid" },
    ]);
    // Un-cancelled by a newer copy of the order.
    await upsertOrderBundles(scope, [exceptionOrder(21, at, { updatedAt: new Date("2026-03-02T00:00:00Z") })]);
    expect(await reasonsOf(workspace.id)).toEqual({});
  });

  it("finds a full refund within 24 hours when the refund arrives on its own", async () => {
    const { workspace, scope } = await storeWorkspace();
    const at = new Date("2026-03-01T12:00:00Z");
    const b = exceptionOrder(31, at);
    await upsertOrderBundles(scope, [b]);
    expect(await reasonsOf(workspace.id)).toEqual({});
    const refund = refundedAt(b, 310, new Date("2026-03-01T20:00:00Z")).refunds[0]!;
    await upsertRefunds(scope, [{ refund, refundLineItems: [] }]);
    expect(await reasonsOf(workspace.id)).toEqual({ "31": ["refunded_within_24h"] });
  });

  it("keeps a stored risk level when a copy without one (a webhook body) arrives", async () => {
    const { workspace, scope } = await storeWorkspace();
    const at = new Date("2026-03-01T12:00:00Z");
    await upsertOrderBundles(scope, [exceptionOrder(41, at, { riskLevel: "high" })]);
    await upsertOrderBundles(scope, [exceptionOrder(41, at, { riskLevel: null, updatedAt: new Date("2026-03-01T13:00:00Z") })]);
    expect(await reasonsOf(workspace.id)).toEqual({ "41": ["high_risk"] });
  });

  it("judges an order awaiting payment again once 24 hours have passed, and clears it once paid", async () => {
    const { workspace, scope } = await storeWorkspace();
    const other = await storeWorkspace();
    const created = new Date(Date.now() - 2 * HOUR);
    await upsertOrderBundles(scope, [exceptionOrder(51, created, { financialStatus: "PENDING" }), exceptionOrder(52, created)]);
    await upsertOrderBundles(other.scope, [exceptionOrder(61, created, { financialStatus: "PENDING" })]);
    expect(await reasonsOf(workspace.id)).toEqual({});
    expect(await dueChecks(workspace.id)).toEqual([{ order_id: "51", due_at: new Date(created.getTime() + 24 * HOUR) }]);

    await judgeDueOrders(new Date(created.getTime() + 23 * HOUR), workspace.id);
    expect(await reasonsOf(workspace.id)).toEqual({});
    await judgeDueOrders(new Date(created.getTime() + 25 * HOUR), workspace.id);
    expect(await reasonsOf(workspace.id)).toEqual({ "51": ["payment_pending"] });
    expect(await dueChecks(workspace.id)).toEqual([]);
    // A pass narrowed to one workspace (the scheduler's narrowed tick) leaves the others' checks for their own.
    expect(await reasonsOf(other.workspace.id)).toEqual({});
    expect(await dueChecks(other.workspace.id)).toHaveLength(1);
    // The sweep marked the order's day, so reports move on.
    const marks = await getPool().query("SELECT 1 FROM rollup_dirty_days WHERE workspace_id = $1", [workspace.id]);
    const revision = await getPool().query<{ revision: string }>("SELECT revision::text FROM rollup_revisions WHERE workspace_id = $1", [workspace.id]);
    expect(marks.rows).toEqual([]);
    expect(revision.rows).toHaveLength(1);

    await upsertOrderBundles(scope, [exceptionOrder(51, created, { financialStatus: "PAID", updatedAt: new Date(created.getTime() + 26 * HOUR) })]);
    expect(await reasonsOf(workspace.id)).toEqual({});
  });
});
