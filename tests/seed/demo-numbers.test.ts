import { afterEach, describe, expect, it, vi } from "vitest";
import { seedDemoAds } from "@/lib/connectors/demo-ads/seed";
import { createDemoAds } from "@/lib/connectors/demo-ads/generator";
import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { connectDemoStore } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { sourceForConnection } from "@/lib/stores/sources";
import { addDays, localDate } from "@/lib/time/zone";

// Two installs of the demo, days apart, must show the same numbers for the same seed and size.

async function demoInstall(at: string, input: { orders: number; seed: number }) {
  vi.setSystemTime(new Date(at));
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const store = await connectDemoStore(workspace.id, input);
  return { workspaceId: workspace.id, connectionId: store.id };
}

async function adNumbers(workspaceId: string) {
  const rows = await db.adInsightDaily.findMany({
    where: { workspaceId },
    select: { day: true, platform: true, campaignId: true, adGroupId: true, adId: true, spend: true, impressions: true, clicks: true, conversions: true, conversionValue: true },
    orderBy: [{ day: "asc" }, { platform: "asc" }, { campaignId: "asc" }, { adGroupId: "asc" }, { adId: "asc" }],
  });
  return rows.map((row) => ({ ...row, day: row.day.toISOString().slice(0, 10), spend: row.spend.toString(), conversions: row.conversions.toString(), conversionValue: row.conversionValue.toString() }));
}

async function firstOrders(scope: { workspaceId: string; connectionId: string }) {
  const source = await sourceForConnection(scope);
  const page = await source.ordersPage({ updatedFrom: new Date("2000-01-01T00:00:00Z"), updatedTo: new Date("2025-06-01T00:00:00Z"), after: null });
  return page.items.map((order) => JSON.stringify(order, (_key, value) => (typeof value === "bigint" ? value.toString() : value)));
}

describe("demo numbers", () => {
  afterEach(() => vi.useRealTimers());

  it("are the same on every install for the same seed, and differ for another seed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const first = await demoInstall("2026-11-20T15:00:00Z", { orders: 300, seed: 7 });
    const second = await demoInstall("2026-11-27T09:30:00Z", { orders: 300, seed: 7 });
    const other = await demoInstall("2026-11-27T09:30:00Z", { orders: 300, seed: 8 });

    expect(await demoStoreOptions(second.workspaceId)).toEqual(await demoStoreOptions(first.workspaceId));
    const orders = await firstOrders(first);
    expect(orders.length).toBeGreaterThan(0);
    expect(await firstOrders(second)).toEqual(orders);
    expect(await firstOrders(other)).not.toEqual(orders);

    await seedDemoAds(first.workspaceId);
    await seedDemoAds(second.workspaceId);
    const ads = await adNumbers(first.workspaceId);
    expect(ads.length).toBeGreaterThan(1_000);
    expect(await adNumbers(second.workspaceId)).toEqual(ads);
    const otherAds = createDemoAds(await demoStoreOptions(other.workspaceId)).adRows(100).map((row) => row.insight);
    const sameDay = createDemoAds(await demoStoreOptions(first.workspaceId)).adRows(100).map((row) => row.insight);
    expect(otherAds).not.toEqual(sameDay);
  }, 120_000);

  it("run to yesterday, past the fixed end of the generated history", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const install = await demoInstall("2026-12-10T18:00:00Z", { orders: 200, seed: 3 });
    await seedDemoAds(install.workspaceId);
    const days = (await adNumbers(install.workspaceId)).map((row) => row.day);
    expect(days.at(-1)).toBe(addDays(localDate(new Date(), "America/New_York"), -1));
  }, 120_000);
});
