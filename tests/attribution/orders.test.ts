import { describe, expect, it } from "vitest";
import { attributeOrders } from "@/lib/attribution/recompute";
import { orderMatchRate } from "@/lib/attribution/match-rate";
import { ORDER_AT, attributionStore, before, creditsOf, customer, dailyRows, emailHash, link, orderRow, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

const key = (connectionId: string, ...ids: number[]) => ids.map((id) => ({ connectionId, orderId: BigInt(id) }));

describe("matching orders to visitors", () => {
  it("prefers the checkout's order id to the store customer id, and that to the email hash, and reports the rate with its band", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    await customer(scope, 701n, "ann@example.com");
    await customer(scope, 702n, "bob@example.com");
    await customer(scope, 703n, "cy@example.com");
    await customer(scope, 704n, "dee@example.com");
    const checkout = unique("cid"), byCustomer = unique("cid"), byEmail = unique("cid");
    const bobCustomer = unique("cid"), bobEmail = unique("cid"), cyEmail = unique("cid");
    for (const v of [checkout, byCustomer, byEmail, bobCustomer, bobEmail, cyEmail]) await visitor(ws, v);
    await session(ws, checkout, before(1), { channel: "google", clickIdType: "gclid" });
    await session(ws, byCustomer, before(1), { channel: "facebook" });
    await session(ws, byEmail, before(1), { channel: "email" });
    await session(ws, bobCustomer, before(1), { channel: "tiktok" });
    await session(ws, bobEmail, before(1), { channel: "email" });
    await session(ws, cyEmail, before(1), { channel: "email" });
    await refreshTouchpoints(ws, [checkout, byCustomer, byEmail, bobCustomer, bobEmail, cyEmail]);
    // Ann's order 5001 is known all three ways, Bob's 5002 by customer id and email, Cy's 5003 by email only, Dee's 5004 not at all.
    await link(ws, checkout, "order", "5001");
    await link(ws, byCustomer, "customer", "701");
    await link(ws, byEmail, "email", emailHash("ann@example.com"));
    await link(ws, bobCustomer, "customer", "702");
    await link(ws, bobEmail, "email", emailHash("bob@example.com"));
    await link(ws, cyEmail, "email", emailHash("cy@example.com"));
    await placeOrder(scope, 5001, ORDER_AT, "10.00", 701n);
    await placeOrder(scope, 5002, ORDER_AT, "20.00", 702n);
    await placeOrder(scope, 5003, ORDER_AT, "30.00", 703n);
    await placeOrder(scope, 5004, ORDER_AT, "40.00", 704n);

    expect(await attributeOrders(ws, key(connection.id, 5001, 5002, 5003, 5004))).toEqual({ orders: 4, matched: 3 });
    expect(await orderRow(ws, 5001)).toMatchObject({ method: "order_id", anonymousId: checkout, touches: 1 });
    expect(await orderRow(ws, 5002)).toMatchObject({ method: "customer_id", anonymousId: bobCustomer, touches: 1 });
    expect(await orderRow(ws, 5003)).toMatchObject({ method: "email", anonymousId: cyEmail });
    expect(await orderRow(ws, 5004)).toMatchObject({ method: "none", anonymousId: null, touches: 0 });
    // Only the winning rule's visitors make the journey.
    expect(Object.keys(await creditsOf(ws, 5001, "linear", 7))).toEqual(["google"]);
    expect(Object.keys(await creditsOf(ws, 5002, "linear", 7))).toEqual(["tiktok"]);

    expect(await orderMatchRate(ws, "2026-11-20", "2026-11-20")).toEqual({
      orders: 4, matchedOrders: 3, revenueMinor: "10000", matchedRevenueMinor: "6000",
      orderRate: 0.75, revenueRate: 0.6, band: "fair", byMethod: { order_id: 1, customer_id: 1, email: 1, none: 1 },
    });
    expect((await orderMatchRate(ws, "2026-11-21", "2026-11-30")).band).toBeNull();
  });

  it("gathers the touches of every visitor merged into the order's person", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const [phone, laptop, stranger] = [unique("cid"), unique("cid"), unique("cid")];
    const person = `e:${emailHash("pat@example.com")}`;
    await visitor(ws, phone, person);
    await visitor(ws, laptop, person);
    await visitor(ws, stranger);
    await session(ws, laptop, before(5), { channel: "tiktok", clickIdType: "ttclid" });
    await session(ws, phone, before(2), { channel: "organic", referrer: "https://www.google.com/" });
    await session(ws, phone, before(0.01), { channel: "direct" });
    await session(ws, stranger, before(3), { channel: "facebook" });
    await refreshTouchpoints(ws, [phone, laptop, stranger]);
    await link(ws, phone, "order", "6001");
    await placeOrder(scope, 6001, ORDER_AT, "90.00");

    await attributeOrders(ws, key(connection.id, 6001));
    expect(await orderRow(ws, 6001)).toMatchObject({ method: "order_id", personKey: person, touches: 3 });
    expect(await creditsOf(ws, 6001, "first_touch", 28)).toEqual({ tiktok: { orders: 1_000_000n, revenue: 9000n } });
    expect(await creditsOf(ws, 6001, "last_non_direct", 28)).toEqual({ organic: { orders: 1_000_000n, revenue: 9000n } });
    expect(await creditsOf(ws, 6001, "linear", 28)).toEqual({
      tiktok: { orders: 333_334n, revenue: 3000n }, organic: { orders: 333_333n, revenue: 3000n }, direct: { orders: 333_333n, revenue: 3000n },
    });
  });

  it("leaves out touches before the window, after the order and from bot sessions", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const v = unique("cid");
    await visitor(ws, v);
    await session(ws, v, before(8), { channel: "facebook" });
    await session(ws, v, before(7), { channel: "tiktok" });
    await session(ws, v, before(2), { channel: "email" });
    await session(ws, v, before(1), { channel: "bing", isBot: true });
    await session(ws, v, before(-0.5), { channel: "google" });
    await refreshTouchpoints(ws, [v]);
    await link(ws, v, "order", "6101");
    await placeOrder(scope, 6101, ORDER_AT, "10.00");
    await attributeOrders(ws, key(connection.id, 6101));

    expect(await creditsOf(ws, 6101, "first_touch", 1)).toEqual({});
    // Exactly 7 days before the order is inside the 7-day window; 8 days is not.
    expect(await creditsOf(ws, 6101, "first_touch", 7)).toEqual({ tiktok: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6101, "first_touch", 14)).toEqual({ facebook: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6101, "last_touch", 90)).toEqual({ email: { orders: 1_000_000n, revenue: 1000n } });
    expect((await orderRow(ws, 6101))?.touches).toBe(3);
  });

  it("credits only paid touches when paid-only, and nothing to an order without one", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const [paid, unpaid] = [unique("cid"), unique("cid")];
    await visitor(ws, paid);
    await visitor(ws, unpaid);
    await session(ws, paid, before(3), { channel: "google", clickIdType: "gclid" });
    await session(ws, paid, before(2), { channel: "facebook", utmSource: "facebook", utmMedium: "Paid_Social" });
    await session(ws, paid, before(1), { channel: "direct" });
    await session(ws, unpaid, before(1), { channel: "organic" });
    await refreshTouchpoints(ws, [paid, unpaid]);
    await link(ws, paid, "order", "6201");
    await link(ws, unpaid, "order", "6202");
    await placeOrder(scope, 6201, ORDER_AT, "10.00");
    await placeOrder(scope, 6202, ORDER_AT, "10.00");
    await attributeOrders(ws, key(connection.id, 6201, 6202));

    expect(await creditsOf(ws, 6201, "last_touch", 7)).toEqual({ direct: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6201, "last_touch", 7, true)).toEqual({ facebook: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6201, "first_touch", 7, true)).toEqual({ google: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6202, "last_touch", 7)).toEqual({ organic: { orders: 1_000_000n, revenue: 1000n } });
    expect(await creditsOf(ws, 6202, "last_touch", 7, true)).toEqual({});
  });

  it("splits money exactly, sums both bases to the same totals, and gives the same sums however often it runs", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const v = unique("cid");
    await customer(scope, 801n, "new@example.com");
    await visitor(ws, v);
    for (const [days, channel] of [[6, "tiktok"], [4, "facebook"], [2, "email"]] as const) await session(ws, v, before(days), { channel });
    await refreshTouchpoints(ws, [v]);
    await link(ws, v, "order", "6301");
    await link(ws, v, "order", "6302");
    await placeOrder(scope, 6301, ORDER_AT, "100.00", 801n);
    await placeOrder(scope, 6302, new Date(ORDER_AT.getTime() + 3_600_000), "0.01", 801n);

    await attributeOrders(ws, key(connection.id, 6301, 6302));
    const first = await dailyRows(ws);
    await attributeOrders(ws, key(connection.id, 6301, 6302));
    await attributeOrders(ws, key(connection.id, 6302));
    expect(await dailyRows(ws)).toEqual(first);

    for (const model of ["linear", "time_decay", "position_based", "first_touch"]) {
      for (const basis of ["cash", "accrual"]) {
        const rows = first.filter((r) => r.model === model && r.basis === basis && r.window_days === 28 && !r.paid_only);
        expect(rows.reduce((s, r) => s + BigInt(r.revenue_minor), 0n), `${model} ${basis}`).toBe(10001n);
        expect(rows.reduce((s, r) => s + BigInt(r.orders_micro), 0n)).toBe(2_000_000n);
        // The first order is the customer's first: one new-customer order in all.
        expect(rows.reduce((s, r) => s + BigInt(r.new_customer_micro), 0n)).toBe(1_000_000n);
      }
    }
    // Cash dates every credit on the order day, accrual on each touch's day.
    expect(new Set(first.filter((r) => r.basis === "cash").map((r) => r.day))).toEqual(new Set(["2026-11-20"]));
    expect(new Set(first.filter((r) => r.basis === "accrual").map((r) => r.day))).toEqual(new Set(["2026-11-14", "2026-11-16", "2026-11-18"]));
    expect(await orderRow(ws, 6301)).toMatchObject({ newCustomer: true, revenueMinor: 10000n });
    expect(await orderRow(ws, 6302)).toMatchObject({ newCustomer: false, revenueMinor: 1n });
  });

  it("moves credit when a journey changes, without leaving the old credit behind", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const v = unique("cid");
    await visitor(ws, v);
    await session(ws, v, before(2), { channel: "email" });
    await refreshTouchpoints(ws, [v]);
    await link(ws, v, "order", "6401");
    await placeOrder(scope, 6401, ORDER_AT, "50.00");
    await attributeOrders(ws, key(connection.id, 6401));

    await session(ws, v, before(1), { channel: "google", clickIdType: "gclid" });
    await refreshTouchpoints(ws, [v]);
    await attributeOrders(ws, key(connection.id, 6401));
    const lastTouch = (await dailyRows(ws)).filter((r) => r.model === "last_touch" && r.window_days === 7 && !r.paid_only && r.basis === "cash");
    expect(lastTouch).toEqual([expect.objectContaining({ channel: "google", platform: "google_ads", orders_micro: "1000000", revenue_minor: "5000" })]);
  });

  it("never matches another workspace's visitors, links or orders", async () => {
    const mine = await attributionStore();
    const theirs = await attributionStore();
    const [v, w] = [unique("cid"), unique("cid")];
    await visitor(theirs.workspace.id, w);
    await session(theirs.workspace.id, w, before(1), { channel: "google" });
    await refreshTouchpoints(theirs.workspace.id, [w]);
    await link(theirs.workspace.id, w, "order", "6501");
    await visitor(mine.workspace.id, v);
    await placeOrder(mine.scope, 6501, ORDER_AT, "10.00");
    await placeOrder(theirs.scope, 6501, ORDER_AT, "10.00");

    await attributeOrders(mine.workspace.id, key(mine.connection.id, 6501));
    expect(await orderRow(mine.workspace.id, 6501)).toMatchObject({ method: "none" });
    expect(await dailyRows(mine.workspace.id)).toEqual([]);
    expect(await orderRow(theirs.workspace.id, 6501)).toBeNull();
    // Their order named with my connection is no order of theirs.
    await attributeOrders(theirs.workspace.id, key(mine.connection.id, 6501));
    expect(await orderRow(theirs.workspace.id, 6501)).toBeNull();
    expect(await dailyRows(theirs.workspace.id)).toEqual([]);
  });
});
