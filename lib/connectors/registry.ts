import { ConnectorError } from "./common/errors";
import type { AdProvider, AdSourceProvider } from "./contracts/ad-source";
import type { CrmProvider } from "./contracts/crm-source";
import type { OwnedSourceProvider } from "./contracts/owned-source";
import type { StoreProvider } from "./contracts/store-source";

// Every platform Signalboard connects to, described once. Pages, the connect buttons, OAuth,
// failure messages, channels, reports and the sync engines read what they need from here, so a
// new provider is its folder plus one entry below. The API client itself is loaded on first use:
// a process that never syncs Meta never loads Meta's code.

/** What a connection brings in; the sync engine that runs it is chosen by kind. */
export type ProviderKind = "store" | "ads" | "analytics" | "crm" | "messaging" | "import";

/** Where the browser goes to grant access; one flow can serve several providers (Google Ads and GA4). */
export type OAuthFlow = "shopify" | "woocommerce" | "google" | "meta" | "tiktok" | "douyin" | "amocrm";

type Descriptor = {
  /** How pages and alerts name the platform. */
  label: string;
  /** Whose access it is ("Meta's access for Signalboard ends on ..."). */
  company: string;
  kind: ProviderKind;
  /** What one connection is an account of, in messages ("ad account 123", "property 456"). */
  accountNoun: string;
  /** The connect page's title and what a connection brings in. */
  title: string;
  summary: string;
  /** How access is granted: an OAuth flow, or nothing (a pasted key pair, or data uploaded by the workspace). */
  flow: OAuthFlow | null;
  /** Connected by pasting the store's address and an API key pair (its provider checks them). */
  keyPair?: boolean;
  /** Connected by pasting one private API key (its provider checks it). */
  apiKey?: boolean;
  /** What admins are told when the platform refuses the stored access. */
  reauth?: string;
  /** What an operator must set before it can be connected. */
  env: readonly string[];
  /** How far back a first sync reaches, in days (the platform may keep less). */
  historyDays: number;
  /** The marketing channel its clicks arrive as, for ad platforms. */
  channel: string | null;
  /** The platform's API, for ads and analytics providers. */
  load?: () => Promise<AdSourceProvider>;
  /** The store's API and connect check, for stores other than Shopify (whose engine path predates this). */
  store?: () => Promise<StoreProvider>;
  /** The CRM's API and its pasted-secret check, for CRMs. */
  crm?: () => Promise<CrmProvider>;
  /** Connected by pasting one secret (a private app token, a webhook URL): what the form asks for. */
  pastedSecret?: { field: string; label: string; hint: string };
  /** The messaging platform's API and key check, for owned-channel providers. */
  owned?: () => Promise<OwnedSourceProvider>;
  /** Generated demo accounts can stand in for it (the demo workspace, and tests). */
  demo: boolean;
};

