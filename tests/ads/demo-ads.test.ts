import { describe, expect, it } from "vitest";
import { DEMO_AD_ACCOUNTS } from "@/lib/connectors/demo-ads/accounts";
import { createDemoAds } from "@/lib/connectors/demo-ads/generator";
import { demoAdGroups, demoAds, PAUSED_DAYS_BEFORE_END, rowsAboveAds } from "@/lib/connectors/demo-ads/creatives";
import { createDemoStore, DAY_MS, type Channel } from "@/lib/connectors/shopify/demo/generator";
import { addDays } from "@/lib/time/zone";

const OPTIONS = { seed: 7, orders: 4000, endDate: new Date("2026-06-15T18:00:00Z") };

type Totals = { spend: number; clicks: number; impressions: number; conversions: number; value: number };
const zero = (): Totals => ({ spend: 0, clicks: 0, impressions: 0, conversions: 0, value: 0 });

/** Sums over the whole history, per campaign and per provider, plus sessions and daily spend. */
function summarise(ads: ReturnType<typeof createDemoAds>) {
  const campaigns = new Map<string, Totals>();
  const providers = new Map<string, Totals>();
  const googleSpend: { sale: boolean; spend: number }[] = [];
  let sessions = 0;
  for (let day = 0; day < ads.days; day++) {
    let spendToday = 0;
    for (const { account, insight } of ads.adRows(day)) {
      for (const [map, key] of [[campaigns, insight.campaignId], [providers, account.provider]] as const) {
        const t = map.get(key) ?? zero();
        t.spend += Number(insight.spend);
        t.clicks += insight.clicks;
        t.impressions += insight.impressions;
        t.conversions += Number(insight.conversions);
        t.value += Number(insight.conversionValue);
        map.set(key, t);
      }
      if (account.provider === "google_ads") spendToday += Number(insight.spend);
    }
    googleSpend.push({ sale: ads.saleOf(day) !== null, spend: spendToday });
    sessions += ads.trafficRows(day).reduce((sum, r) => sum + r.sessions, 0);
  }
  return { campaigns, providers, googleSpend, sessions };
}

/** The store's real orders per channel over the same whole days (no test orders). */
function storeOrders(days: number) {
  const store = createDemoStore(OPTIONS);
  const end = store.startMs + days * DAY_MS;
  const byChannel: Record<string, number> = {};
  let total = 0;
  for (let i = 0; store.createdAt(i) < end; i++) {
    const order = store.order(i);
    if (order.test) continue;
    const channel: Channel = order.visit?.channel ?? "direct";
    byChannel[channel] = (byChannel[channel] ?? 0) + 1;
    total++;
  }
  return { byChannel, total };
}

