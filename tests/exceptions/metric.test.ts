import { describe, expect, it } from "vitest";
import { runReport } from "@/lib/metrics/report/run";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { exceptionOrder, storeWorkspace } from "./fixture";

// exception_orders through the report engine, as dashboards, digests and alerts read it. New York
// days: 2026-01-09 starts at 05:00 UTC.

describe("the exception_orders metric", () => {
  it("counts exception orders by local day and channel, beside the orders they are part of", async () => {
    const { workspace, scope } = await storeWorkspace("America/New_York");
    const t = (iso: string) => new Date(iso);
    await upsertOrderBundles(scope, [
      // 2026-01-09 local: one cancelled google order, one fine order.
      exceptionOrder(1, t("2026-01-09T15:00:00Z"), { cancelledAt: t("2026-01-09T16:00:00Z"), utmSource: "google" }),
      exceptionOrder(2, t("2026-01-09T16:00:00Z")),
      // 23:59:59 on 2026-01-09 in New York (already the 10th in UTC): a high-risk direct order.
      exceptionOrder(3, t("2026-01-10T04:59:59Z"), { riskLevel: "high" }),
      // 2026-01-10 local: two reasons on one order still count it once.
      exceptionOrder(4, t("2026-01-10T05:00:00Z"), { financialStatus: "EXPIRED", totalPrice: "150.00", utmSource: "google" }),
      // A test order never counts.
      exceptionOrder(5, t("2026-01-10T12:00:00Z"), { test: true, cancelledAt: t("2026-01-10T13:00:00Z") }),
    ]);
    await refreshDirtyRollups(workspace.id);

    const byDay = await runReport(workspace.id, { date_from: "2026-01-09", date_to: "2026-01-10", metrics: ["exception_orders", "orders"], group_by: "day" });
    expect(byDay.totals).toEqual({ exception_orders: 3, orders: 4 });
    expect(byDay.rows.map((r) => [r.key, r.values])).toEqual([
      ["2026-01-09", { exception_orders: 2, orders: 3 }],
      ["2026-01-10", { exception_orders: 1, orders: 1 }],
    ]);

    const byChannel = await runReport(workspace.id, { date_from: "2026-01-09", date_to: "2026-01-10", metrics: ["exception_orders"], group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, r.values.exception_orders]))).toEqual({ google: 2, direct: 1 });

    const google = await runReport(workspace.id, { date_from: "2026-01-09", date_to: "2026-01-10", metrics: ["exception_orders"], filters: { channel: ["google"] } });
    expect(google.totals).toEqual({ exception_orders: 2 });

    // Exceptions are whole orders: no product group can split them.
    const inGroup = await runReport(workspace.id, { date_from: "2026-01-09", date_to: "2026-01-10", metrics: ["exception_orders"], filters: { product_group: ["hero"] } });
    expect(inGroup.totals).toEqual({ exception_orders: null });
  });

  it("moves with the data: an order that stops being an exception leaves the count", async () => {
    const { workspace, scope } = await storeWorkspace("UTC");
    const at = new Date("2026-02-01T10:00:00Z");
    await upsertOrderBundles(scope, [exceptionOrder(11, at, { riskLevel: "high" })]);
    await refreshDirtyRollups(workspace.id);
    const request = { date_from: "2026-02-01", date_to: "2026-02-01", metrics: ["exception_orders"] };
    expect((await runReport(workspace.id, request)).totals).toEqual({ exception_orders: 1 });
    await upsertOrderBundles(scope, [exceptionOrder(11, at, { riskLevel: "low", updatedAt: new Date("2026-02-01T11:00:00Z") })]);
    await refreshDirtyRollups(workspace.id);
    expect((await runReport(workspace.id, request)).totals).toEqual({ exception_orders: 0 });
  });
});