export const PROVIDERS = {
  shopify: {
    label: "Shopify", company: "Shopify", kind: "store", accountNoun: "store", title: "Shopify",
    summary: "Orders, refunds, customers and products, with webhooks for what changes in between.",
    flow: "shopify", env: ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"], historyDays: 730, channel: null, demo: true,
  },
  woocommerce: {
    label: "WooCommerce", company: "WooCommerce", kind: "store", accountNoun: "store", title: "WooCommerce",
    summary: "Orders, refunds, customers and products from a WooCommerce store's REST API, every 10 minutes.",
    // Its flow is the store's application authentication (app/api/connect/woocommerce), which hands over a key pair.
    flow: "woocommerce", keyPair: true, env: [], historyDays: 730, channel: null, demo: false,
    reauth: "The WooCommerce store refused Signalboard's keys (they were revoked, or lost read access). Paste a new key pair to resume syncing.",
    store: async () => (await import("./woocommerce/provider")).provider,
  },
  google_ads: {
    label: "Google Ads", company: "Google", kind: "ads", accountNoun: "ad account", title: "Google Ads",
    summary: "Daily cost, impressions, clicks, conversions and conversion value per campaign. Manager (MCC) accounts list their clients.",
    flow: "google", env: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_ADS_DEVELOPER_TOKEN"], historyDays: 730, channel: "google", demo: true,
    load: async () => (await import("./google/ads-provider")).provider,
  },
  meta_ads: {
    label: "Meta Ads", company: "Meta", kind: "ads", accountNoun: "ad account", title: "Meta Ads",
    summary: "Daily spend, impressions, clicks, purchases and purchase value per campaign from Facebook and Instagram ads.",
    // Insights reach back 37 months.
    flow: "meta", env: ["META_APP_ID", "META_APP_SECRET"], historyDays: 1125, channel: "facebook", demo: true,
    load: async () => (await import("./meta/provider")).provider,
  },
  tiktok_ads: {
    label: "TikTok Ads", company: "TikTok", kind: "ads", accountNoun: "ad account", title: "TikTok Ads",
    summary: "Daily spend, impressions, clicks, conversions and conversion value per campaign, with today's figures by the hour.",
    flow: "tiktok", env: ["TIKTOK_APP_ID", "TIKTOK_APP_SECRET"], historyDays: 730, channel: "tiktok", demo: true,
    load: async () => (await import("./tiktok/provider")).provider,
  },
  douyin: {
    label: "Douyin DOU+", company: "Douyin", kind: "ads", accountNoun: "Douyin account", title: "Douyin DOU+",
    summary: "DOU+ promotion orders with 5-minute delivery stats per order, video and account totals, and daily DOU+ spend in ad reports.",
    // DOU+ orders are synced 90 days back (lib/douplus); its daily spend follows the same horizon.
    flow: "douyin", env: ["DOUYIN_CLIENT_KEY", "DOUYIN_CLIENT_SECRET"], historyDays: 90, channel: "douyin", demo: false,
    load: async () => (await import("./douyin/provider")).provider,
  },
  google_analytics: {
    label: "Google Analytics", company: "Google", kind: "analytics", accountNoun: "property", title: "Google Analytics 4",
    summary: "Daily sessions, users, transactions and purchase revenue by channel group and source / medium.",
    flow: "google", env: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"], historyDays: 730, channel: null, demo: true,
    load: async () => (await import("./google/ga4-provider")).provider,
  },
  hubspot: {
    label: "HubSpot", company: "HubSpot", kind: "crm", accountNoun: "portal", title: "HubSpot CRM",
    summary: "Deals with their pipeline stages, amounts, owners and original source, and the contacts they belong to.",
    flow: null, env: [], historyDays: 0, channel: null, demo: false,
    pastedSecret: {
      field: "token", label: "Private app access token",
      hint: "In HubSpot: Settings → Integrations → Private apps → Create, with the scopes crm.objects.deals.read and crm.objects.contacts.read.",
    },
    crm: async () => (await import("./hubspot/provider")).provider,
  },
  bitrix24: {
    label: "Bitrix24", company: "Bitrix24", kind: "crm", accountNoun: "portal", title: "Bitrix24 CRM",
    summary: "Deals with their funnels' stages and stage history, amounts, owners and sources (UTM or source field), and their contacts.",
    flow: null, env: [], historyDays: 0, channel: null, demo: false,
    reauth: "Bitrix24 refused Signalboard's webhook (it was deleted, expired or lost the CRM permission). Paste a new inbound webhook address to resume syncing.",
    pastedSecret: {
      field: "webhookUrl", label: "Inbound webhook address",
      hint: "In Bitrix24: Applications → Developer resources → Other → Inbound webhook, with the CRM (crm) permission. Paste the address it shows: https://{portal}.bitrix24.{ru|com|…}/rest/{user}/{code}/",
    },
    crm: async () => (await import("./bitrix24/provider")).provider,
  },
  amocrm: {
    label: "AmoCRM", company: "AmoCRM", kind: "crm", accountNoun: "account", title: "AmoCRM (Kommo)",
    summary: "Leads with their pipelines' statuses and status history, budgets, owners and UTM sources, and their contacts.",
    // Signing in through AmoCRM's integration (app/api/connect/amocrm); the account's domain comes back with the code.
    flow: "amocrm", env: ["AMOCRM_CLIENT_ID", "AMOCRM_CLIENT_SECRET"], historyDays: 0, channel: null, demo: false,
    reauth: "AmoCRM refused Signalboard's access (the integration was removed, or its authorisation lapsed). Connect AmoCRM again to resume syncing.",
    crm: async () => (await import("./amocrm/provider")).provider,
  },
  klaviyo: {
    label: "Klaviyo", company: "Klaviyo", kind: "messaging", accountNoun: "account", title: "Klaviyo",
    summary: "Email and SMS campaigns and flows with their per-recipient sends, opens, clicks, unsubscribes and spam complaints, every 10 minutes.",
    flow: null, apiKey: true, env: [], historyDays: 365, channel: null, demo: false,
    reauth: "Klaviyo refused Signalboard's private API key (it was revoked, or lost read access). Paste a new private key with read access to resume syncing.",
    owned: async () => (await import("./klaviyo/provider")).provider,
  },
  import: {
    label: "Import", company: "Signalboard", kind: "import", accountNoun: "source", title: "Import",
    summary: "Orders and ad spend uploaded as CSV or JSON, for sources without a connector.",
    flow: null, env: [], historyDays: 0, channel: null, demo: false,
  },
} as const satisfies Record<string, Descriptor>;

export type ProviderKey = keyof typeof PROVIDERS;
export type ProviderDescriptor = Descriptor & { key: ProviderKey };

