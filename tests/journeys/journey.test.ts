import { describe, expect, it } from "vitest";
import { keyedHash } from "@/lib/crypto/secrets";
import { getCustomerJourney } from "@/lib/journeys/build";
import { ANN } from "../identity/support";
import { ORDER_AT, attributionStore, customer, emailHash, link, placeOrder, refreshTouchpoints, session, visitor } from "../attribution/support";
import { attributeOrders } from "@/lib/attribution/recompute";
import { event, profile } from "../customers/factory";
import { customerIdOf } from "@/lib/customers/customer-id";
import { expectAppError, unique } from "../helpers";
import { freshWorkspace } from "../dashboards/support";
import { annJourney, LAPTOP, PHONE } from "./support";

const member = { revealEmail: true };
const defaults = { model: null, window: null };

describe("a customer's journey", () => {
  it("lists both visitors with the identifiers that made them Ann's, and the merge the checkout's email proved", async () => {
    const { workspace, annId, bobId } = await annJourney();
    const j = await getCustomerJourney(workspace.id, annId, defaults, member);

    expect(j.customer).toEqual({ id: annId, email: ANN, email_masked: false });
    expect(j.visitors_total).toBe(2);
    expect(j.visitors.map((v) => v.anonymous_id)).toEqual([LAPTOP, PHONE]);
    const [laptop, phone] = j.visitors;
    expect(phone!.links).toEqual([
      { kind: "email", store_id: null, method: "identify", message_id: expect.any(String), first_seen_at: "2026-10-30T13:03:00.000Z", links_customer: true },
    ]);
    // The order is Bob's store customer's, merged into Ann: it ties the laptop to her too.
    expect(laptop!.links).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "order", store_id: "9002", method: "checkout_completed", links_customer: true }),
      expect.objectContaining({ kind: "email", store_id: null, method: "checkout_completed", links_customer: true }),
    ]));
    const checkout = laptop!.links.find((l) => l.kind === "order")!;
    expect(j.merges).toEqual([
      { merged_customer_id: bobId, reason: "email_hash", evidence: "email", anonymous_id: LAPTOP, message_id: checkout.message_id, run_id: null, merged_at: expect.any(String) },
    ]);
  });

  it("shows sessions newest first with source, landing page without its query string and key events counted", async () => {
    const { workspace, annId } = await annJourney();
    const j = await getCustomerJourney(workspace.id, annId, defaults, member);
    expect(j.sessions_total).toBe(2);
    expect(j.sessions.map((s) => ({ ...s, id: undefined }))).toEqual([
      {
        id: undefined, anonymous_id: LAPTOP, started_at: "2026-11-02T10:30:00.000Z", ended_at: "2026-11-02T10:59:00.000Z", channel: "email",
        source: "newsletter", medium: "email", campaign: "November", landing_page: "https://shop.example/", device: "desktop", page_views: 1, is_bot: false,
        events: [
          { event: "product_added_to_cart", count: 2, first_at: "2026-11-02T10:35:00.000Z" },
          { event: "checkout_started", count: 1, first_at: "2026-11-02T10:40:00.000Z" },
          { event: "checkout_completed", count: 1, first_at: "2026-11-02T10:59:00.000Z" },
        ],
      },
      {
        id: undefined, anonymous_id: PHONE, started_at: "2026-10-30T13:00:00.000Z", ended_at: "2026-10-30T13:03:00.000Z", channel: "tiktok",
        source: "tiktok", medium: "paid_social", campaign: "Autumn launch", landing_page: "https://shop.example/landing", device: "desktop", page_views: 2, is_bot: false,
        events: [
          { event: "product_viewed", count: 1, first_at: "2026-10-30T13:01:30.000Z" },
          { event: "identify", count: 1, first_at: "2026-10-30T13:03:00.000Z" },
        ],
      },
    ]);
    // No email, email hash or landing query string anywhere in it.
    const text = JSON.stringify(j).toLowerCase();
    expect(text.split(ANN.toLowerCase()).length - 1).toBe(1);
    expect(text).not.toContain("ann%40");
    expect(text).not.toContain(keyedHash(ANN));
  });

  it("credits each touchpoint of the order under the chosen model and window, summing to the stored credit", async () => {
    const { workspace, annId } = await annJourney();
    const credit = async (model: "last_touch" | "linear" | "first_touch", window: 1 | 7) => {
      const j = await getCustomerJourney(workspace.id, annId, { model, window }, member);
      const order = j.orders.find((o) => o.order_id === "9002")!;
      expect(order).toMatchObject({ method: "order_id", value: "20.00", credits: "shown", credits_current: true });
      return order.touches.map((t) => [t.channel, t.share, t.revenue]);
    };
    expect(await credit("last_touch", 7)).toEqual([["tiktok", 0, "0.00"], ["email", 1, "20.00"]]);
    expect(await credit("linear", 7)).toEqual([["tiktok", 0.5, "10.00"], ["email", 0.5, "10.00"]]);
    expect(await credit("first_touch", 7)).toEqual([["tiktok", 1, "20.00"], ["email", 0, "0.00"]]);
    // The phone's visit was three days before the order: outside a 1-day window.
    expect(await credit("first_touch", 1)).toEqual([["email", 1, "20.00"]]);

    const j = await getCustomerJourney(workspace.id, annId, { model: "linear", window: 7 }, member);
    // Ann's own order 9001 came before the laptop's visit, and was found by her email.
    expect(j.orders.find((o) => o.order_id === "9001")).toMatchObject({ method: "email", value: "20.00", touches: [expect.objectContaining({ channel: "tiktok", share: 1 })] });
    // The data-driven models have no fit in this workspace yet.
    const markov = await getCustomerJourney(workspace.id, annId, { model: "markov", window: 7 }, member);
    expect(markov.orders.find((o) => o.order_id === "9002")).toMatchObject({ credits: "not_fitted", touches: [{ share: null, revenue: null }, { share: null, revenue: null }] });
  });

  it("says when the journey changed since the order's credit was stored", async () => {
    const { workspace, annId } = await annJourney();
    await session(workspace.id, PHONE, new Date("2026-11-01T12:00:00Z"), { channel: "organic", referrer: "https://www.google.com/" });
    await refreshTouchpoints(workspace.id, [PHONE]);
    const j = await getCustomerJourney(workspace.id, annId, { model: "linear", window: 7 }, member);
    const order = j.orders.find((o) => o.order_id === "9002")!;
    expect(order.credits_current).toBe(false);
    expect(order.touches.map((t) => t.share)).toEqual([0.3333, 0.3333, 0.3333]);
  });

  it("lists the orders of a customer without tracking data as not attributed", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const key = `c:${connection.id}:88`;
    await profile(workspace.id, { key, connectionId: connection.id, firstDay: "2026-11-20" });
    await placeOrder(scope, 8801, ORDER_AT, "15.00", 88n);
    await event(workspace.id, { key, connectionId: connection.id, orderId: 8801n, day: "2026-11-20", netSales: "15.00" });
    const j = await getCustomerJourney(workspace.id, customerIdOf(key), defaults, member);
    expect(j).toMatchObject({ visitors: [], visitors_total: 0, merges: [], sessions: [], sessions_total: 0, orders_total: 1 });
    expect(j.orders).toEqual([expect.objectContaining({ order_id: "8801", method: null, value: null, credits: "not_attributed", touches: [] })]);
  });

  it("includes the visitor an order was matched to by its checkout, when that visitor is not resolved to anyone yet", async () => {
    // The checkout named the order before the store synced it, and no later event resolved the visitor.
    const { workspace, connection, scope } = await attributionStore();
    await customer(scope, 701n, "cy@example.com");
    const key = `e:${emailHash("cy@example.com")}`;
    await profile(workspace.id, { key, emailHash: emailHash("cy@example.com"), connectionId: connection.id, firstDay: "2026-11-20" });
    await event(workspace.id, { key, connectionId: connection.id, orderId: 5001n, day: "2026-11-20", netSales: "10.00" });
    const v = unique("cid");
    await visitor(workspace.id, v);
    await session(workspace.id, v, new Date("2026-11-19T12:00:00Z"), { channel: "google", clickIdType: "gclid" });
    await refreshTouchpoints(workspace.id, [v]);
    await link(workspace.id, v, "order", "5001");
    await placeOrder(scope, 5001, ORDER_AT, "10.00", 701n);
    await attributeOrders(workspace.id, [{ connectionId: connection.id, orderId: 5001n }]);

    const j = await getCustomerJourney(workspace.id, customerIdOf(key), defaults, member);
    expect(j.visitors_total).toBe(1);
    expect(j.visitors[0]).toMatchObject({ anonymous_id: v, links: [{ kind: "order", store_id: "5001", links_customer: true }] });
    expect(j.sessions.map((s) => s.channel)).toEqual(["google"]);
    expect(j.orders[0]).toMatchObject({ order_id: "5001", method: "order_id", touches: [{ channel: "google", share: 1 }] });
  });

  it("masks the email for viewers", async () => {
    const { workspace, annId } = await annJourney();
    const j = await getCustomerJourney(workspace.id, annId, defaults, { revealEmail: false });
    expect(j.customer).toEqual({ id: annId, email: "A***@Example.com", email_masked: true });
  });

  it("shows the latest 200 sessions of a visitor that has many, saying how many there are", async () => {
    const { workspace } = await freshWorkspace();
    const key = `c:${unique("conn")}:77`;
    await profile(workspace.id, { key, connectionId: "c", firstDay: "2026-11-01" });
    const v = unique("bot");
    await visitor(workspace.id, v, key);
    for (let i = 0; i < 205; i++) await session(workspace.id, v, new Date(Date.UTC(2026, 10, 1, 0, i)), { channel: "direct", isBot: true });
    const j = await getCustomerJourney(workspace.id, customerIdOf(key), defaults, member);
    expect(j.sessions_total).toBe(205);
    expect(j.sessions).toHaveLength(200);
    expect(j.sessions[0]!.started_at).toBe("2026-11-01T03:24:00.000Z");
    expect(j.orders).toEqual([]);
  });

  it("is not found for another workspace's customer or an id that is not one", async () => {
    const { annId } = await annJourney();
    const other = await freshWorkspace();
    await expectAppError(getCustomerJourney(other.workspace.id, annId, defaults, member), "not_found");
    await expectAppError(getCustomerJourney(other.workspace.id, "not-an-id", defaults, member), "not_found");
  });
});
