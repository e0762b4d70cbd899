import { describe, expect, it } from "vitest";
import { reportMeteredUsageHandler } from "@/lib/billing/job-handlers";
import { reportMeteredUsage } from "@/lib/billing/meters";
import { db } from "@/lib/db/client";
import { importConnectionId } from "@/lib/imports/connection";
import { localContext } from "@/lib/jobs/local";
import { historyOf, meteredWorkspace, meterRow, mockStripe, trackedEventsAt, withBillingEnv } from "./support";

withBillingEnv();
const stripe = mockStripe();

const HOUR_MS = 3_600_000;
// Mid-November in New York (the workspaces' zone): the usage month is 2026-11.
const NOW = new Date("2026-11-15T12:00:00Z");
const hoursBefore = (n: number, from = NOW) => Array.from({ length: n }, (_, i) => new Date(from.getTime() - (i + 1) * HOUR_MS));

async function ordersAt(workspaceId: string, processedAt: Date[]) {
  const connectionId = await importConnectionId(workspaceId, "orders");
  for (const at of processedAt) {
    await db.order.create({
      data: {
        workspaceId, connectionId, externalId: BigInt(Math.floor(Math.random() * 1e12)), name: "#1", createdAt: at, processedAt: at, updatedAt: at, test: false,
        currency: "USD", presentmentCurrency: "USD", subtotal: "1", totalDiscounts: "0", totalShipping: "0", totalTax: "0", totalPrice: "1", currentTotalPrice: "1", presentmentTotalPrice: "1",
      },
    });
  }
}

const sentFor = (customer: string, eventName: string) => stripe.meterEvents.filter((e) => e.customer === customer && e.eventName === eventName);
const total = (events: { value: number }[]) => events.reduce((sum, e) => sum + e.value, 0);

