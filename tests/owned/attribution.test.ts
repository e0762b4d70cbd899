import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { attributeOrders } from "@/lib/attribution/recompute";
import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import { attributeOwnedOrders, judgeUndecidedClicks, recomputeRecentOwnedOrders } from "@/lib/owned/attribution/attribute";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedOpen, seedOwnedSends } from "@/lib/owned/demo/factories";
import { attributionStore, customer, emailHash, placeOrder, type TScope } from "../attribution/support";

// Owned attribution on stored rows: the human check at conversion time, the choice of click and
// open, the hourly recompute's window and the hourly check of undecided clicks.

const MIN = 60_000;
const HOUR = 60 * MIN;
// Recent, so tracked events land in partitions that exist.
const ORDER_AT = new Date(Math.floor((Date.now() - 2 * 24 * HOUR) / HOUR) * HOUR);
const before = (ms: number) => new Date(ORDER_AT.getTime() - ms);

async function event(workspaceId: string, anonymousId: string, at: Date) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
     VALUES ($1, $2, 'page', $3::timestamp, $3::timestamp, $4, '{}', '{}', 'browser')`,
    [workspaceId, crypto.randomUUID(), utc(at), anonymousId],
  );
}

async function shop() {
  const store = await attributionStore("UTC");
  const ws = store.workspace.id;
  await customer(store.scope, 7n, "ann@example.test");
  const { campaign, templates } = await seedOwnedCampaign(ws, { name: "Abandoned cart", kind: "flow", templates: ["Reminder"] });
  const sends = await seedOwnedSends(ws, "UTC", [0, 1].map(() => ({ campaignId: campaign.id, templateId: templates[0]!.id, sentAt: before(6 * HOUR), emailHash: emailHash("ann@example.test") })));
  return { ...store, ws, campaign, sends };
}

async function order(scope: TScope, id: number, at: Date) {
  await placeOrder(scope, id, at, "80.00", 7n);
  await attributeOrders(scope.workspaceId, [{ connectionId: scope.connectionId, orderId: BigInt(id) }]);
  return { connectionId: scope.connectionId, orderId: BigInt(id) };
}

const conversionsOf = (workspaceId: string) =>
  db.ownedConversion.findMany({ where: { workspaceId }, orderBy: { kind: "asc" }, select: { kind: true, clickId: true, openId: true, revenueMinor: true } });

describe("owned attribution at conversion time", () => {
  it("judges the customer's clicks, then takes the latest human click and the latest open", async () => {
    const { ws, scope, sends } = await shop();
    // A person: the page view comes exactly 5:00 after the click. A scanner-like visitor: nothing within the window.
    const person = await seedOwnedClick(ws, { sendId: sends[0]!, at: before(3 * HOUR), visitorId: "va" });
    await event(ws, "va", new Date(person.at.getTime() + 5 * MIN));
    const ghost = await seedOwnedClick(ws, { sendId: sends[1]!, at: before(HOUR), visitorId: "vb" });
    await event(ws, "vb", new Date(ghost.at.getTime() + 5 * MIN + 1_000));
    const open = await seedOwnedOpen(ws, { sendId: sends[1]!, at: before(30 * MIN) });
    const ref = await order(scope, 501, ORDER_AT);

    expect(await attributeOwnedOrders(ws, [ref], new Date(ORDER_AT.getTime() + MIN))).toBe(2);
    expect(await conversionsOf(ws)).toEqual([
      { kind: "click", clickId: person.id, openId: null, revenueMinor: 8_000n },
      { kind: "open", clickId: null, openId: open.id, revenueMinor: 8_000n },
    ]);
    const judged = await db.ownedClick.findMany({ where: { workspaceId: ws }, orderBy: { at: "asc" }, select: { human: true } });
    expect(judged).toEqual([{ human: true }, { human: false }]);
    // The human click is an open of its send too.
    expect(await db.ownedOpen.count({ where: { workspaceId: ws, source: "human_click", clickId: person.id } })).toBe(1);
  });

  it("falls back to an open alone, and ignores clicks and opens more than 24 hours before the order", async () => {
    const { ws, scope, sends } = await shop();
    const old = await seedOwnedClick(ws, { sendId: sends[0]!, at: before(24 * HOUR + MIN), visitorId: "va" });
    await event(ws, "va", old.at);
    await seedOwnedOpen(ws, { sendId: sends[0]!, at: before(25 * HOUR) });
    const ref = await order(scope, 502, ORDER_AT);
    expect(await attributeOwnedOrders(ws, [ref])).toBe(0);
    const open = await seedOwnedOpen(ws, { sendId: sends[1]!, at: before(2 * HOUR) });
    expect(await attributeOwnedOrders(ws, [ref])).toBe(1);
    expect(await conversionsOf(ws)).toEqual([{ kind: "open", clickId: null, openId: open.id, revenueMinor: 8_000n }]);
  });

  it("gives an order attributed by several passes at once its rows once", async () => {
    const { ws, scope, sends } = await shop();
    const open = await seedOwnedOpen(ws, { sendId: sends[0]!, at: before(2 * HOUR) });
    const ref = await order(scope, 503, ORDER_AT);
    expect(await Promise.all(Array.from({ length: 4 }, () => attributeOwnedOrders(ws, [ref])))).toEqual([1, 1, 1, 1]);
    expect(await conversionsOf(ws)).toEqual([{ kind: "open", clickId: null, openId: open.id, revenueMinor: 8_000n }]);
  });
});

describe("the hourly recompute", () => {
  it("takes orders 20 to 740 minutes old without attribution, and again when their rows are lost", async () => {
    const { ws, scope, sends } = await shop();
    const open = await seedOwnedOpen(ws, { sendId: sends[0]!, at: before(HOUR) });
    await order(scope, 503, ORDER_AT);
    const at = (minutes: number) => new Date(ORDER_AT.getTime() + minutes * MIN);
    expect((await recomputeRecentOwnedOrders(at(19), ws)).orders).toBe(0);
    expect((await recomputeRecentOwnedOrders(at(741), ws)).orders).toBe(0);
    expect(await recomputeRecentOwnedOrders(at(20), ws)).toEqual({ orders: 1, conversions: 1 });
    expect((await recomputeRecentOwnedOrders(at(740), ws)).orders).toBe(0);
    // The open's row is gone (restated): the order is redone and finds the other open.
    await db.ownedOpen.delete({ where: { workspaceId_id: { workspaceId: ws, id: open.id } } });
    const replacement = await seedOwnedOpen(ws, { sendId: sends[1]!, at: before(2 * HOUR) });
    expect(await recomputeRecentOwnedOrders(at(60), ws)).toEqual({ orders: 1, conversions: 1 });
    expect(await conversionsOf(ws)).toEqual([{ kind: "open", clickId: null, openId: replacement.id, revenueMinor: 8_000n }]);
  });
});

describe("the hourly human check", () => {
  it("decides undecided clicks of 30 minutes or more by the -2:00/+5:00 window and leaves younger ones", async () => {
    const { ws, sends } = await shop();
    const now = ORDER_AT;
    const edge = await seedOwnedClick(ws, { sendId: sends[0]!, at: before(40 * MIN), visitorId: "v1" });
    await event(ws, "v1", new Date(edge.at.getTime() - 2 * MIN));
    const outside = await seedOwnedClick(ws, { sendId: sends[1]!, at: before(50 * MIN), visitorId: "v2" });
    await event(ws, "v2", new Date(outside.at.getTime() - 2 * MIN - 1_000));
    const young = await seedOwnedClick(ws, { sendId: sends[1]!, at: before(29 * MIN), visitorId: "v3" });
    await event(ws, "v3", young.at);
    expect(await judgeUndecidedClicks(now, ws)).toEqual({ clicks: 2, human: 1, queued: [] });
    const human = async (id: bigint) => (await db.ownedClick.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: ws, id } } })).human;
    expect([await human(edge.id), await human(outside.id), await human(young.id)]).toEqual([true, false, null]);
  });

  it("judges a platform's click (no click id to tie it) by its recipient's known visitors, within the same window", async () => {
    const { ws, sends } = await shop();
    const now = ORDER_AT;
    const person = `e:${emailHash("ann@example.test")}`;
    for (const [anonymousId, personKey] of [["ann-phone", person], ["stranger", null]] as const) {
      await db.visitor.create({ data: { workspaceId: ws, anonymousId, firstSeenAt: before(48 * HOUR), lastSeenAt: before(HOUR), personKey, identifiedAt: personKey ? before(48 * HOUR) : null } });
    }
    // Klaviyo's clicks land without a visitor.
    const read = await seedOwnedClick(ws, { sendId: sends[0]!, at: before(3 * HOUR) });
    await event(ws, "ann-phone", new Date(read.at.getTime() + 4 * MIN));
    const unread = await seedOwnedClick(ws, { sendId: sends[1]!, at: before(2 * HOUR) });
    // Ann was on the site, but 5:01 after; a stranger was there at once.
    await event(ws, "ann-phone", new Date(unread.at.getTime() + 5 * MIN + 1_000));
    await event(ws, "stranger", unread.at);
    expect(await judgeUndecidedClicks(now, ws)).toMatchObject({ clicks: 2, human: 1 });
    const row = async (id: bigint) => db.ownedClick.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: ws, id } }, select: { visitorId: true, human: true } });
    expect(await row(read.id)).toEqual({ visitorId: "ann-phone", human: true });
    expect(await row(unread.id)).toEqual({ visitorId: null, human: false });
  });
});
