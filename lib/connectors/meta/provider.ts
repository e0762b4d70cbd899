import type { AdSourceProvider, ConnectionHealth, OAuthTokens, ProviderAccount } from "../contracts/ad-source";
import { readBelowCampaign } from "../common/below-campaign";
import { isConnectorError } from "../common/errors";
import { createGraphClient, type GraphOptions } from "./client";
import { adAccountPath, metaAppConfig, requireMetaConfig, type MetaAppConfig } from "./config";
import { attributionWindows, fetchInsightRows, type ReportRunOptions } from "./insights";
import { fetchLevel } from "./levels";
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
      const graph = client(context.tokens);
      const reportOptions = { ...options, signal: context.signal };
      const rows = await fetchInsightRows(graph, context.account.id, context.window, windows, reportOptions);
      const campaigns = insightsToAdStats(rows, context.account);
      const warnings: string[] = [];
      const below = (level: "adset" | "ad") => () => fetchLevel(graph, context.account, context.window, windows, level, reportOptions);
      const adSets = await readBelowCampaign("Meta Ads", "ad group", below("adset"), null, warnings);
      const ads = await readBelowCampaign("Meta Ads", "ad", below("ad"), null, warnings);
      return {
        ...campaigns,
        adGroups: adSets?.adGroups ?? [],
        ads: ads?.ads ?? [],
        insights: [...campaigns.insights, ...(adSets?.insights ?? []), ...(ads?.insights ?? [])],
        warnings,
      };
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
