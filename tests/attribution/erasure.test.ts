import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { attributeOrders } from "@/lib/attribution/recompute";
import { attributeWaitingOrders } from "@/lib/attribution/pending";
import { eraseStoreCustomerTracking } from "@/lib/identity/erase";
import { ORDER_AT, attributionStore, before, creditsOf, customer, emailHash, link, orderRow, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

describe("erasing a customer's tracking data", () => {
  it("deletes their touchpoints, clears the order's match at once and re-attributes it without their journey", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    await customer(scope, 801n, "eve@example.com");
    const [eve, other] = [unique("cid"), unique("cid")];
    await visitor(ws, eve, `e:${emailHash("eve@example.com")}`);
    await visitor(ws, other);
    await session(ws, eve, before(2), { channel: "google", clickIdType: "gclid" });
    await session(ws, other, before(1), { channel: "facebook" });
    await refreshTouchpoints(ws, [eve, other]);
    await link(ws, eve, "order", "8001");
    await link(ws, other, "order", "8002");
    await placeOrder(scope, 8001, ORDER_AT, "50.00", 801n);
    await placeOrder(scope, 8002, ORDER_AT, "20.00");
    const keys = [8001, 8002].map((id) => ({ connectionId: connection.id, orderId: BigInt(id) }));
    await attributeOrders(ws, keys);
    expect(await orderRow(ws, 8001)).toMatchObject({ method: "order_id", anonymousId: eve });
    expect(Object.keys(await creditsOf(ws, 8001, "linear", 7))).toEqual(["google"]);

    await eraseStoreCustomerTracking(ws, connection.id, 801n, [8001n]);

    const touchpoints = await getPool().query("SELECT anonymous_id FROM attribution_touchpoints WHERE workspace_id = $1 ORDER BY 1", [ws]);
    expect(touchpoints.rows).toEqual([{ anonymous_id: other }]);
    expect(await orderRow(ws, 8001)).toMatchObject({ anonymousId: null, personKey: null });
    const pending = await getPool().query("SELECT order_id::text FROM attribution_pending WHERE workspace_id = $1", [ws]);
    expect(pending.rows).toEqual([{ order_id: "8001" }]);

    await attributeWaitingOrders(ws);
    expect(await orderRow(ws, 8001)).toMatchObject({ method: "none", anonymousId: null, touches: 0 });
    expect(await creditsOf(ws, 8001, "linear", 7)).toEqual({});
    // Someone else's order keeps its journey.
    expect(await orderRow(ws, 8002)).toMatchObject({ method: "order_id", anonymousId: other });
    expect(Object.keys(await creditsOf(ws, 8002, "linear", 7))).toEqual(["facebook"]);
  });
});
