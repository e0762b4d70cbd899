import type { AdCampaignInput, AdInsightInput, TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import { createDemoStore, DAY_MS, STORE_UTC_OFFSET_MS, type Channel, type DemoStoreOptions } from "@/lib/connectors/shopify/demo/generator";
import { CATALOG } from "@/lib/connectors/shopify/demo/catalog";
import { unit } from "@/lib/connectors/shopify/demo/random";
import { DEMO_AD_ACCOUNTS, DEMO_CHANNEL_CONVERSION, DEMO_TRAFFIC_SOURCES, type DemoAdAccount } from "./accounts";
import { AD_LEVEL_DAYS, adGroupsOf, PAUSED_DAYS_BEFORE_END, splitToAds } from "./creatives";

// Daily ad-platform and GA4 numbers consistent with the demo store: a pure function of the store's
// options and a day, so the same inputs always give the same numbers (and a future demo API can
// serve them). Per channel and day, the platforms claim 15-45 % more conversions than the store's
// expected orders from that channel (view-through and modelled conversions), at the store's order
// value; spend follows from each campaign's ROAS, clicks from its CPC, impressions from its CTR.
// Sessions follow from the store's orders and a conversion rate per channel (about 2 % overall).

export type DemoAdsOptions = DemoStoreOptions;

export type DemoAdRow = { account: DemoAdAccount; insight: AdInsightInput };

const CHANNELS: Channel[] = ["google", "facebook", "tiktok", "email", "direct", "organic"];
/** Orders sampled from the store to learn its channel mix and order values. */
const CALIBRATION_SAMPLE = 3000;
/** Sale campaigns take this share of their channel's conversions on sale days. */
const SALE_CAMPAIGN_SHARE = 0.7;
/** GA4 sees fewer purchases than the store (blockers, consent). */
const GA_TRANSACTION_SHARE = 0.92;
/** Sessions from referrals that rarely buy, on top of the channels above. */
const REFERRAL_SESSION_SHARE = 0.04;

// Random streams, apart from the store's (which use small numbers).
/**
 * One day the Meta account all but stopped delivering (a card declined, say): a quarter of its
 * usual conversions and spend. It gives the demo's alert rule (lib/alerts/demo.ts) a real dip to
 * find, on a weekday well inside every install's history and away from the sales.
 */
export const DEMO_DIP = { provider: "meta_ads", day: "2026-10-20", factor: 0.25 } as const;

const S = { overclaim: 101, campaignSplit: 201, value: 301, roas: 401, cpc: 501, ctr: 601, traffic: 701, users: 801, ads: 901 } as const;

type ChannelProfile = { share: number; orderValueCents: number };

/** Share of orders and mean order value (products after discounts, USD cents) per channel. */
function calibrate(store: ReturnType<typeof createDemoStore>): Record<Channel, ChannelProfile> {
  const n = Math.min(CALIBRATION_SAMPLE, store.historyOrders);
  const counts = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  const values = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  for (let k = 0; k < n; k++) {
    const order = store.order(Math.floor(((k + 0.5) * store.historyOrders) / n));
    if (order.test) continue;
    // Orders without a tracked visit land as direct in the store's reports.
    const channel = order.visit?.channel ?? "direct";
    counts[channel]++;
    values[channel] += order.lines
      .filter((line) => CATALOG[line.product]!.group !== "fee")
      .reduce((sum, line) => sum + line.unitCents * line.quantity - line.discountCents, 0);
  }
  const total = CHANNELS.reduce((sum, c) => sum + counts[c], 0);
  const overall = CHANNELS.reduce((sum, c) => sum + values[c], 0) / Math.max(total, 1);
  return Object.fromEntries(
    CHANNELS.map((c) => [c, { share: counts[c] / Math.max(total, 1), orderValueCents: counts[c] ? values[c] / counts[c] : overall }]),
  ) as Record<Channel, ChannelProfile>;
}

/** An exact decimal string from a whole number of hundredths. */
function hundredths(value: number): string {
  const n = Math.max(0, Math.round(value));
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
}

export function createDemoAds(options: DemoAdsOptions) {
  const store = createDemoStore(options);
  const seed = store.seed;
  const profile = calibrate(store);
  /** Around 0..1, independent per (day, stream, item). */
  const noise = (day: number, stream: number, item: number) => unit(seed, day * 64 + item, stream);
  const spread = (day: number, stream: number, item: number, width: number) => 1 - width + 2 * width * noise(day, stream, item);

  const noonOf = (day: number) => store.startMs + day * DAY_MS + DAY_MS / 2;
  const saleOf = (day: number) => store.saleOn(noonOf(day));

  /** Store orders expected from `channel` on day `day` (0 = first day of the history). */
  function expectedOrders(day: number, channel: Channel): number {
    return store.expectedOnDay(day) * profile[channel].share;
  }

  function accountRows(day: number, account: DemoAdAccount, accountIndex: number): AdInsightInput[] {
    const sale = saleOf(day);
    const overclaim = 1.15 + 0.3 * noise(day, S.overclaim, accountIndex);
    const dipped = account.provider === DEMO_DIP.provider && dateOf(day) === DEMO_DIP.day ? DEMO_DIP.factor : 1;
    const claimed = expectedOrders(day, account.channel) * overclaim * dipped;
    const running = account.campaigns.filter((c) => c.sale === null || c.sale === sale);
    const onSale = running.some((c) => c.sale !== null);
    // How the channel's conversions split: evenly (as the store's UTM campaigns do), or mostly to the sale.
    const weights = running.map((c, k) => (onSale ? (c.sale ? SALE_CAMPAIGN_SHARE : (1 - SALE_CAMPAIGN_SHARE) / (running.length - 1)) : 1 / running.length) * spread(day, S.campaignSplit, accountIndex * 8 + k, 0.15));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const orderValue = profile[account.channel].orderValueCents * (sale ? 0.82 : 1) * account.perUsd;
    return running.flatMap((campaign, k) => {
      const item = accountIndex * 8 + k;
      const conversions = (claimed * weights[k]!) / totalWeight;
      const valueCents = conversions * orderValue * spread(day, S.value, item, 0.1);
      const spendCents = valueCents / (campaign.roas * spread(day, S.roas, item, 0.12));
      const clicks = Math.round(spendCents / 100 / (campaign.cpc * spread(day, S.cpc, item, 0.12)));
      if (clicks === 0) return [];
      const impressions = Math.round(clicks / (campaign.ctr * spread(day, S.ctr, item, 0.15)));
      return [{
        platform: account.provider, accountId: account.accountId, campaignId: campaign.id, day: dateOf(day), currency: account.currency,
        spend: hundredths(spendCents), impressions, clicks, conversions: hundredths(conversions * 100), conversionValue: hundredths(valueCents),
      }];
    });
  }

  /** The store day's calendar date (YYYY-MM-DD), which is also each account's date for it. */
  function dateOf(day: number): string {
    return new Date(noonOf(day) + STORE_UTC_OFFSET_MS).toISOString().slice(0, 10);
  }

  return {
    /** Whole days of history: 0 .. days - 1 (today, still running, is left out). */
    days: store.historyDays,
    dateOf,
    saleOf,
    expectedOrders,
    profile,

    campaigns(account: DemoAdAccount): AdCampaignInput[] {
      return account.campaigns.map((c) => ({
        platform: account.provider, accountId: account.accountId, campaignId: c.id, name: c.name, status: c.sale ? "paused" : "enabled",
      }));
    },

    adRows(day: number): DemoAdRow[] {
      return DEMO_AD_ACCOUNTS.flatMap((account, a) => accountRows(day, account, a).map((insight) => ({ account, insight })));
    },

    /** Whether the accounts report day `day` at the ad level too (creatives.ts). */
    hasAdLevel(day: number): boolean {
      return day >= store.historyDays - AD_LEVEL_DAYS;
    },

    /** The same campaign rows split into their ads' rows (creatives.ts), which add up to them exactly. */
    creativeRows(day: number): DemoAdRow[] {
      const paused = day >= store.historyDays - PAUSED_DAYS_BEFORE_END;
      return DEMO_AD_ACCOUNTS.flatMap((account, a) =>
        accountRows(day, account, a).flatMap((insight) => {
          const k = account.campaigns.findIndex((c) => c.id === insight.campaignId);
          const groups = adGroupsOf(account, account.campaigns[k]!);
          // One stream per ad of a campaign, one item per campaign: items stay under 64 a day.
          return splitToAds(insight, groups, (i) => spread(day, S.ads + i, a * 8 + k, 0.25), paused).map((row) => ({ account, insight: row }));
        }),
      );
    },

    trafficRows(day: number): TrafficInput[] {
      const rows: TrafficInput[] = [];
      const add = (channelGroup: string, source: string, medium: string, sessionsExact: number, orders: number, orderValueCents: number, item: number) => {
        const sessions = Math.round(sessionsExact * spread(day, S.traffic, item, 0.08));
        if (sessions === 0) return;
        const transactions = Math.min(sessions, Math.round(orders * GA_TRANSACTION_SHARE));
        rows.push({
          day: dateOf(day), channelGroup, source, medium, sessions,
          users: Math.max(1, Math.round(sessions * (0.78 + 0.08 * noise(day, S.users, item)))),
          transactions, purchaseRevenue: hundredths(transactions * orderValueCents), currency: "USD",
        });
      };
      let total = 0;
      CHANNELS.forEach((channel, c) => {
        const orders = expectedOrders(day, channel);
        const sessions = orders / DEMO_CHANNEL_CONVERSION[channel];
        total += sessions;
        DEMO_TRAFFIC_SOURCES[channel].forEach(([group, source, medium, share], k) =>
          add(group, source, medium, sessions * share, orders * share, profile[channel].orderValueCents, c * 4 + k),
        );
      });
      add("Referral", "hearingtracker.com", "referral", total * REFERRAL_SESSION_SHARE, 0, 0, 63);
      return rows;
    },
  };
}

export type DemoAds = ReturnType<typeof createDemoAds>;
