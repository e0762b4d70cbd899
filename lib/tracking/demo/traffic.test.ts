import { describe, expect, it } from "vitest";
import { normaliseCampaignName } from "@/lib/attribution/models";
import { DEMO_AD_ACCOUNTS } from "@/lib/connectors/demo-ads/accounts";
import { createDemoStore } from "@/lib/connectors/shopify/demo/generator";
import { BOT_SHARE, demoTraffic, JOURNEY_DAYS, type DemoTrafficEvent } from "./traffic";

const store = createDemoStore({ seed: 42, orders: 20_000, endDate: new Date("2026-11-01T05:00:00Z") });
const to = Date.parse("2026-11-20T05:00:00Z");
const from = to - 7 * 86_400_000;
const events = demoTraffic(store, from, to);
const DAY = 86_400_000;
const sessionOf = (e: DemoTrafficEvent) => e.message_id.replace(/-\d+$/, "");
/** Landing page views of tagged links: only a session's landing carries the link's parameters. */
const landings = events.filter((e) => e.event === "page_view" && /[?&]utm_campaign=/.test(e.page_url ?? ""));

describe("demoTraffic", () => {
  it("is the same for the same seed and window, and differs for another seed", () => {
    expect(demoTraffic(store, from, to)).toEqual(events);
    const other = createDemoStore({ seed: 43, orders: 20_000, endDate: new Date("2026-11-01T05:00:00Z") });
    expect(demoTraffic(other, from, to).map((e) => e.message_id)).not.toEqual(events.map((e) => e.message_id));
  });

  it("gives most web orders a checkout_completed naming it, at its creation time, after a landing on the order's own campaign URL", () => {
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
      // A buyer who declined tracking left no events at all.
      if (!done) continue;
      expect(Date.parse(done.timestamp)).toBe(order.createdAt);
      // The session's landing: the visitor's first page view in the half hour before the checkout.
      const landing = events.filter((e) => e.anonymous_id === done.anonymous_id && e.event === "page_view" && Date.parse(e.timestamp) < order.createdAt && Date.parse(e.timestamp) > order.createdAt - 30 * 60_000)[0]!;
      expect(landing.page_url!.startsWith(order.visit.landingPage), String(landing.page_url)).toBe(true);
      if (order.visit.utm) expect(landing.context).toMatchObject({ utm_source: order.visit.utm.source, utm_campaign: order.visit.utm.campaign });
      // Google and Meta links carry the campaign id their URL template appends; TikTok's none.
      const utmId = new URL(landing.page_url!).searchParams.get("utm_id");
      const account = DEMO_AD_ACCOUNTS.find((a) => a.channel === order.visit!.channel && a.provider !== "tiktok_ads");
      if (account) expect(account.campaigns.map((c) => c.id)).toContain(utmId);
      else expect(utmId).toBeNull();
      expect(done.context.source).toBe("shopify_pixel");
    }
    expect(web).toBeGreaterThan(100);
    const tracked = completed.size / web;
    expect(tracked).toBeGreaterThan(0.8);
    expect(tracked).toBeLessThan(0.95);
  });

  it("opens most buyers' journeys days or weeks before on paid social, and closes them with the purchase session", () => {
    const checkouts = events.filter((e) => e.event === "checkout_completed");
    let multi = 0, socialOpeners = 0, beyond14 = 0, beyond28 = 0;
    for (const done of checkouts) {
      const at = Date.parse(done.timestamp);
      const visits = new Map<string, DemoTrafficEvent>();
      for (const e of events) {
        if (e.anonymous_id !== done.anonymous_id || e.event !== "page_view" || Date.parse(e.timestamp) > at || Date.parse(e.timestamp) < at - JOURNEY_DAYS * DAY) continue;
        if (!visits.has(sessionOf(e))) visits.set(sessionOf(e), e);
      }
      if (visits.size < 2) continue;
      multi++;
      const opener = [...visits.values()][0]!;
      if (["facebook", "tiktok"].includes(String(opener.context.utm_source))) socialOpeners++;
      if (Date.parse(opener.timestamp) < at - 14 * DAY) beyond14++;
      if (Date.parse(opener.timestamp) < at - 28 * DAY) beyond28++;
    }
    expect(checkouts.length).toBeGreaterThan(100);
    // About 70% of journeys have visits before the purchase (a few returning buyers' more).
    expect(multi / checkouts.length).toBeGreaterThan(0.6);
    expect(multi / checkouts.length).toBeLessThan(0.9);
    expect(socialOpeners / multi).toBeGreaterThan(0.6);
    expect(beyond14 / multi).toBeGreaterThan(0.3);
    expect(beyond28 / multi).toBeGreaterThan(0.05);
  });

  it("tags ad links with the demo accounts' campaign ids, their names in other spellings, and a few tags no campaign has", () => {
    const campaigns = DEMO_AD_ACCOUNTS.flatMap((a) => a.campaigns);
    const ids = new Set(campaigns.map((c) => c.id));
    const names = new Set(campaigns.map((c) => normaliseCampaignName(c.name)));
    const tally = { id: 0, name: 0, none: 0 };
    const unmatched = new Set<string>();
    for (const e of landings) {
      const params = new URL(e.page_url!).searchParams;
      const campaign = params.get("utm_campaign");
      if (!campaign || params.get("utm_medium") === "email") continue;
      const id = params.get("utm_id");
      if (id) {
        expect(ids.has(id), id).toBe(true);
        tally.id++;
      } else if (names.has(normaliseCampaignName(campaign))) {
        tally.name++;
      } else {
        tally.none++;
        unmatched.add(campaign);
      }
    }
    const total = tally.id + tally.name + tally.none;
    expect(tally.id / total).toBeGreaterThan(0.3);
    expect(tally.name / total).toBeGreaterThan(0.2);
    expect(tally.none / total).toBeGreaterThan(0.03);
    expect(tally.none / total).toBeLessThan(0.2);
    // Spelled otherwise than the platform spells it, yet equal once normalised.
    expect(landings.some((e) => new URL(e.page_url!).searchParams.get("utm_campaign") === "prospecting_broad")).toBe(true);
    expect([...unmatched]).toEqual(expect.arrayContaining(["spark-ads", "pmax-test"]));
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
    expect(all.filter((s) => !s.order).length).toBeGreaterThan(2.5 * orders);
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
