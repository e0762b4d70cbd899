import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { GET as liveRoute } from "@/app/api/v1/workspaces/[slug]/tracking/live/route";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { importConnectionId } from "@/lib/imports/connection";
import type { TrackingSource } from "@/lib/tracking/event";
import { unique } from "../helpers";
import { apiKey, call, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValueOnce({ user: { id: userId }, expires: "" } as never);

async function writeKey(workspaceId: string, name: string) {
  const value = `sbw_${randomBytes(12).toString("hex")}`;
  return db.writeKey.create({
    data: { workspaceId, name, value, keyHash: createHash("sha256").update(value).digest("hex"), allowedOrigins: ["https://shop.example"] },
  });
}

type Row = {
  event: string; source: TrackingSource; receivedAt: Date; writeKeyId?: string | null; properties?: Record<string, string>; context?: Record<string, string>;
};

async function storeEvents(workspaceId: string, rows: Row[]) {
  await db.trackedEvent.createMany({
    data: rows.map((row) => ({
      workspaceId,
      messageId: unique("m"),
      event: row.event,
      occurredAt: new Date(row.receivedAt.getTime() - 500),
      receivedAt: row.receivedAt,
      anonymousId: "visitor-1",
      pageUrl: "https://shop.example/products/alpha?utm_source=google",
      properties: row.properties ?? {},
      context: row.context ?? { country: "US" },
      writeKeyId: row.writeKeyId ?? null,
      source: row.source,
    })),
  });
}

async function storeOrder(workspaceId: string, externalId: bigint) {
  const connectionId = await importConnectionId(workspaceId, "orders");
  const at = new Date("2026-11-30T12:00:00Z");
  await db.order.create({
    data: {
      workspaceId, connectionId, externalId, name: "#1001", createdAt: at, processedAt: at, updatedAt: at, currency: "USD", presentmentCurrency: "USD",
      subtotal: "10", totalDiscounts: "0", totalShipping: "0", totalTax: "0", totalPrice: "10", currentTotalPrice: "10", presentmentTotalPrice: "10",
    },
  });
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("GET /api/v1/workspaces/{slug}/tracking/live", () => {
  it("shows each key's last event and its last hour by event name, and the last 50 events newest first", async () => {
    const { owner, workspace } = await freshWorkspace();
    const site = await writeKey(workspace.id, "Storefront");
    const pixel = await writeKey(workspace.id, "Shopify pixel");
    await writeKey(workspace.id, "Unused");
    const rows: Row[] = [];
    for (let i = 0; i < 52; i++) rows.push({ event: "page_view", source: "browser", receivedAt: minutesAgo(59 - i), writeKeyId: site.id });
    rows.push({ event: "page_view", source: "browser", receivedAt: minutesAgo(90), writeKeyId: site.id });
    rows.push({ event: "product_viewed", source: "shopify_pixel", receivedAt: minutesAgo(2), writeKeyId: pixel.id });
    rows.push({ event: "page_view", source: "shopify_pixel", receivedAt: minutesAgo(1), writeKeyId: pixel.id });
    rows.push({ event: "order_synced", source: "server", receivedAt: minutesAgo(0.5) });
    await storeEvents(workspace.id, rows);

    const answer = await call(liveRoute, { method: "GET", key: await apiKey(workspace.id, owner.id, "viewer"), params: { slug: workspace.slug } });
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as import("@/lib/tracking/live-schema").LiveView;

    const byName = Object.fromEntries(body.keys.map((key) => [key.name, key]));
    expect(byName.Storefront).toMatchObject({ events_last_hour: 52, last_hour_by_event: [{ event: "page_view", count: 52 }], revoked: false });
    expect(byName.Storefront!.key_prefix).toBe(`${site.value.slice(0, 10)}…`);
    expect(byName["Shopify pixel"]!.events_last_hour).toBe(2);
    expect(byName["Shopify pixel"]!.last_hour_by_event).toEqual([{ event: "page_view", count: 1 }, { event: "product_viewed", count: 1 }]);
    expect(new Date(byName["Shopify pixel"]!.last_event_at!).getTime()).toBeCloseTo(minutesAgo(1).getTime(), -4);
    expect(byName.Unused).toMatchObject({ events_last_hour: 0, last_event_at: null, last_hour_by_event: [] });

    expect(body.events).toHaveLength(50);
    expect(body.events[0]).toMatchObject({ event: "order_synced", source: "server", write_key: null, country: "US", order_id: null });
    expect(body.events[1]).toMatchObject({ event: "page_view", source: "shopify_pixel", write_key: "Shopify pixel" });
    const received = body.events.map((event) => Date.parse(event.received_at));
    expect(received).toEqual([...received].sort((a, b) => b - a));
    expect(body.events.some((event) => Date.parse(event.received_at) < minutesAgo(80).getTime())).toBe(false);
  });

  it("shows the campaign each event's context carries, not what its page URL says", async () => {
    const { owner, workspace } = await freshWorkspace();
    await storeEvents(workspace.id, [
      { event: "page_view", source: "browser", receivedAt: minutesAgo(3), context: { utm_source: "google", utm_medium: "cpc", utm_campaign: "winter", gclid: "g-1", fbclid: "f-1" } },
      { event: "add_to_cart", source: "browser", receivedAt: minutesAgo(2), context: { ttclid: "t-9" } },
      // The URL has utm_source=google, but nothing was captured into the context.
      { event: "identify", source: "browser", receivedAt: minutesAgo(1), context: { country: "US" } },
    ]);
    const answer = await call(liveRoute, { method: "GET", key: await apiKey(workspace.id, owner.id, "viewer"), params: { slug: workspace.slug } });
    const events = (answer.body as unknown as import("@/lib/tracking/live-schema").LiveView).events;
    expect(Object.fromEntries(events.map((event) => [event.event, event.campaign]))).toEqual({
      page_view: { source: "google", medium: "cpc", name: "winter", click_id: "g-1", click_id_type: "gclid" },
      add_to_cart: { source: null, medium: null, name: null, click_id: "t-9", click_id_type: "ttclid" },
      identify: null,
    });
  });

  it("ticks each checklist step only from the rows that prove it", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const checklist = async () => {
      const answer = await call(liveRoute, { method: "GET", key, params: { slug: workspace.slug } });
      const items = (answer.body as { checklist: Record<string, { done: boolean }> }).checklist;
      return Object.fromEntries(Object.entries(items).map(([name, item]) => [name, item.done]));
    };
    const none = { snippet_installed: false, web_pixel_connected: false, checkout_events_arriving: false, orders_matched: false };
    expect(await checklist()).toEqual(none);

    await storeEvents(workspace.id, [{ event: "page_view", source: "browser", receivedAt: minutesAgo(5) }]);
    expect(await checklist()).toEqual({ ...none, snippet_installed: true });

    // A checkout naming an order the store never synced, and one whose order id is not a number.
    await storeEvents(workspace.id, [
      { event: "checkout_completed", source: "shopify_pixel", receivedAt: minutesAgo(4), properties: { order_id: "5000000000777" } },
      { event: "checkout_completed", source: "shopify_pixel", receivedAt: minutesAgo(4), properties: { order_id: "gid://shopify/Order/x" } },
    ]);
    expect(await checklist()).toEqual({ snippet_installed: true, web_pixel_connected: true, checkout_events_arriving: true, orders_matched: false });

    await storeOrder(workspace.id, 5000000000777n);
    expect(await checklist()).toEqual({ snippet_installed: true, web_pixel_connected: true, checkout_events_arriving: true, orders_matched: true });
  });

  it("never shows another workspace's keys, events or orders", async () => {
    const mine = await freshWorkspace();
    const theirs = await freshWorkspace();
    const their = await writeKey(theirs.workspace.id, "Their shop");
    await storeEvents(theirs.workspace.id, [{ event: "checkout_completed", source: "shopify_pixel", receivedAt: minutesAgo(1), writeKeyId: their.id, properties: { order_id: "42" } }]);
    await storeOrder(theirs.workspace.id, 42n);
    // My checkout names their order id: it must not count as matched.
    await storeEvents(mine.workspace.id, [{ event: "checkout_completed", source: "browser", receivedAt: minutesAgo(1), properties: { order_id: "42" } }]);

    const answer = await call(liveRoute, { method: "GET", key: await apiKey(mine.workspace.id, mine.owner.id, "viewer"), params: { slug: mine.workspace.slug } });
    const body = answer.body as { keys: unknown[]; events: { event: string; source: string }[]; checklist: Record<string, { done: boolean }> };
    expect(body.keys).toEqual([]);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]!.source).toBe("browser");
    expect(body.checklist.web_pixel_connected!.done).toBe(false);
    expect(body.checklist.orders_matched!.done).toBe(false);
  });

  it("is 404 for another workspace's key or a signed-in non-member", async () => {
    const mine = await freshWorkspace();
    const theirs = await freshWorkspace();
    const key = await apiKey(mine.workspace.id, mine.owner.id, "owner");
    expect((await call(liveRoute, { method: "GET", key, params: { slug: theirs.workspace.slug } })).status).toBe(404);
    signIn(mine.owner.id);
    expect((await call(liveRoute, { method: "GET", key: null, params: { slug: theirs.workspace.slug } })).status).toBe(404);
    signIn(theirs.owner.id);
    expect((await call(liveRoute, { method: "GET", key: null, params: { slug: theirs.workspace.slug } })).status).toBe(200);
  });
});
