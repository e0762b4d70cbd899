import type { AdCampaignInput, AdGroupInput, AdInput, AdInsightInput, TrafficInput } from "@/lib/connectors/contracts/ad-facts";

// The contract every ads and web-analytics provider implements (Google Ads, Meta Ads, TikTok Ads,
// Google Analytics 4, and the demo sources). Providers turn their API's responses into our facts
// with pure transforms; the ad sync engine (lib/ads) owns windows, checkpoints, writes, rollups
// and failure handling, so a provider never touches the database.

export type AdProvider = "google_ads" | "meta_ads" | "tiktok_ads" | "google_analytics" | "douyin";

/** OAuth credentials as stored (sealed) on the connection. */
export type OAuthTokens = {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token lapses; null when the provider does not say (long-lived tokens). */
  expiresAt: string | null;
  /** When the refresh token (or a long-lived token) itself lapses, when known. */
  refreshExpiresAt?: string | null;
  scopes: string[];
  /** The platform's id of the user who granted access, when the token answer names one (Douyin's open_id). */
  subject?: string | null;
};

/** An account the user can pick: an ad account, an advertiser, an analytics property. */
export type ProviderAccount = {
  id: string;
  name: string;
  currency: string | null;
  timeZone: string | null;
  /** Google Ads manager (MCC) accounts list their clients under them; managers can't be synced themselves. */
  isManager?: boolean;
  /** For a client under a manager: the manager's id, sent as login-customer-id. */
  loginCustomerId?: string | null;
  status?: string | null;
};

/** Local days of the account (YYYY-MM-DD, inclusive). */
export type DayWindow = { fromDay: string; toDay: string };

/**
 * An ad account's window: its campaigns, ad groups and ads, and insight rows at any of those
 * levels (see ZAdInsight). Ad groups and ads are optional: a provider reporting only campaigns
 * leaves them out. `warnings` says what the window lacks without failing it (a level below the
 * campaign the platform refused for lack of permission).
 */
export type AdStats = { kind: "ads"; campaigns: AdCampaignInput[]; adGroups?: AdGroupInput[]; ads?: AdInput[]; insights: AdInsightInput[]; warnings?: string[] };
export type TrafficStats = { kind: "traffic"; traffic: TrafficInput[] };

export type FetchContext = {
  tokens: OAuthTokens;
  account: ProviderAccount;
  window: DayWindow;
  /** Provider knobs stored on the connection (Meta's attribution window, ...). */
  settings: Record<string, unknown>;
  /** Stops a long call (an async report run) when the run is cancelled or times out. */
  signal?: AbortSignal;
};

export type ConnectionHealth = {
  ok: boolean;
  /** Plain words for the connection page when not ok ("Meta's token expired on 3 May: reconnect."). */
  message: string | null;
  /** When the stored token lapses, if the provider says. */
  tokenExpiresAt: string | null;
};

export interface AdSourceProvider {
  provider: AdProvider;
  label: string;
  /** How far back this source serves daily stats, when it differs from the registry's history limit (demo and test sources). */
  maxHistoryDays?: number;
  /** Largest window one fetch should cover (the engine splits longer ranges and checkpoints between them). */
  maxWindowDays: number;
  authorizeUrl(input: { state: string; redirectUri: string }): string;
  exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthTokens>;
  /** A fresh access token (refreshed or exchanged) before expiry; throws ConnectorAuthError when it can't. */
  refreshTokens(tokens: OAuthTokens): Promise<OAuthTokens>;
  listAccounts(tokens: OAuthTokens): Promise<ProviderAccount[]>;
  fetchDaily(context: FetchContext): Promise<AdStats | TrafficStats>;
  health(tokens: OAuthTokens, account: ProviderAccount): Promise<ConnectionHealth>;
}
