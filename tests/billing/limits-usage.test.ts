import { describe, expect, it } from "vitest";
import { ordersProcessedIn, trackedEventsIn, usagePeriod, workspaceUsage } from "@/lib/billing/usage";
import { db } from "@/lib/db/client";
import { importConnectionId } from "@/lib/imports/connection";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { freshWorkspace } from "../dashboards/support";
import { unique, uniqueEmail } from "../helpers";

// March 2026 in New York: clocks go forward on the 8th, so the month starts at UTC-5 and ends at UTC-4.
const NOW = new Date("2026-03-15T12:00:00Z");
const ZONE = "America/New_York";
const MARCH = { start: new Date("2026-03-01T05:00:00Z"), end: new Date("2026-04-01T04:00:00Z") };

async function connection(workspaceId: string, provider: string, extra: { status?: "active" | "disconnected"; demo?: boolean } = {}) {
  await db.connection.create({
    data: {
      workspaceId, provider, externalAccountId: unique("acct"), displayName: provider, credentials: "sealed", scopes: [],
      status: extra.status ?? "active", settings: extra.demo ? { demo: true } : {},
    },
  });
}

async function events(workspaceId: string, receivedAt: Date[]) {
  await db.trackedEvent.createMany({
    data: receivedAt.map((at) => ({
      workspaceId, messageId: unique("m"), event: "page_view", occurredAt: at, receivedAt: at, anonymousId: "v", properties: {}, context: {}, source: "browser",
    })),
  });
}

async function order(workspaceId: string, at: { processedAt: Date | null; createdAt: Date; test?: boolean }) {
  const connectionId = await importConnectionId(workspaceId, "orders");
  await db.order.create({
    data: {
      workspaceId, connectionId, externalId: BigInt(Math.floor(Math.random() * 1e12)), name: "#1", createdAt: at.createdAt, processedAt: at.processedAt, updatedAt: at.createdAt,
      test: at.test ?? false, currency: "USD", presentmentCurrency: "USD", subtotal: "1", totalDiscounts: "0", totalShipping: "0", totalTax: "0", totalPrice: "1",
      currentTotalPrice: "1", presentmentTotalPrice: "1",
    },
  });
}

const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe("usage periods", () => {
  it("are the workspace's local calendar months, across a change of the clocks", () => {
    expect(usagePeriod(NOW, ZONE)).toEqual({ month: "2026-03-01", ...MARCH });
    expect(usagePeriod(ms(MARCH.start, -1), ZONE).month).toBe("2026-02-01");
    expect(usagePeriod(MARCH.start, ZONE).month).toBe("2026-03-01");
    expect(usagePeriod(new Date("2026-12-31T23:00:00Z"), "Asia/Tokyo")).toMatchObject({ month: "2027-01-01", end: new Date("2027-01-31T15:00:00Z") });
  });
});

describe("a workspace's usage", () => {
  it("counts live connections by kind, leaving out disconnected, demo and import ones", async () => {
    const { workspace } = await freshWorkspace();
    await connection(workspace.id, "shopify");
    await connection(workspace.id, "woocommerce", { status: "disconnected" });
    await connection(workspace.id, "shopify", { demo: true });
    await connection(workspace.id, "google_ads");
    await connection(workspace.id, "google_analytics");
    await connection(workspace.id, "meta_ads", { demo: true });
    await importConnectionId(workspace.id, "orders");

    const { counts } = await workspaceUsage(workspace.id, ZONE, NOW);
    expect(counts).toMatchObject({ storeConnections: 1, otherConnections: 2 });
  });

  it("counts members with invitations that can still be accepted, keys still usable, digests with alert rules", async () => {
    const { owner, workspace } = await freshWorkspace();
    await seedMembership(workspace.id, (await seedUser()).id, "member");
    const now = new Date();
    const invite = (extra: { expiresAt: Date; revokedAt?: Date; acceptedAt?: Date }) => db.invitation.create({ data: { workspaceId: workspace.id, email: uniqueEmail(), role: "member", tokenHash: unique("t"), ...extra } });
    await invite({ expiresAt: ms(now, 86_400_000) });
    await invite({ expiresAt: ms(now, -1000) });
    await invite({ expiresAt: ms(now, 86_400_000), revokedAt: now });
    await invite({ expiresAt: ms(now, 86_400_000), acceptedAt: now });

    const key = (extra: object) => db.apiKey.create({ data: { workspaceId: workspace.id, name: "k", role: "viewer", prefix: "sb_", keyHash: unique("h"), createdById: owner.id, ...extra } });
    await key({});
    await key({ expiresAt: ms(now, 86_400_000) });
    await key({ revokedAt: now });
    await key({ expiresAt: ms(now, -1000) });

    await db.digest.create({ data: { workspaceId: workspace.id, name: "d", schedule: {}, basis: "yesterday", sections: [], destinationIds: [], nextRunAt: now, attemptAfter: now } });
    await db.digest.create({ data: { workspaceId: workspace.id, name: "mine", ownerUserId: owner.id, schedule: {}, basis: "yesterday", sections: [], destinationIds: [], nextRunAt: now, attemptAfter: now } });
    await db.alertRule.create({ data: { workspaceId: workspace.id, name: "r", kind: "integration", check: "needs_reauth", destinationIds: [] } });

    const { counts } = await workspaceUsage(workspace.id, ZONE, now);
    expect(counts).toMatchObject({ members: 3, apiKeys: 2, digestsAndAlertRules: 3, apiRequestsPerMonth: 0, ownedChannelSendsTracked: null });
  });

  it("counts tracked events received in the local month, each boundary exact, and another workspace's not at all", async () => {
    const { workspace } = await freshWorkspace();
    const other = await freshWorkspace();
    await events(workspace.id, [ms(MARCH.start, -1), MARCH.start, NOW, ms(MARCH.end, -1), MARCH.end]);
    await events(other.workspace.id, [NOW, NOW]);

    expect(await trackedEventsIn(workspace.id, MARCH)).toBe(3);
    expect((await workspaceUsage(workspace.id, ZONE, NOW)).counts.trackedEventsPerMonth).toBe(3);
  });

  it("counts orders processed in the month (by creation when the store gives no processed time), test orders aside", async () => {
    const { workspace } = await freshWorkspace();
    await order(workspace.id, { processedAt: MARCH.start, createdAt: ms(MARCH.start, -86_400_000) });
    await order(workspace.id, { processedAt: null, createdAt: NOW });
    await order(workspace.id, { processedAt: ms(MARCH.start, -1), createdAt: NOW });
    await order(workspace.id, { processedAt: MARCH.end, createdAt: NOW });
    await order(workspace.id, { processedAt: NOW, createdAt: NOW, test: true });

    expect(await ordersProcessedIn(workspace.id, MARCH)).toBe(2);
    expect((await workspaceUsage(workspace.id, ZONE, NOW)).ordersProcessed).toBe(2);
  });
});
