import { describe, expect, it } from "vitest";
import { attributeOrders } from "@/lib/attribution/recompute";
import { getPool } from "@/lib/db/pool";
import { ORDER_AT, attributionStore, before, dailyRows, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// A recompute writes the daily sums, and an order's attribution and credit rows, only where
// something changed: the hourly and nightly recomputes go over every recent order, and most of
// them come out as before.

/** Each daily row's key with its row version: a row rewritten gets a new one. */
async function rowVersions(workspaceId: string) {
  const { rows } = await getPool().query<{ key: string; version: string }>(
    `SELECT concat_ws('/', basis, day, model, window_days, paid_only, channel, campaign) AS key, xmin::text AS version
     FROM attribution_daily WHERE workspace_id = $1 ORDER BY 1`,
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.key, r.version]));
}

/** Each order's attribution row and credit row with their row versions. */
async function orderRowVersions(workspaceId: string) {
  const { rows } = await getPool().query<{ key: string; version: string }>(
    `SELECT 'order/' || order_id AS key, xmin::text AS version FROM order_attributions WHERE workspace_id = $1
     UNION ALL
     SELECT 'credits/' || order_id, xmin::text FROM attribution_order_credits WHERE workspace_id = $1
     ORDER BY 1`,
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.key, r.version]));
}

describe("recomputing attribution", () => {
  it("rewrites only the daily sums whose credit changed, and drops the ones left empty", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const [a, b] = [unique("cid"), unique("cid")];
    for (const v of [a, b]) await visitor(ws, v);
    await session(ws, a, before(3), { channel: "email" });
    await session(ws, b, before(1, new Date(ORDER_AT.getTime() + 86_400_000)), { channel: "tiktok" });
    await refreshTouchpoints(ws, [a, b]);
    await link(ws, a, "order", "7101");
    await link(ws, b, "order", "7102");
    await placeOrder(scope, 7101, ORDER_AT, "40.00");
    await placeOrder(scope, 7102, new Date(ORDER_AT.getTime() + 86_400_000), "60.00");
    const orders = [7101, 7102].map((id) => ({ connectionId: connection.id, orderId: BigInt(id) }));
    await attributeOrders(ws, orders);
    const first = await rowVersions(ws);
    const sums = await dailyRows(ws);
    const orderRows = await orderRowVersions(ws);
    expect([...orderRows.keys()]).toEqual(["credits/7101", "credits/7102", "order/7101", "order/7102"]);

    await attributeOrders(ws, orders);
    expect(await rowVersions(ws)).toEqual(first);
    expect(await dailyRows(ws)).toEqual(sums);
    expect(await orderRowVersions(ws)).toEqual(orderRows);

    // The first order's journey moves from email to google: its email rows go, the tiktok ones stay as they were.
    await getPool().query("UPDATE tracked_sessions SET channel = 'google' WHERE workspace_id = $1 AND anonymous_id = $2", [ws, a]);
    await refreshTouchpoints(ws, [a]);
    await attributeOrders(ws, orders);
    const after = await rowVersions(ws);
    const channels = new Set((await dailyRows(ws)).map((r) => r.channel));
    expect(channels).toEqual(new Set(["google", "tiktok"]));
    for (const [key, version] of first) if (key.includes("/tiktok/")) expect(after.get(key), key).toBe(version);
    // The first order's credits were rewritten; its match and the second order's rows were not.
    const afterOrders = await orderRowVersions(ws);
    expect(afterOrders.get("credits/7101")).not.toBe(orderRows.get("credits/7101"));
    for (const key of ["order/7101", "order/7102", "credits/7102"]) expect(afterOrders.get(key), key).toBe(orderRows.get(key));
  });
});

describe("an order that stops counting", () => {
  it("gives its credits back and keeps a not_counted row, left in place until it changes; an order gone loses its row", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const anonymousId = unique("cid");
    await visitor(ws, anonymousId);
    await session(ws, anonymousId, before(2), { channel: "email" });
    await refreshTouchpoints(ws, [anonymousId]);
    await link(ws, anonymousId, "order", "7201");
    await placeOrder(scope, 7201, ORDER_AT, "30.00");
    const orders = [{ connectionId: connection.id, orderId: 7201n }];
    await attributeOrders(ws, orders);
    expect((await dailyRows(ws)).length).toBeGreaterThan(0);

    await getPool().query("UPDATE orders SET test = true WHERE workspace_id = $1 AND external_id = 7201", [ws]);
    await attributeOrders(ws, orders);
    expect(await dailyRows(ws)).toEqual([]);
    const notCounted = await orderRowVersions(ws);
    expect([...notCounted.keys()]).toEqual(["order/7201"]);
    const { rows: [row] } = await getPool().query("SELECT method, person_key, anonymous_id, revenue_minor::int AS revenue, touches FROM order_attributions WHERE workspace_id = $1", [ws]);
    expect(row).toEqual({ method: "not_counted", person_key: null, anonymous_id: null, revenue: 0, touches: 0 });

    await attributeOrders(ws, orders);
    expect(await orderRowVersions(ws)).toEqual(notCounted);

    await getPool().query("DELETE FROM orders WHERE workspace_id = $1 AND external_id = 7201", [ws]);
    await attributeOrders(ws, orders);
    expect(await orderRowVersions(ws)).toEqual(new Map());
  });
});
