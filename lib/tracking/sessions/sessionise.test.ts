import { describe, expect, it } from "vitest";
import { sessionise, SESSION_GAP_MS, type SessionEvent } from "./sessionise";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

let n = 0;
function ev(at: string | number, over: Partial<SessionEvent> = {}): SessionEvent {
  n++;
  return {
    messageId: `m${String(n).padStart(4, "0")}`,
    event: "page_view",
    at: new Date(at),
    pageUrl: "https://shop.example/",
    referrer: null,
    userAgent: CHROME,
    country: "DE",
    engagedMs: 0,
    webdriver: false,
    ...over,
  };
}

const T0 = Date.parse("2026-06-01T10:00:00Z");

describe("sessionise", () => {
  it("ends a session after 30 minutes without events, not after 29:59", () => {
    const split = sessionise("v1", [ev(T0), ev(T0 + SESSION_GAP_MS)], "UTC");
    expect(split.map((s) => s.eventCount)).toEqual([1, 1]);
    const kept = sessionise("v1", [ev(T0), ev(T0 + SESSION_GAP_MS - 1000), ev(T0 + 2 * SESSION_GAP_MS - 2000)], "UTC");
    expect(kept).toHaveLength(1);
    expect(kept[0]!.eventCount).toBe(3);
    expect(kept[0]!.endedAt.getTime() - kept[0]!.startedAt.getTime()).toBe(2 * SESSION_GAP_MS - 2000);
  });

  it("starts a new session when the campaign changes mid-visit, but not on pages without one", () => {
    const sessions = sessionise("v1", [
      ev(T0, { pageUrl: "https://shop.example/?utm_source=facebook&utm_medium=paid&utm_campaign=spring" }),
      ev(T0 + 60_000, { pageUrl: "https://shop.example/products/a" }),
      ev(T0 + 120_000, { pageUrl: "https://shop.example/?utm_source=facebook&utm_medium=paid&utm_campaign=spring" }),
      ev(T0 + 180_000, { pageUrl: "https://shop.example/?gclid=abc", referrer: "https://www.google.com/" }),
      ev(T0 + 240_000, { pageUrl: "https://shop.example/?gclid=def" }),
    ], "UTC");
    expect(sessions.map((s) => [s.eventCount, s.channel, s.utmCampaign, s.clickId])).toEqual([
      [3, "facebook", "spring", null],
      [1, "google", null, "abc"],
      [1, "google", null, "def"],
    ]);
    expect(sessions[1]!.clickIdType).toBe("gclid");
  });

  it("puts a session over midnight on the local day it started, in the workspace's zone", () => {
    // 23:50 and 00:10 in New York (UTC-4 in June): one session, on the 1st there, the 2nd in UTC.
    const events = [ev("2026-06-02T03:50:00Z"), ev("2026-06-02T04:10:00Z")];
    const [ny] = sessionise("v1", events, "America/New_York");
    expect(ny!.day).toBe("2026-06-01");
    expect(ny!.eventCount).toBe(2);
    expect(sessionise("v1", events, "UTC")[0]!.day).toBe("2026-06-02");
    expect(sessionise("v1", events, "Asia/Tokyo")[0]!.day).toBe("2026-06-02");
  });

  it("gives the same sessions, with the same ids, whatever order events arrive in", () => {
    const events = [
      ev(T0, { pageUrl: "https://shop.example/landing", referrer: "https://duckduckgo.com/" }),
      ev(T0 + 10 * 60_000),
      ev(T0 + 50 * 60_000),
      ev(T0 + 55 * 60_000, { event: "add_to_cart" }),
    ];
    const inOrder = sessionise("v1", events, "UTC");
    const shuffled = sessionise("v1", [events[3]!, events[1]!, events[2]!, events[0]!], "UTC");
    expect(shuffled).toEqual(inOrder);
    expect(inOrder.map((s) => s.eventCount)).toEqual([2, 2]);
    expect(inOrder[0]!.landingPage).toBe("https://shop.example/landing");
    expect(inOrder[0]!.channel).toBe("organic");
    expect(inOrder[1]!.pageViews).toBe(1);
    expect(new Set(inOrder.map((s) => s.id)).size).toBe(2);
  });

  it("lets a late event bridge two sessions into one", () => {
    const a = ev(T0);
    const b = ev(T0 + 40 * 60_000);
    expect(sessionise("v1", [a, b], "UTC")).toHaveLength(2);
    const late = ev(T0 + 20 * 60_000);
    const merged = sessionise("v1", [a, b, late], "UTC");
    expect(merged).toHaveLength(1);
    expect(merged[0]!.messageIds).toEqual([a.messageId, late.messageId, b.messageId]);
  });

  it("records device, country, engaged time and page views", () => {
    const [s] = sessionise("v1", [
      ev(T0, { userAgent: IPHONE, country: null }),
      ev(T0 + 1000, { userAgent: IPHONE, country: "FR", event: "page_engaged", engagedMs: 12_500 }),
      ev(T0 + 2000, { userAgent: IPHONE, event: "page_engaged", engagedMs: 3_000 }),
    ], "UTC");
    expect(s).toMatchObject({ device: "mobile", country: "FR", engagedMs: 15_500, pageViews: 1, eventCount: 3, isBot: false, botReason: null });
  });

  it("flags bots by user agent, headless browsers, webdriver and page views faster than a person", () => {
    const reason = (events: SessionEvent[]) => sessionise("v", events, "UTC").map((s) => s.botReason);
    expect(reason([ev(T0, { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" })])).toEqual(["user_agent"]);
    expect(reason([ev(T0, { userAgent: "curl/8.5.0" })])).toEqual(["user_agent"]);
    expect(reason([ev(T0, { userAgent: CHROME.replace("Chrome/", "HeadlessChrome/") })])).toEqual(["headless"]);
    expect(reason([ev(T0, { webdriver: true })])).toEqual(["webdriver"]);
    const fast = Array.from({ length: 10 }, (_, i) => ev(T0 + i * 400));
    expect(reason(fast)).toEqual(["too_fast"]);
    const brisk = Array.from({ length: 10 }, (_, i) => ev(T0 + i * 600));
    expect(reason(brisk)).toEqual([null]);
  });
});