export const PROVIDER_KEYS = Object.keys(PROVIDERS) as ProviderKey[];

export function isProviderKey(value: string): value is ProviderKey {
  return Object.hasOwn(PROVIDERS, value);
}

export function descriptor(key: ProviderKey): ProviderDescriptor {
  return { ...(PROVIDERS[key] as Descriptor), key };
}

/** The platform's name for a stored provider value, or the value itself for one no longer known. */
export function providerLabel(provider: string): string {
  return isProviderKey(provider) ? PROVIDERS[provider].label : provider;
}

export function providersOfKind(...kinds: ProviderKind[]): ProviderKey[] {
  return PROVIDER_KEYS.filter((key) => kinds.includes(PROVIDERS[key].kind));
}

export function providersOfFlow(flow: OAuthFlow): ProviderKey[] {
  return PROVIDER_KEYS.filter((key) => PROVIDERS[key].flow === flow);
}

/** Ad platform -> the channel its clicks arrive as. */
export const PLATFORM_CHANNELS: Readonly<Record<string, string>> = Object.fromEntries(
  PROVIDER_KEYS.flatMap((key) => {
    const channel: string | null = PROVIDERS[key].channel;
    return channel ? [[key, channel]] : [];
  }),
);

export function missingEnv(key: ProviderKey): string[] {
  return PROVIDERS[key].env.filter((name) => !process.env[name]?.trim());
}

/** Ads and web-analytics providers: the ones the ad sync engine runs and the ad OAuth flows connect. */
export const AD_PROVIDERS = providersOfKind("ads", "analytics") as AdProvider[];

export function isAdProvider(provider: string): provider is AdProvider {
  return (AD_PROVIDERS as readonly string[]).includes(provider);
}

/** Stores whose orders a connection brings in (the connections page counts them). */
export function isStoreProvider(provider: string): boolean {
  return isProviderKey(provider) && PROVIDERS[provider].kind === "store";
}

/** Platforms connected by pasting an address and a key pair. */
export function providersWithKeyPair(): ProviderKey[] {
  return PROVIDER_KEYS.filter((key) => (PROVIDERS[key] as Descriptor).keyPair === true);
}

/** Platforms connected by pasting one private API key. */
export function providersWithApiKey(): ProviderKey[] {
  return PROVIDER_KEYS.filter((key) => (PROVIDERS[key] as Descriptor).apiKey === true);
}

/**
 * CRMs connected by pasting one secret (a private app token, a webhook URL), with what their form
 * asks for: the connections page draws one form per entry, so a CRM added here needs no page work.
 */
export function crmsWithPastedSecret(): { key: ProviderKey; label: string; field: string; fieldLabel: string; hint: string }[] {
  return PROVIDER_KEYS.flatMap((key) => {
    const entry = PROVIDERS[key] as Descriptor;
    if (entry.kind !== "crm" || !entry.pastedSecret) return [];
    return [{ key, label: entry.label, field: entry.pastedSecret.field, fieldLabel: entry.pastedSecret.label, hint: entry.pastedSecret.hint }];
  });
}

/** CRMs connected through their own OAuth app (AmoCRM): the connections page draws a button per entry. */
export function crmsWithOAuth(): { key: ProviderKey; label: string; flow: OAuthFlow }[] {
  return PROVIDER_KEYS.flatMap((key) => {
    const entry = PROVIDERS[key] as Descriptor;
    return entry.kind === "crm" && entry.flow ? [{ key, label: entry.label, flow: entry.flow }] : [];
  });
}

/** The API of a messaging platform, or null for other providers. */
export async function ownedProvider(provider: string): Promise<OwnedSourceProvider | null> {
  if (!isProviderKey(provider)) return null;
  const load = (PROVIDERS[provider] as Descriptor).owned;
  return load ? load() : null;
}

/** The API of a store platform other than Shopify, or null for Shopify and non-stores. */
export async function storeProvider(provider: string): Promise<StoreProvider | null> {
  if (!isProviderKey(provider)) return null;
  const load = (PROVIDERS[provider] as Descriptor).store;
  return load ? load() : null;
}

/** The API of a CRM, or null for a provider that is not one. */
export async function crmProvider(provider: string): Promise<CrmProvider | null> {
  if (!isProviderKey(provider)) return null;
  const load = (PROVIDERS[provider] as Descriptor).crm;
  return load ? load() : null;
}

/** The real API of an ads or analytics platform. */
export async function adProvider(provider: AdProvider): Promise<AdSourceProvider> {
  if (!isAdProvider(provider)) throw new ConnectorError("bad_request", provider, `${String(provider)} is not an ad or analytics platform Signalboard syncs.`);
  return PROVIDERS[provider].load();
}
