import type { AdSourceProvider, ConnectionHealth, OAuthTokens, ProviderAccount } from "../contracts/ad-source";
import { isConnectorError } from "../common/errors";
import { createGraphClient, type GraphOptions } from "./client";
import { adAccountPath, metaAppConfig, requireMetaConfig, type MetaAppConfig } from "./config";
import { attributionWindows, fetchInsightRows, type ReportRunOptions } from "./insights";
import { checkMetaTokens, exchangeMetaCode, expiredTokenError, expiryNotice, metaAuthorizeUrl, metaTokenExpiry } from "./oauth";
import { accountStatusWord, adAccountsToProviderAccounts, insightsToAdStats } from "./transform";

// Meta Ads (Facebook and Instagram ads) through the Graph API's Marketing endpoints.

export type MetaProviderOptions = GraphOptions &
  Omit<ReportRunOptions, "signal" | "sleep"> & {
    /** Defaults to META_APP_ID / META_APP_SECRET, read at each call. */
    config?: () => MetaAppConfig | null;
    now?: () => number;
  };

/** Tokens within this many days of expiry are reported so admins can reconnect in time. */
export const EXPIRY_WARNING_DAYS = 7;

export function createMetaProvider(options: MetaProviderOptions = {}): AdSourceProvider {
  const config = () => requireMetaConfig((options.config ?? metaAppConfig)());
  const now = options.now ?? Date.now;
  const client = (tokens: OAuthTokens) => createGraphClient(tokens.accessToken, (options.config ?? metaAppConfig)()?.appSecret ?? null, options);

  return {
    provider: "meta_ads",
    label: "Meta Ads",
    // Meta serves insights for the last 37 months.
    maxWindowDays: 31,

    authorizeUrl: (input) => metaAuthorizeUrl(config(), input),
    exchangeCode: (input) => exchangeMetaCode(config(), input, { ...options, now }),
    refreshTokens: async (tokens) => checkMetaTokens(tokens, now()),

    async listAccounts(tokens) {
      checkMetaTokens(tokens, now());
      const items = await client(tokens).getAll("me/adaccounts", { fields: "account_id,name,currency,timezone_name,account_status", limit: "100" });
      return adAccountsToProviderAccounts(items);
    },

    async fetchDaily(context) {
      checkMetaTokens(context.tokens, now());
      const windows = attributionWindows(context.settings);
      const rows = await fetchInsightRows(client(context.tokens), context.account.id, context.window, windows, {
        ...options,
        signal: context.signal,
      });
      return insightsToAdStats(rows, context.account);
    },

    async health(tokens: OAuthTokens, account: ProviderAccount): Promise<ConnectionHealth> {
      const tokenExpiresAt = metaTokenExpiry(tokens);
      if (tokenExpiresAt && Date.parse(tokenExpiresAt) <= now()) return { ok: false, message: expiredTokenError(tokenExpiresAt).message, tokenExpiresAt };
      let status: string | null;
      try {
        const answer = await client(tokens).get<{ account_status?: unknown }>(adAccountPath(account.id), { fields: "account_status,name" });
        status = accountStatusWord(answer?.account_status);
      } catch (error) {
        if (isConnectorError(error) && ["auth", "permission", "not_found"].includes(error.kind)) return { ok: false, message: error.message, tokenExpiresAt };
        throw error;
      }
      if (status !== "active") {
        return { ok: false, message: `Meta reports this ad account as ${status?.replace(/_/g, " ") ?? "unavailable"}; fix it in Meta's Ads Manager.`, tokenExpiresAt };
      }
      const soon = tokenExpiresAt !== null && Date.parse(tokenExpiresAt) - now() <= EXPIRY_WARNING_DAYS * 86_400_000;
      return { ok: true, message: soon ? expiryNotice(tokenExpiresAt) : null, tokenExpiresAt };
    },
  };
}

export const provider: AdSourceProvider = createMetaProvider();
