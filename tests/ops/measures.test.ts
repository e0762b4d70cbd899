import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { deliveryFailures, ingestRates, jobQueue, syncLag } from "@/lib/ops/measures";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";

// The operations measures on rows built here. Measures are global, and the database is shared
// with other files running at once, so each test reads at an instant years ahead, where only its
// own rows fall in the window, or filters to its own job kinds and workspace.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function workspace() {
  const user = await seedUser();
  return seedWorkspace(user.id);
}

describe("operations measures", () => {
  it("jobQueue: waiting, running, failed in 24 h and the oldest wait per kind", async () => {
    const now = new Date("2032-01-10T12:00:00Z");
    const [a, b] = [unique("kind-a"), unique("kind-b")];
    const row = (kind: string, status: "queued" | "running" | "done" | "failed", queuedAgo: number, finishedAgo?: number) => ({
      id: unique("run"),
      kind,
      payload: {},
      status,
      queuedAt: new Date(now.getTime() - queuedAgo),
      ...(finishedAgo !== undefined && { finishedAt: new Date(now.getTime() - finishedAgo) }),
    });
    await db.jobRun.createMany({
      data: [
        row(a, "queued", 90_000),
        row(a, "queued", 30_000),
        row(a, "running", 10_000),
        row(a, "failed", 2 * HOUR, HOUR),
        row(a, "failed", 30 * HOUR, 25 * HOUR), // failed more than 24 h ago
        row(a, "done", HOUR, HOUR),
        row(b, "failed", HOUR, 10 * MINUTE),
      ],
    });
    const mine = (await jobQueue(db, now)).filter((m) => m.kind === a || m.kind === b);
    expect(mine).toEqual(
      [
        { kind: a, queued: 2, running: 1, failed24h: 1, oldestWaitingSeconds: 90 },
        { kind: b, queued: 0, running: 0, failed24h: 1, oldestWaitingSeconds: 0 },
      ].sort((x, y) => (x.kind < y.kind ? -1 : 1)),
    );
  });

  it("syncLag: how far each scheduled connection is behind its 10-minute cadence", async () => {
    const ws = await workspace();
    const now = new Date("2032-02-01T12:00:00Z");
    const base = { workspaceId: ws.id, credentials: "sealed", scopes: [], createdAt: new Date(now.getTime() - 10 * HOUR) };
    await db.connection.createMany({
      data: [
        { ...base, id: "on-time", provider: "shopify", externalAccountId: "a", displayName: "A", lastSuccessAt: new Date(now.getTime() - 5 * MINUTE) },
        { ...base, id: "late", provider: "google_ads", externalAccountId: "b", displayName: "B", status: "error", lastSuccessAt: new Date(now.getTime() - 70 * MINUTE), lastError: "401 for owner@example.com" },
        { ...base, id: "never", provider: "meta_ads", externalAccountId: "c", displayName: "C", status: "needs_reauth" },
        { ...base, id: "gone", provider: "shopify", externalAccountId: "d", displayName: "D", status: "disconnected" },
        { ...base, id: "upload", provider: "import", externalAccountId: "e", displayName: "E" },
      ],
    });
    const lags = (await syncLag(db, now)).filter((l) => l.workspaceId === ws.id);
    expect(lags.map((l) => [l.connectionId, l.provider, l.kind, l.status, l.lagSeconds])).toEqual([
      ["late", "google_ads", "ads", "error", 60 * 60],
      ["never", "meta_ads", "ads", "needs_reauth", 10 * 3600 - 600],
      ["on-time", "shopify", "store", "active", 0],
    ]);
    expect(lags[0]!.lastError).toBe("401 for [email]");
  });

  it("ingestRates: rows per minute over the window, across workspaces", async () => {
    const [one, two] = [await workspace(), await workspace()];
    const now = new Date("2033-05-05T05:05:00Z");
    const at = (ago: number) => new Date(now.getTime() - ago);
    const money = { subtotal: "10", totalDiscounts: "0", totalShipping: "0", totalTax: "0", totalPrice: "10", currentTotalPrice: "10", presentmentTotalPrice: "10" };
    const order = (workspaceId: string, id: number, syncedAt: Date) => ({
      workspaceId, connectionId: "c", externalId: BigInt(id), name: `#${id}`, createdAt: syncedAt, updatedAt: syncedAt,
      currency: "USD", presentmentCurrency: "USD", ...money, syncedAt,
    });
    await db.order.createMany({
      data: [order(one.id, 1, at(MINUTE)), order(one.id, 2, at(5 * MINUTE)), order(two.id, 3, at(9 * MINUTE)), order(two.id, 4, at(11 * MINUTE))],
    });
    const ad = (workspaceId: string, adId: string, syncedAt: Date) => ({
      workspaceId, connectionId: "c", platform: "google_ads", accountId: "acct", campaignId: "k", adGroupId: "", adId, day: new Date("2033-05-04"),
      currency: "USD", spend: "1", impressions: 1n, clicks: 1n, conversions: "0", conversionValue: "0", syncedAt,
    });
    await db.adInsightDaily.createMany({ data: [ad(one.id, "x", at(2 * MINUTE)), ad(two.id, "y", at(20 * MINUTE))] });
    const rates = await ingestRates(db, now, 10);
    expect(rates).toEqual({ ordersPerMinute: 0.3, adRowsPerMinute: 0.1, trackedEventsPerMinute: 0 });
  });

  it("deliveryFailures: failed deliveries in the window by message kind and channel", async () => {
    const ws = await workspace();
    const now = new Date("2034-07-07T07:00:00Z");
    await db.notificationDestination.createMany({
      data: [
        { workspaceId: ws.id, id: "slack", kind: "slack", name: "S", config: "sealed" },
        { workspaceId: ws.id, id: "mail", kind: "email", name: "E", config: "sealed" },
      ],
    });
    const delivery = (destinationId: string, messageKind: "digest" | "alert", status: "failed" | "delivered", ago: number) => ({
      workspaceId: ws.id, id: unique("d"), destinationId, messageKind, status, payload: "sealed", title: "t", updatedAt: new Date(now.getTime() - ago),
    });
    await db.$transaction(
      [
        delivery("slack", "alert", "failed", HOUR),
        delivery("slack", "alert", "failed", 2 * HOUR),
        delivery("slack", "digest", "failed", 3 * HOUR),
        delivery("mail", "digest", "failed", 30 * HOUR), // outside the window
        delivery("mail", "digest", "delivered", HOUR),
      ].map((data) => db.notificationDelivery.create({ data })),
    );
    expect(await deliveryFailures(db, now, 24)).toEqual([
      { kind: "alert", channel: "slack", failed: 2 },
      { kind: "digest", channel: "slack", failed: 1 },
    ]);
  });
});
