import { describe, expect, it } from "vitest";
import { attributeOrders, attributeOrdersSince } from "@/lib/attribution/recompute";
import { getPool } from "@/lib/db/pool";
import { ORDER_AT, attributionStore, before, dailyRows, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// The hourly recompute and the queue attribute a few orders at a time; the daily sums they leave
// must be those a recompute of every order from nothing would give.

describe("attributing some orders again", () => {
  it("leaves the daily sums a full recompute from scratch gives", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const visitors = Array.from({ length: 6 }, () => unique("cid"));
    const channels = ["google", "facebook", "email", "direct", "tiktok", "organic"];
    for (const [i, v] of visitors.entries()) {
      await visitor(ws, v);
      // Journeys over several days, so the accrual basis spreads each order over the touches' days.
      await session(ws, v, before(40 - i * 5), { channel: channels[(i + 1) % 6], utmCampaign: "Spring Sale", utmMedium: "cpc" });
      await session(ws, v, before(6 - i), { channel: channels[i] });
      await session(ws, v, before(0.1), { channel: channels[(i + 2) % 6] });
      await link(ws, v, "order", String(9501 + i));
      await placeOrder(scope, 9501 + i, new Date(ORDER_AT.getTime() + i * 3_600_000), `${10 + i}.00`);
    }
    await refreshTouchpoints(ws, visitors);
    const since = before(1);
    // In several transactions of several batches, as a large recompute goes.
    await attributeOrdersSince(ws, since, { ordersPerBatch: 2, ordersPerTransaction: 5 });

    // Two journeys change: one session moves channel, another visitor gets a visit the day before.
    await getPool().query("UPDATE tracked_sessions SET channel = 'bing' WHERE workspace_id = $1 AND anonymous_id = $2", [ws, visitors[1]]);
    await session(ws, visitors[4]!, before(1), { channel: "email" });
    await refreshTouchpoints(ws, [visitors[1]!, visitors[4]!]);
    await attributeOrders(ws, [9502, 9505].map((id) => ({ connectionId: connection.id, orderId: BigInt(id) })), { ordersPerBatch: 1 });
    const incremental = await dailyRows(ws);
    expect(new Set(incremental.map((r) => r.channel))).toContain("bing");

    for (const table of ["attribution_daily", "attribution_order_credits", "order_attributions"]) {
      await getPool().query(`DELETE FROM ${table} WHERE workspace_id = $1`, [ws]);
    }
    await attributeOrdersSince(ws, since);
    expect(incremental).toEqual(await dailyRows(ws));
  });
});