describe("the demo ad generator", () => {
  const ads = createDemoAds(OPTIONS);
  const summary = summarise(ads);

  it("is deterministic: same inputs, same numbers; another seed, other numbers", () => {
    const again = createDemoAds(OPTIONS);
    for (const day of [0, 100, ads.days - 1]) {
      expect(again.adRows(day)).toEqual(ads.adRows(day));
      expect(again.trafficRows(day)).toEqual(ads.trafficRows(day));
    }
    expect(createDemoAds({ ...OPTIONS, seed: 8 }).adRows(100)).not.toEqual(ads.adRows(100));
  });

  it("covers each whole day of the store's history with consecutive dates", () => {
    expect(ads.days).toBe(730);
    expect(ads.dateOf(ads.days - 1)).toBe("2026-06-14");
    expect(ads.dateOf(0)).toBe(addDays("2026-06-14", -729));
    const providers = new Set(ads.adRows(200).map((r) => r.account.provider));
    expect([...providers].sort()).toEqual(["google_ads", "meta_ads", "tiktok_ads"]);
  });

  it("keeps each campaign's CTR, CPC and ROAS in realistic ranges", () => {
    expect(summary.campaigns.size).toBe(DEMO_AD_ACCOUNTS.reduce((n, a) => n + a.campaigns.length, 0));
    for (const [id, t] of summary.campaigns) {
      const ctr = t.clicks / t.impressions;
      const cpc = t.spend / t.clicks;
      const roas = t.value / t.spend;
      expect({ id, ctr: ctr >= 0.01 && ctr <= 0.03, cpc: cpc >= 0.8 && cpc <= 2.5, roas: roas >= 1.5 && roas <= 5 }).toEqual({ id, ctr: true, cpc: true, roas: true });
    }
  });

  it("over-claims the store's real orders per paid channel by 15-45 %, and converts sessions at 1.5-3 %", () => {
    const store = storeOrders(ads.days);
    const channels = { google_ads: "google", meta_ads: "facebook", tiktok_ads: "tiktok" } as const;
    for (const [provider, channel] of Object.entries(channels)) {
      const ratio = summary.providers.get(provider)!.conversions / store.byChannel[channel]!;
      expect({ provider, ratio }).toEqual({ provider, ratio: expect.toSatisfy((r: number) => r >= 1.15 && r <= 1.45) });
    }
    const conversionRate = store.total / summary.sessions;
    expect(conversionRate).toBeGreaterThanOrEqual(0.015);
    expect(conversionRate).toBeLessThanOrEqual(0.03);
  });

  it("spends more on sale days", () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sale = summary.googleSpend.filter((d) => d.sale).map((d) => d.spend);
    const regular = summary.googleSpend.filter((d) => !d.sale).map((d) => d.spend);
    expect(sale.length).toBeGreaterThan(5);
    expect(mean(sale)).toBeGreaterThan(1.5 * mean(regular));
  });

  it("bills TikTok in EUR and writes money as exact decimal strings", () => {
    const rows = ads.adRows(300);
    expect(rows.find((r) => r.account.provider === "tiktok_ads")!.insight.currency).toBe("EUR");
    for (const { insight } of rows) for (const money of [insight.spend, insight.conversionValue, insight.conversions]) expect(money).toMatch(/^\d+\.\d{2}$/);
  });

  it("splits every campaign day into ads that add up exactly to it, in cents and counts", () => {
    for (const day of [0, 150, 400, ads.days - 1]) {
      const adRows = ads.creativeRows(day).map((r) => r.insight);
      expect(adRows.every((r) => r.adGroupId !== "" && r.adId !== "")).toBe(true);
      const campaigns = rowsAboveAds(adRows).filter((r) => r.adGroupId === "");
      const expected = ads.adRows(day).map((r) => r.insight);
      const key = (r: { campaignId: string }) => r.campaignId;
      expect(campaigns.map((r) => ({ ...r, adGroupId: undefined, adId: undefined })).sort((a, b) => key(a).localeCompare(key(b))))
        .toEqual(expected.map((r) => ({ ...r, adGroupId: undefined, adId: undefined })).sort((a, b) => key(a).localeCompare(key(b))));
      // And the ad groups of a campaign add up to it.
      const groups = rowsAboveAds(adRows).filter((r) => r.adGroupId !== "");
      for (const campaign of expected) {
        const spend = groups.filter((g) => g.campaignId === campaign.campaignId).reduce((cents, g) => cents + Math.round(Number(g.spend) * 100), 0);
        expect(spend).toBe(Math.round(Number(campaign.spend) * 100));
      }
    }
  });

  it("names every ad it reports, pauses one ad per group for the last three weeks, and serves thumbnails without outside hosts", () => {
    const known = new Set(DEMO_AD_ACCOUNTS.flatMap((a) => demoAds(a)).map((a) => a.adId));
    const groups = new Set(DEMO_AD_ACCOUNTS.flatMap((a) => demoAdGroups(a)).map((g) => g.adGroupId));
    const paused = new Set(DEMO_AD_ACCOUNTS.flatMap((a) => demoAds(a)).filter((a) => a.status === "paused").map((a) => a.adId));
    const before = ads.creativeRows(ads.days - PAUSED_DAYS_BEFORE_END - 1).map((r) => r.insight);
    const after = ads.creativeRows(ads.days - 1).map((r) => r.insight);
    for (const row of [...before, ...after]) {
      expect(known.has(row.adId!)).toBe(true);
      expect(groups.has(row.adGroupId!)).toBe(true);
    }
    expect(before.some((r) => paused.has(r.adId!))).toBe(true);
    expect(after.some((r) => paused.has(r.adId!))).toBe(false);
    for (const account of DEMO_AD_ACCOUNTS) {
      for (const ad of demoAds(account)) {
        if (account.provider === "google_ads") expect(ad.thumbnailUrl).toBeNull();
        else expect(ad.thumbnailUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      }
    }
  });
});
