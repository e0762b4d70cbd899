import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { attributeOrders } from "@/lib/attribution/recompute";
import { parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedSends } from "@/lib/owned/demo/factories";
import { ORDER_AT, attributionStore, before, creditsOf, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// Owned-channel clicks in the multi-touch attribution: a person's click on a tracked SMS link is
// a touch of the SMS channel and its flow, beside a paid Google visit, and the visit it opened
// is not counted twice. Test sends' and machines' clicks, and clicks still undecided, are no touches.

const HOUR = 3_600_000;

describe("owned-channel clicks as touchpoints", () => {
  it("credits a person's SMS click with its channel and flow beside a paid visit, once per visit", async () => {
    const { workspace, connection, scope } = await attributionStore();
    const ws = workspace.id;
    const buyer = unique("cid");
    await visitor(ws, buyer);
    await session(ws, buyer, before(3), { channel: "google", utmSource: "google", utmMedium: "cpc", utmCampaign: "Winter", clickIdType: "gclid" });

    const { campaign, templates } = await seedOwnedCampaign(ws, { name: "Cart reminder", kind: "flow", channel: "sms", templates: ["Reminder 1"] });
    const [sent, test, scanned, pending] = await seedOwnedSends(ws, "UTC", [0, 1, 2, 3].map((i) => ({
      campaignId: campaign.id, templateId: templates[0]!.id, channel: "sms" as const, sentAt: before(2), isTest: i === 1,
    })));
    const clickAt = before(1);
    const person = await seedOwnedClick(ws, { sendId: sent!, at: clickAt, visitorId: buyer, human: true });
    // The visit the click opened: its landing URL carries the click id.
    await session(ws, buyer, new Date(clickAt.getTime() + 3_000), {
      channel: "sms", utmSource: "sms", utmMedium: "sms", utmCampaign: "Cart reminder", landingPage: `https://shop.example/cart?utm_source=sms&utm_medium=sms&sb_cid=${person.clickId}`,
    });
    // Not touches: a test send's click, a scanner's, and one not judged yet.
    await seedOwnedClick(ws, { sendId: test!, at: before(1.5), visitorId: buyer, human: true });
    await seedOwnedClick(ws, { sendId: scanned!, at: before(1.4), visitorId: buyer, human: true, machine: true });
    await seedOwnedClick(ws, { sendId: pending!, at: new Date(ORDER_AT.getTime() - HOUR), visitorId: buyer, human: null });
    await refreshTouchpoints(ws, [buyer]);

    const touches = await db.attributionTouchpoint.findMany({ where: { workspaceId: ws }, orderBy: { at: "asc" }, select: { sourceKind: true, channel: true, campaignId: true, paid: true, at: true } });
    expect(touches).toEqual([
      { sourceKind: "session", channel: "google", campaignId: null, paid: true, at: before(3) },
      { sourceKind: "owned_click", channel: "sms", campaignId: `owned:${campaign.id}`, paid: false, at: clickAt },
    ]);

    await link(ws, buyer, "order", "601");
    await placeOrder(scope, 601, ORDER_AT, "100.00");
    await attributeOrders(ws, [{ connectionId: connection.id, orderId: 601n }]);
    expect(await creditsOf(ws, 601, "linear", 7)).toEqual({ google: { orders: 500_000n, revenue: 5_000n }, sms: { orders: 500_000n, revenue: 5_000n } });
    expect(await creditsOf(ws, 601, "last_touch", 7)).toEqual({ sms: { orders: 1_000_000n, revenue: 10_000n } });
    // Paid-only credit leaves owned channels out: they are not bought media.
    expect(await creditsOf(ws, 601, "last_touch", 7, true)).toEqual({ google: { orders: 1_000_000n, revenue: 10_000n } });

    // The report names owned channels and campaigns beside paid ones.
    const query = (q: string) => parseAttributionQuery(new URLSearchParams(`date_from=2026-11-01&date_to=2026-11-30&model=linear&window=7&${q}`));
    const byChannel = await runAttributionReport(ws, query("group_by=channel"));
    expect(byChannel.rows.map((r) => [r.key, r.label, r.revenue])).toEqual(expect.arrayContaining([["sms", "SMS", "50.00"], ["google", "Google", "50.00"]]));
    const byCampaign = await runAttributionReport(ws, query("group_by=campaign"));
    expect(byCampaign.rows.find((r) => r.key === `owned:${campaign.id}`)).toMatchObject({ label: "Cart reminder", revenue: "50.00" });

    // A verdict turned (the click was a machine's after all): the click stops being a touch and its visit is one again.
    await db.ownedClick.update({ where: { workspaceId_id: { workspaceId: ws, id: person.id } }, data: { human: false } });
    await refreshTouchpoints(ws, [buyer]);
    expect((await db.attributionTouchpoint.findMany({ where: { workspaceId: ws }, orderBy: { at: "asc" }, select: { sourceKind: true, channel: true } }))).toEqual([
      { sourceKind: "session", channel: "google" },
      { sourceKind: "session", channel: "sms" },
    ]);
  });

  it("keeps another workspace's clicks out of a visitor's touchpoints", async () => {
    const mine = await attributionStore();
    const theirs = await attributionStore();
    const shared = unique("cid");
    const { campaign, templates } = await seedOwnedCampaign(theirs.workspace.id, { name: "Theirs", templates: ["T"] });
    const [send] = await seedOwnedSends(theirs.workspace.id, "UTC", [{ campaignId: campaign.id, templateId: templates[0]!.id, sentAt: before(2) }]);
    await seedOwnedClick(theirs.workspace.id, { sendId: send!, at: before(1), visitorId: shared, human: true });
    await visitor(mine.workspace.id, shared);
    await session(mine.workspace.id, shared, before(1), { channel: "direct" });
    await refreshTouchpoints(mine.workspace.id, [shared]);
    expect(await db.attributionTouchpoint.findMany({ where: { workspaceId: mine.workspace.id }, select: { sourceKind: true } })).toEqual([{ sourceKind: "session" }]);
  });
});
