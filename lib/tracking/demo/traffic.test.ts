import { describe, expect, it } from "vitest";
import { createDemoStore } from "@/lib/connectors/shopify/demo/generator";
import { BOT_SHARE, demoTraffic } from "./traffic";

const store = createDemoStore({ seed: 42, orders: 20_000, endDate: new Date("2026-11-01T05:00:00Z") });
const to = Date.parse("2026-11-20T05:00:00Z");
const from = to - 7 * 86_400_000;
const events = demoTraffic(store, from, to);

describe("demoTraffic", () => {
  it("is the same for the same seed and window, and differs for another seed", () => {
    expect(demoTraffic(store, from, to)).toEqual(events);
    const other = createDemoStore({ seed: 43, orders: 20_000, endDate: new Date("2026-11-01T05:00:00Z") });
    expect(demoTraffic(other, from, to).map((e) => e.message_id)).not.toEqual(events.map((e) => e.message_id));
  });

  it("gives every web order a checkout_completed naming it, at its creation time, after a landing on the order's own campaign URL", () => {
    const completed = new Map(events.filter((e) => e.event === "checkout_completed").map((e) => [e.properties.order_id, e]));
    let web = 0;
    for (let i = store.countBefore(from); i < store.countBefore(to); i++) {
      const order = store.order(i);
      if (!order.visit || order.test) {
        expect(completed.has(String(order.id))).toBe(false);
        continue;
      }
      web++;
      const done = completed.get(String(order.id));
      expect(done, order.name).toBeDefined();
      expect(Date.parse(done!.timestamp)).toBe(order.createdAt);
      // The session's landing: the visitor's last page view with a referrer or campaign before the checkout.
      const landing = events.filter((e) => e.anonymous_id === done!.anonymous_id && e.event === "page_view" && Date.parse(e.timestamp) < order.createdAt && Date.parse(e.timestamp) > order.createdAt - 30 * 60_000)[0]!;
      expect(landing.page_url).toBe(order.visit.landingPage);
      if (order.visit.utm) expect(landing.context).toMatchObject({ utm_source: order.visit.utm.source, utm_campaign: order.visit.utm.campaign });
      expect(done!.context.source).toBe("shopify_pixel");
    }
    expect(web).toBeGreaterThan(100);
    expect(completed.size).toBe(web);
  });

  it("has many sessions without an order, returning visitors and a few percent of bots", () => {
    const sessions = new Map<string, { bot: boolean; order: boolean }>();
    for (const e of events) {
      const key = e.message_id.replace(/-\d+$/, "");
      const s = sessions.get(key) ?? { bot: false, order: false };
      if (/bot|Headless/i.test(e.context.user_agent!)) s.bot = true;
      if (e.event === "checkout_completed") s.order = true;
      sessions.set(key, s);
    }
    const all = [...sessions.values()];
    const orders = all.filter((s) => s.order).length;
    expect(all.filter((s) => !s.order).length).toBeGreaterThan(4 * orders);
    const botShare = all.filter((s) => s.bot).length / all.length;
    expect(botShare).toBeGreaterThan(BOT_SHARE * 0.6);
    expect(botShare).toBeLessThan(0.05);
    // Bots move faster than people: a page every 300 ms.
    const bot = events.filter((e) => /Googlebot|AhrefsBot|HeadlessChrome/.test(e.context.user_agent!));
    const first = bot.filter((e) => e.anonymous_id === bot[0]!.anonymous_id).map((e) => Date.parse(e.timestamp));
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(first[9]! - first[0]!).toBeLessThan(5_000);

    const sessionsPerVisitor = new Map<string, Set<string>>();
    for (const e of events) sessionsPerVisitor.set(e.anonymous_id, (sessionsPerVisitor.get(e.anonymous_id) ?? new Set()).add(e.message_id.replace(/-\d+$/, "")));
    const repeat = [...sessionsPerVisitor.values()].filter((s) => s.size > 1).length;
    expect(repeat / sessionsPerVisitor.size).toBeGreaterThan(0.1);
  });

  it("leaves out events after now, keeps time order and never repeats a message id", () => {
    const now = to - 3 * 3_600_000;
    const cut = demoTraffic(store, from, to, now);
    expect(cut.length).toBeLessThan(events.length);
    expect(cut.every((e) => Date.parse(e.timestamp) <= now)).toBe(true);
    const times = events.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.message_id)).size).toBe(events.length);
    expect(events.every((e) => e.context.source === "browser" || e.context.source === "shopify_pixel")).toBe(true);
  });
});
