import { describe, expect, it } from "vitest";
import { localTime } from "@/lib/time/zone";
import { newsletterIssues, planProgram, type TProgramInput } from "./program-plan";

const NOW = new Date("2026-11-20T15:00:00Z");
const FROM = new Date(NOW.getTime() - 14 * 86_400_000);
const TZ = "America/New_York";

const input = (overrides: Partial<TProgramInput> = {}): TProgramInput => ({
  seed: 7,
  now: NOW,
  timeZone: TZ,
  from: FROM,
  customers: Array.from({ length: 300 }, (_, k) => ({ root: 1000 + k, since: new Date(FROM.getTime() - (k + 1) * 3_600_000) })),
  newCustomers: [{ root: 5000, since: new Date(FROM.getTime() + 2 * 86_400_000) }],
  purchases: [
    { orderId: "5000000000123", root: 1001, visitorId: "buyer-1", sessionStartedAt: new Date(NOW.getTime() - 2 * 86_400_000), landingPage: "https://alpha-hearing.example/products/alpha?utm_source=email&utm_medium=email&utm_campaign=winback" },
    { orderId: "5000000000124", root: null, visitorId: "guest-1", sessionStartedAt: new Date(NOW.getTime() - 86_400_000), landingPage: "https://alpha-hearing.example/?utm_source=google&utm_medium=cpc" },
  ],
  ...overrides,
});

describe("the demo program's plan", () => {
  it("sends the newsletter on Tuesdays at 10:00 local time within the span", () => {
    const issues = newsletterIssues(FROM, NOW, TZ);
    expect(issues).toHaveLength(2);
    for (const at of issues) {
      expect(localTime(at, TZ)).toBe("10:00");
      expect(new Date(at.toLocaleString("en-US", { timeZone: TZ })).getDay()).toBe(2);
    }
  });

  it("makes an email-landed purchase the click of a send: 20 s before its session, by its visitor, landing with the session's tags", () => {
    const plan = planProgram(input());
    const click = plan.clicks.find((c) => c.visitorId === "buyer-1")!;
    expect(click.at.getTime()).toBe(NOW.getTime() - 2 * 86_400_000 - 20_000);
    expect(click.machine).toBeNull();
    const send = plan.sends.find((s) => s.id === click.sendId)!;
    expect(send).toMatchObject({ campaign: "cart", template: "cart-1", status: "delivered", customerId: "7000000001001", email: "customer-1001@example.com" });
    expect(send.sentAt.getTime()).toBeLessThan(click.at.getTime());
    const url = new URL(click.url);
    expect([url.pathname, url.searchParams.get("utm_campaign")]).toEqual(["/products/alpha", "winback"]);
    expect(plan.landings.find((l) => l.clickId === click.clickId)).toMatchObject({ visitorId: "buyer-1", pageUrl: click.url });
    // A guest who came through search got nothing from the program.
    expect(plan.clicks.some((c) => c.visitorId === "guest-1")).toBe(false);
  });

  it("flags proxies' opens and scanners' clicks by the machine rule, and never gives them a visitor", () => {
    const plan = planProgram(input());
    const proxyOpens = plan.opens.filter((o) => o.ipPrefix?.startsWith("17."));
    expect(proxyOpens.length).toBeGreaterThan(10);
    expect(proxyOpens.every((o) => o.machine === "proxy_range")).toBe(true);
    const scanned = plan.clicks.filter((c) => c.ipPrefix !== null);
    expect(scanned.length).toBeGreaterThan(0);
    expect(scanned.every((c) => c.machine !== null && c.visitorId === null)).toBe(true);
    expect(plan.opens.filter((o) => o.ipPrefix === null).every((o) => o.machine === null)).toBe(true);
    // Every send it engaged with exists, and ids are unique.
    const ids = new Set(plan.sends.map((s) => s.id));
    expect(ids.size).toBe(plan.sends.length);
    expect([...plan.opens, ...plan.clicks].every((i) => ids.has(i.sendId))).toBe(true);
    expect(new Set(plan.clicks.map((c) => c.clickId)).size).toBe(plan.clicks.length);
  });

  it("is a function of its input: the same seed gives the same program, another seed another", () => {
    expect(planProgram(input())).toEqual(planProgram(input()));
    expect(planProgram(input({ seed: 8 })).opens).not.toEqual(planProgram(input()).opens);
    // Nothing is sent before the span or after now.
    expect(planProgram(input()).sends.every((s) => s.sentAt >= FROM && s.sentAt < NOW)).toBe(true);
  });

  it("holds only what has happened by now, even just after a newsletter issue went out", () => {
    const issue = newsletterIssues(FROM, NOW, TZ).at(-1);
    const now = new Date(issue!.getTime() + 15 * 60_000);
    const plan = planProgram(input({ now, customers: Array.from({ length: 2_000 }, (_, k) => ({ root: 1000 + k, since: new Date(FROM.getTime() - (k + 1) * 60_000) })) }));
    expect(plan.sends.filter((s) => s.sentAt >= issue!).length).toBeGreaterThan(100);
    for (const rows of [plan.opens, plan.clicks, plan.landings]) expect(rows.length).toBeGreaterThan(0);
    for (const rows of [plan.opens, plan.clicks, plan.landings, plan.unsubscribes]) expect(rows.filter((row) => row.at >= now)).toEqual([]);
  });
});
