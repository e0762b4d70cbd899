import { describe, expect, it } from "vitest";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import type { TFunnelDefinition } from "@/lib/funnels/definition";
import { runFunnelReport, type FunnelReport } from "@/lib/funnels/report";
import { expectAppError } from "../helpers";
import { CRAWLER, IPHONE, samePerson, storeStream } from "./support";

// Funnel counts on hand-built event streams, in a workspace on New York time (UTC-4 in March 2026).

async function workspace() {
  const owner = await seedUser();
  return (await seedWorkspace(owner.id, { timeZone: "America/New_York" })).id;
}

const funnel = (events: string[], extra: Partial<TFunnelDefinition> = {}): TFunnelDefinition => ({
  steps: events.map((event) => ({ event })),
  window_days: 7,
  count_by: "visitor",
  breakdown: null,
  ...extra,
});

const RANGE = { date_from: "2026-03-10", date_to: "2026-03-12" };
const counts = (report: FunnelReport) => report.total.steps.map((s) => s.count);
const byValue = (report: FunnelReport) => Object.fromEntries(report.breakdown_rows.map((row) => [row.value, row.steps.map((s) => s.count)]));

describe("funnel counts", () => {
  it("counts a step only after the one before it, with conversion, drop-off and median times", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "ordered", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "ordered", at: "2026-03-10T14:01:00Z", event: "product_viewed" },
      { visitor: "ordered", at: "2026-03-10T14:03:00Z", event: "product_added_to_cart" },
      // Viewed a product before any page view: the product view does not follow the entry.
      { visitor: "reversed", at: "2026-03-10T14:00:00Z", event: "product_viewed" },
      { visitor: "reversed", at: "2026-03-10T14:02:00Z", event: "page_view" },
      { visitor: "reversed", at: "2026-03-10T14:05:00Z", event: "product_added_to_cart" },
    ]);
    const report = await runFunnelReport(ws, funnel(["page_view", "product_viewed", "product_added_to_cart"]), RANGE);
    expect(counts(report)).toEqual([2, 1, 1]);
    expect(report.total.steps.map((s) => s.conversion)).toEqual(["1.0000", "0.5000", "0.5000"]);
    expect(report.total.steps.map((s) => s.step_conversion)).toEqual(["1.0000", "0.5000", "1.0000"]);
    expect(report.total.steps.map((s) => s.drop_off)).toEqual([0, 1, 0]);
    expect(report.total.steps.map((s) => s.drop_off_rate)).toEqual(["0.0000", "0.5000", "0.0000"]);
    expect(report.total.steps.map((s) => s.median_seconds_from_previous)).toEqual([null, 60, 120]);
    expect(report.has_events).toBe(true);
    expect(report).toMatchObject({ date_from: "2026-03-10", date_to: "2026-03-12", time_zone: "America/New_York", bots_excluded: 0 });

    // The same events in the other order make the other visitor the converter.
    const reversed = await runFunnelReport(ws, funnel(["product_viewed", "page_view", "product_added_to_cart"]), RANGE);
    expect(counts(reversed)).toEqual([2, 1, 1]);
  });

  it("stops counting when the window from the first step has passed", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "late", at: "2026-03-10T15:00:00Z", event: "page_view" },
      { visitor: "late", at: "2026-03-18T15:00:00Z", event: "product_viewed" },
    ]);
    expect(counts(await runFunnelReport(ws, funnel(["page_view", "product_viewed"], { window_days: 7 }), RANGE))).toEqual([1, 0]);
    // A step after the range but inside the window still counts: later steps read the range plus the window.
    const wide = await runFunnelReport(ws, funnel(["page_view", "product_viewed"], { window_days: 9 }), RANGE);
    expect(counts(wide)).toEqual([1, 1]);
    expect(wide.total.steps[1]!.median_seconds_from_previous).toBe(8 * 86_400);
  });

  it("counts per visitor across visits, per session within one", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      // Two hours apart: two sessions.
      { visitor: "two-visits", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "two-visits", at: "2026-03-10T16:00:00Z", event: "product_viewed" },
      { visitor: "one-visit", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "one-visit", at: "2026-03-10T14:05:00Z", event: "product_viewed" },
    ]);
    const steps = ["page_view", "product_viewed"];
    expect(counts(await runFunnelReport(ws, funnel(steps, { count_by: "visitor" }), RANGE))).toEqual([2, 2]);
    expect(counts(await runFunnelReport(ws, funnel(steps, { count_by: "session" }), RANGE))).toEqual([2, 1]);
  });

  it("follows a person across devices once the identity graph links them", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "phone", at: "2026-03-10T14:00:00Z", event: "page_view", ua: IPHONE },
      { visitor: "laptop", at: "2026-03-10T15:00:00Z", event: "product_viewed" },
    ]);
    const steps = funnel(["page_view", "product_viewed"]);
    expect(counts(await runFunnelReport(ws, steps, RANGE))).toEqual([1, 0]);
    await samePerson(ws, "e:someone", ["phone", "laptop"]);
    expect(counts(await runFunnelReport(ws, steps, RANGE))).toEqual([1, 1]);
  });

  it("breaks down by the entry session's channel, device and landing page, and by first-touch campaign", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "fb", at: "2026-03-10T14:00:00Z", event: "page_view", url: "https://shop.example/products/a?utm_source=facebook&utm_medium=paid&utm_campaign=spring", ua: IPHONE },
      { visitor: "fb", at: "2026-03-10T14:02:00Z", event: "product_viewed", url: "https://shop.example/products/a", ua: IPHONE },
      { visitor: "direct-1", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "direct-2", at: "2026-03-11T14:00:00Z", event: "page_view", url: "https://shop.example/products/a#reviews" },
      { visitor: "direct-2", at: "2026-03-11T14:09:00Z", event: "product_viewed" },
    ]);
    const steps = ["page_view", "product_viewed"];
    const channel = await runFunnelReport(ws, funnel(steps, { breakdown: "channel" }), RANGE);
    expect(counts(channel)).toEqual([3, 2]);
    expect(byValue(channel)).toEqual({ direct: [2, 1], facebook: [1, 1] });
    expect(channel.breakdown_rows.map((row) => row.value)).toEqual(["direct", "facebook"]);
    expect(channel.breakdown_rows[0]!.steps[1]!.median_seconds_from_previous).toBe(540);

    expect(byValue(await runFunnelReport(ws, funnel(steps, { breakdown: "device" }), RANGE))).toEqual({ desktop: [2, 1], mobile: [1, 1] });
    expect(byValue(await runFunnelReport(ws, funnel(steps, { breakdown: "landing_page" }), RANGE))).toEqual({
      "https://shop.example/": [1, 0],
      "https://shop.example/products/a": [2, 2],
    });
    expect(byValue(await runFunnelReport(ws, funnel(steps, { breakdown: "campaign" }), RANGE))).toEqual({ spring: [1, 1], "(none)": [2, 1] });
  });

  it("leaves bots out by default and says how many", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "person", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "person", at: "2026-03-10T14:01:00Z", event: "product_viewed" },
      { visitor: "crawler", at: "2026-03-10T14:00:00Z", event: "page_view", ua: CRAWLER },
      { visitor: "crawler", at: "2026-03-10T14:00:01Z", event: "product_viewed", ua: CRAWLER },
    ]);
    const steps = funnel(["page_view", "product_viewed"]);
    const report = await runFunnelReport(ws, steps, RANGE);
    expect(counts(report)).toEqual([1, 1]);
    expect(report.bots_excluded).toBe(1);
    const all = await runFunnelReport(ws, steps, RANGE, { includeBots: true });
    expect(counts(all)).toEqual([2, 2]);
    expect(all.bots_excluded).toBe(0);
  });

  it("reads the range in the workspace's time zone and filters steps on a property", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      // 23:30 on the 9th in New York: before the range.
      { visitor: "evening", at: "2026-03-10T03:30:00Z", event: "page_view", url: "https://shop.example/products/a" },
      // 00:30 on the 10th.
      { visitor: "night", at: "2026-03-10T04:30:00Z", event: "page_view", url: "https://shop.example/products/B" },
      { visitor: "night", at: "2026-03-10T04:31:00Z", event: "checkout_started", properties: { value: "42.00" } },
    ]);
    const report = await runFunnelReport(ws, {
      ...funnel([]),
      steps: [{ event: "page_view", where: { property: "page_url", operator: "contains", value: "/products/b" } }, { event: "checkout_started", where: { property: "value", operator: "equals", value: "42.00" } }],
    }, RANGE);
    expect(counts(report)).toEqual([1, 1]);
    expect(report.steps[0]!.label).toBe("page_view (page_url contains /products/b)");
  });

  it("refuses a step naming an event never tracked that is not standard, naming the step", async () => {
    const ws = await workspace();
    await storeStream(ws, [{ visitor: "v", at: "2026-03-10T14:00:00Z", event: "quiz_finished" }]);
    await runFunnelReport(ws, funnel(["page_view", "quiz_finished"]), RANGE);
    const error = await expectAppError(runFunnelReport(ws, funnel(["page_view", "quiz_started", "checkout_completed"]), RANGE), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["steps.1"]);
  });

  it("answers zeros and has_events false for a workspace without tracking", async () => {
    const ws = await workspace();
    const report = await runFunnelReport(ws, funnel(["page_view", "checkout_completed"]), RANGE);
    expect(counts(report)).toEqual([0, 0]);
    expect(report.total.steps[1]!.conversion).toBeNull();
    expect(report.has_events).toBe(false);
  });
});
