import type { Channel, Sale } from "@/lib/connectors/shopify/demo/generator";

// The demo workspace's ad accounts and GA4 property. Each account sits in its own time zone and
// currency on purpose: Meta's differs from the store's (day mapping), TikTok's bills in EUR
// (conversion).

export type DemoCampaign = {
  id: string;
  name: string;
  /** Runs only on the days of this sale; null: always on. */
  sale: Sale;
  /** Cost per click in the account's currency, click-through rate, and target ROAS. */
  cpc: number;
  ctr: number;
  roas: number;
};

export type DemoAdAccount = {
  provider: "google_ads" | "meta_ads" | "tiktok_ads";
  channel: Channel;
  displayName: string;
  accountId: string;
  timeZone: string;
  currency: string;
  /** Account currency per USD (the demo store sells in USD). */
  perUsd: number;
  campaigns: DemoCampaign[];
};

export const DEMO_AD_ACCOUNTS: readonly DemoAdAccount[] = [
  {
    provider: "google_ads", channel: "google", displayName: "Acme Google Ads (demo)", accountId: "123-456-7890",
    timeZone: "America/New_York", currency: "USD", perUsd: 1,
    campaigns: [
      { id: "20450001", name: "Brand - Search", sale: null, cpc: 0.9, ctr: 0.028, roas: 4.5 },
      { id: "20450002", name: "Alpha Pro - Search", sale: null, cpc: 2.2, ctr: 0.021, roas: 2.8 },
      { id: "20450003", name: "Shopping - All Products", sale: null, cpc: 1.1, ctr: 0.012, roas: 3.4 },
      { id: "20450004", name: "BFCM - Search", sale: "bfcm", cpc: 2.4, ctr: 0.025, roas: 3.8 },
      { id: "20450005", name: "Spring Sale - Search", sale: "spring", cpc: 1.9, ctr: 0.022, roas: 3.5 },
    ],
  },
  {
    provider: "meta_ads", channel: "facebook", displayName: "Acme Meta Ads (demo)", accountId: "act_1029384756",
    timeZone: "America/Los_Angeles", currency: "USD", perUsd: 1,
    campaigns: [
      { id: "23851000001", name: "Prospecting - Broad", sale: null, cpc: 1.4, ctr: 0.011, roas: 1.9 },
      { id: "23851000002", name: "Retargeting - 30d Visitors", sale: null, cpc: 0.95, ctr: 0.019, roas: 4.2 },
      { id: "23851000003", name: "BFCM - Advantage+", sale: "bfcm", cpc: 1.2, ctr: 0.016, roas: 3.2 },
      { id: "23851000004", name: "Spring Sale - Advantage+", sale: "spring", cpc: 1.1, ctr: 0.015, roas: 3.0 },
    ],
  },
  {
    provider: "tiktok_ads", channel: "tiktok", displayName: "Acme TikTok Ads (demo)", accountId: "7012345678901234567",
    timeZone: "Europe/Berlin", currency: "EUR", perUsd: 0.92,
    campaigns: [{ id: "1780000000001", name: "Spark Ads - Creators", sale: null, cpc: 0.85, ctr: 0.013, roas: 1.9 }],
  },
];

export const DEMO_ANALYTICS_PROPERTY = {
  provider: "google_analytics" as const,
  displayName: "Acme Google Analytics 4 (demo)",
  accountId: "properties/314159265",
  timeZone: "America/New_York",
  currency: "USD",
};

/** GA4 rows per channel of the store: (channel group, source, medium, share of the channel's sessions). */
export const DEMO_TRAFFIC_SOURCES: Record<Channel, [string, string, string, number][]> = {
  google: [["Paid Search", "google", "cpc", 1]],
  facebook: [["Paid Social", "facebook", "paid_social", 1]],
  tiktok: [["Paid Social", "tiktok", "paid_social", 1]],
  email: [["Email", "email", "email", 1]],
  direct: [["Direct", "(direct)", "(none)", 1]],
  organic: [
    ["Organic Search", "google", "organic", 0.8],
    ["Organic Search", "bing", "organic", 0.12],
    ["Organic Search", "duckduckgo", "organic", 0.08],
  ],
};

/** Store conversion rate of each channel's sessions (sessions = orders / rate). */
export const DEMO_CHANNEL_CONVERSION: Record<Channel, number> = {
  google: 0.022, facebook: 0.014, tiktok: 0.009, email: 0.035, direct: 0.03, organic: 0.024,
};
