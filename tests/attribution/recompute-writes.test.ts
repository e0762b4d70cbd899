import { describe, expect, it } from "vitest";
import { attributeOrders } from "@/lib/attribution/recompute";
import { getPool } from "@/lib/db/pool";
import { ORDER_AT, attributionStore, before, dailyRows, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// A recompute writes the daily sums only where an order's credit changed: the hourly and nightly
// recomputes go over every recent order, and most of them come out as before.

/** Each daily row's key with its row version: a row rewritten gets a new one. */
async function rowVersions(workspaceId: string) {
  const { rows } = await getPool().query<{ key: string; version: string }>(
    `SELECT concat_ws('/', basis, day, model, window_days, paid_only, channel, campaign) AS key, xmin::text AS version
     FROM attribution_daily WHERE workspace_id = $1 ORDER BY 1`,
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

    await attributeOrders(ws, orders);
    expect(await rowVersions(ws)).toEqual(first);
    expect(await dailyRows(ws)).toEqual(sums);

    // The first order's journey moves from email to google: its email rows go, the tiktok ones stay as they were.
    await getPool().query("UPDATE tracked_sessions SET channel = 'google' WHERE workspace_id = $1 AND anonymous_id = $2", [ws, a]);
    await refreshTouchpoints(ws, [a]);
    await attributeOrders(ws, orders);
    const after = await rowVersions(ws);
    const channels = new Set((await dailyRows(ws)).map((r) => r.channel));
    expect(channels).toEqual(new Set(["google", "tiktok"]));
    for (const [key, version] of first) if (key.includes("/tiktok/")) expect(after.get(key), key).toBe(version);
  });
});
