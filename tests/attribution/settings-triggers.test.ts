import { describe, expect, it } from "vitest";
import { attributeOrders } from "@/lib/attribution/recompute";
import { recomputeAfterInputChange } from "@/lib/attribution/settings-triggers";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { addExcludedLineItem } from "@/lib/metrics/settings/change";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { updateWorkspace } from "@/lib/workspaces/service";
import { line, order } from "../metrics/store-fixture";
import { attributionStore, link, orderRow, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// A change of what attribution reads from the workspace (its currency, its time zone, its
// excluded line items) recomputes the stored credits, not only the reports over them.

const DAY_MS = 86_400_000;

/** 02:00 UTC three days ago: the evening before in New York. */
function lateEvening() {
  const day = new Date(Date.now() - 3 * DAY_MS).toISOString().slice(0, 10);
  const at = new Date(`${day}T02:00:00Z`);
  const newYorkDay = new Date(at.getTime() - DAY_MS).toISOString().slice(0, 10);
  return { at, utcDay: day, newYorkDay };
}

/** One order of a 30.00 widget and 5.00 gift wrap, its visitor's tiktok session half an hour before. */
async function attributedOrder() {
  const store = await attributionStore("UTC");
  const ws = store.workspace.id;
  const { at, utcDay, newYorkDay } = lateEvening();
  const v = unique("cid");
  await visitor(ws, v);
  await session(ws, v, new Date(at.getTime() - 30 * 60_000), { channel: "tiktok" });
  await refreshTouchpoints(ws, [v]);
  await link(ws, v, "order", "7001");
  await upsertOrderBundles(store.scope, [order(7001, at.toISOString(), {}, [line(7001, "Widget", 1, "30.00"), line(7001, "Gift Wrap", 1, "5.00")])]);
  await attributeOrders(ws, [{ connectionId: store.connection.id, orderId: 7001n }]);
  return { ...store, ws, utcDay, newYorkDay };
}

/** The last-touch daily sums (28-day window): basis, day and revenue. */
async function lastTouchDays(workspaceId: string) {
  const { rows } = await getPool().query<{ basis: string; day: string; revenue: string }>(
    `SELECT basis, to_char(day, 'YYYY-MM-DD') AS day, revenue_minor::text AS revenue FROM attribution_daily
     WHERE workspace_id = $1 AND model = 'last_touch' AND window_days = 28 AND NOT paid_only ORDER BY 1, 2`,
    [workspaceId],
  );
  return rows;
}

describe("recompute after the workspace's settings change", () => {
  it("moves credits to the new zone's days, cash and accrual alike", async () => {
    const { ws, utcDay, newYorkDay } = await attributedOrder();
    expect(await lastTouchDays(ws)).toEqual([
      { basis: "accrual", day: utcDay, revenue: "3500" },
      { basis: "cash", day: utcDay, revenue: "3500" },
    ]);

    await updateWorkspace(ws, { timeZone: "America/New_York" });
    await localJobsSettled();
    expect(await lastTouchDays(ws)).toEqual([
      { basis: "accrual", day: newYorkDay, revenue: "3500" },
      { basis: "cash", day: newYorkDay, revenue: "3500" },
    ]);
    expect((await orderRow(ws, 7001))!.orderDay.toISOString().slice(0, 10)).toBe(newYorkDay);
  });

  it("restates revenue in the new currency", async () => {
    const { ws } = await attributedOrder();
    await updateWorkspace(ws, { currency: "EUR" });
    await localJobsSettled();
    const row = (await orderRow(ws, 7001))!;
    expect(row.currency).toBe("EUR");
    // Converted at the order day's rate: not the dollar amount, but near it.
    const euros = Number(row.revenueMinor);
    expect(euros).not.toBe(3500);
    expect(euros).toBeGreaterThan(2500);
    expect(euros).toBeLessThan(4000);
    expect((await lastTouchDays(ws)).map((d) => d.revenue)).toEqual([String(euros), String(euros)]);
  });

  it("takes newly excluded line items out of the attributed revenue", async () => {
    const { ws } = await attributedOrder();
    await addExcludedLineItem(ws, { field: "title", value: "gift wrap" });
    await localJobsSettled();
    expect((await orderRow(ws, 7001))!.revenueMinor).toBe(3000n);
    expect((await lastTouchDays(ws)).map((d) => d.revenue)).toEqual(["3000", "3000"]);
  });

  it("reaches back to the earliest attributed order, and asks nothing of a workspace with nothing attributed", async () => {
    const { ws } = await attributedOrder();
    expect(await recomputeAfterInputChange(ws)).toBe(90);
    await localJobsSettled();
    const { workspace: other } = await attributionStore();
    expect(await recomputeAfterInputChange(other.id)).toBeNull();
    await getPool().query("UPDATE order_attributions SET order_at = order_at - interval '200 days' WHERE workspace_id = $1", [ws]);
    expect(await recomputeAfterInputChange(ws)).toBe(205);
    await localJobsSettled();
  });
});