describe("usage metering", () => {
  it("reports tracked events and orders as meter events, then only what was added since", async () => {
    const { workspace, customer } = await meteredWorkspace();
    await trackedEventsAt(workspace.id, hoursBefore(3));
    await ordersAt(workspace.id, hoursBefore(2));

    expect(await reportMeteredUsage(workspace.id, NOW)).toEqual([
      { metric: "trackedEvents", month: "2026-11-01", sent: 3n, reported: 3n },
      { metric: "orders", month: "2026-11-01", sent: 2n, reported: 2n },
    ]);
    const post = stripe.posts.find((p) => p.path === "/v1/billing/meter_events" && p.body.get("event_name") === "signalboard_tracked_events")!.body;
    expect(Object.fromEntries(post)).toEqual({
      event_name: "signalboard_tracked_events",
      "payload[stripe_customer_id]": customer,
      "payload[value]": "3",
      identifier: `sb-${workspace.id}-trackedEvents-2026-11-01-3`,
      timestamp: String(NOW.getTime() / 1000),
    });

    await trackedEventsAt(workspace.id, hoursBefore(2, new Date(NOW.getTime() + HOUR_MS)));
    const later = new Date(NOW.getTime() + HOUR_MS);
    expect(await reportMeteredUsage(workspace.id, later)).toMatchObject([{ metric: "trackedEvents", sent: 2n, reported: 5n }, { metric: "orders", sent: 0n, reported: 2n }]);
    expect(await reportMeteredUsage(workspace.id, later)).toMatchObject([{ sent: 0n }, { sent: 0n }]);

    expect(sentFor(customer, "signalboard_tracked_events").map((e) => e.value)).toEqual([3, 2]);
    expect(sentFor(customer, "signalboard_orders").map((e) => e.value)).toEqual([2]);
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 5n, pendingTotal: null, error: null });
  });

  it("reports nothing for a plan without usage pricing, or a workspace Stripe does not bill", async () => {
    const growth = await meteredWorkspace("growth");
    await trackedEventsAt(growth.workspace.id, hoursBefore(2));
    expect(await reportMeteredUsage(growth.workspace.id, NOW)).toEqual([]);

    const shopifyBilled = await meteredWorkspace();
    await db.workspaceBilling.update({ where: { workspaceId: shopifyBilled.workspace.id }, data: { provider: "shopify" } });
    expect(await reportMeteredUsage(shopifyBilled.workspace.id, NOW)).toEqual([]);
    expect(stripe.calls).toEqual([]);
  });

  it("records a failed send in the workspace's billing history and sends it at the next pass", async () => {
    const { workspace, customer } = await meteredWorkspace();
    await trackedEventsAt(workspace.id, hoursBefore(4));
    // The first attempt and both of the client's retries.
    stripe.failNext(3);
    const [tracked] = await reportMeteredUsage(workspace.id, NOW);
    expect(tracked).toMatchObject({ metric: "trackedEvents", error: expect.stringContaining("billing.meterEvents.create failed") });
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 0n, error: expect.stringContaining("500"), failedAt: NOW });
    expect((await historyOf(workspace.id)).filter((e) => e.kind === "meter_failed")).toHaveLength(1);

    const next = new Date(NOW.getTime() + HOUR_MS);
    expect(await reportMeteredUsage(workspace.id, next)).toMatchObject([{ metric: "trackedEvents", sent: 4n }, { metric: "orders", sent: 0n }]);
    expect(total(sentFor(customer, "signalboard_tracked_events"))).toBe(4);
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 4n, error: null, failedAt: null });
  });

  it("repeats a send whose answer was lost with the same identifier, so Stripe counts it once", async () => {
    const { workspace, customer } = await meteredWorkspace();
    await trackedEventsAt(workspace.id, hoursBefore(3));
    // Stripe counted the event, but every answer to it (and to the client's retries) was lost.
    stripe.loseNextMeterAnswers(3);
    expect((await reportMeteredUsage(workspace.id, NOW))[0]).toHaveProperty("error");
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 0n, pendingTotal: 3n });
    expect(total(sentFor(customer, "signalboard_tracked_events"))).toBe(3);

    await trackedEventsAt(workspace.id, [new Date(NOW.getTime() + 60_000)]);
    await reportMeteredUsage(workspace.id, new Date(NOW.getTime() + HOUR_MS));
    const identifiers = stripe.posts.filter((p) => p.body.get("event_name") === "signalboard_tracked_events").map((p) => p.body.get("identifier"));
    expect(new Set(identifiers)).toEqual(new Set([`sb-${workspace.id}-trackedEvents-2026-11-01-3`, `sb-${workspace.id}-trackedEvents-2026-11-01-4`]));
    expect(total(sentFor(customer, "signalboard_tracked_events"))).toBe(4);
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 4n, pendingTotal: null });
  });

  it("sends a month's late increments stamped inside it, and starts the new month from zero", async () => {
    const { workspace, customer } = await meteredWorkspace();
    const endOfOctober = new Date("2026-10-31T20:00:00Z");
    await trackedEventsAt(workspace.id, [new Date("2026-10-31T10:00:00Z")]);
    await reportMeteredUsage(workspace.id, endOfOctober);
    // Received in the last local hour of October (New York), reported after midnight.
    await trackedEventsAt(workspace.id, [new Date("2026-11-01T03:30:00Z"), new Date("2026-11-01T05:00:00Z")]);
    await reportMeteredUsage(workspace.id, new Date("2026-11-01T06:00:00Z"));

    const october = sentFor(customer, "signalboard_tracked_events").filter((e) => e.identifier.includes("2026-10-01"));
    expect(october.map((e) => e.value)).toEqual([1, 1]);
    expect(october[1]!.timestamp).toBeLessThan(new Date("2026-11-01T04:00:00Z").getTime() / 1000);
    expect(await meterRow(workspace.id, "trackedEvents", "2026-11-01")).toMatchObject({ reported: 1n });
  });

  it("is run hourly over every workspace on a metered plan", async () => {
    const { workspace, customer } = await meteredWorkspace();
    await trackedEventsAt(workspace.id, hoursBefore(2));
    const result = await reportMeteredUsageHandler.run({ now: NOW.toISOString() }, localContext());
    expect(result.workspaces).toBeGreaterThanOrEqual(1);
    expect(total(sentFor(customer, "signalboard_tracked_events"))).toBe(2);
  });
});
