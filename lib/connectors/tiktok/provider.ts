import type { AdSourceProvider, ConnectionHealth, OAuthTokens, ProviderAccount } from "../contracts/ad-source";
import { readBelowCampaign } from "../common/below-campaign";
import { ConnectorError, isConnectorError } from "../common/errors";
import { fetchAdvertiserInfo, listAdvertisers } from "./accounts";
import { createTikTokClient, type TikTokOptions } from "./client";
import { requireTikTokConfig, tiktokAppConfig, type TikTokAppConfig } from "./config";
import { checkTikTokTokens, exchangeTikTokCode, tiktokAuthorizeUrl } from "./oauth";
import { fetchAdGroupLevel, fetchAdLevel } from "./levels";
import { accountToday, fetchCampaignInfos, fetchReportRows, MAX_REPORT_DAYS } from "./report";
import { toCampaigns, toInsights } from "./transform";

// TikTok Ads through the TikTok API for Business.

export type TikTokProviderOptions = TikTokOptions & {
  /** Defaults to TIKTOK_APP_ID / TIKTOK_APP_SECRET, read at each call. */
  config?: () => TikTokAppConfig | null;
  now?: () => number;
};

export function createTikTokProvider(options: TikTokProviderOptions = {}): AdSourceProvider {
  const config = () => requireTikTokConfig((options.config ?? tiktokAppConfig)());
  const now = options.now ?? Date.now;
  const client = (tokens: OAuthTokens) => createTikTokClient(checkTikTokTokens(tokens, now()).accessToken, options);

  async function currencyOf(tokens: OAuthTokens, account: ProviderAccount): Promise<string> {
    if (account.currency) return account.currency;
    const [info] = await fetchAdvertiserInfo(client(tokens), [account.id]);
    if (!info?.currency) throw new ConnectorError("not_found", "tiktok_ads", `TikTok did not return advertiser ${account.id}: it was removed or is no longer shared with you.`);
    return info.currency;
  }

  return {
    provider: "tiktok_ads",
    label: "TikTok Ads",
    // TikTok does not publish a reporting horizon for the synchronous report; two years is what
    // its Ads Manager reliably serves, and the default backfill.
    maxWindowDays: MAX_REPORT_DAYS,

    authorizeUrl: (input) => tiktokAuthorizeUrl(config(), input),
    exchangeCode: (input) => exchangeTikTokCode(config(), input, { ...options, now }),
    refreshTokens: async (tokens) => checkTikTokTokens(tokens, now()),
    listAccounts: (tokens) => listAdvertisers(client(tokens), config()),

    async fetchDaily(context) {
      const api = client(context.tokens);
      const currency = await currencyOf(context.tokens, context.account);
      const advertiserId = context.account.id;
      const today = accountToday(now(), context.account.timeZone);
      const rows = await fetchReportRows(api, advertiserId, context.window, today);
      const infos = rows.length ? await fetchCampaignInfos(api, advertiserId, rows.map((r) => r.campaignId)) : new Map();
      const warnings: string[] = [];
      const scope = { client: api, advertiserId, window: context.window, today };
      const groups = await readBelowCampaign("TikTok Ads", "ad group", () => fetchAdGroupLevel(scope), { adGroups: [], rows: [] }, warnings);
      const ads = await readBelowCampaign("TikTok Ads", "ad", () => fetchAdLevel(scope), { ads: [], rows: [] }, warnings);
      return {
        kind: "ads",
        campaigns: toCampaigns(
          rows.map((r) => r.campaignId),
          infos,
          advertiserId,
        ),
        adGroups: groups.adGroups,
        ads: ads.ads,
        insights: toInsights([...rows, ...groups.rows, ...ads.rows], { id: advertiserId, currency }),
        warnings,
      };
    },

    async health(tokens: OAuthTokens, account: ProviderAccount): Promise<ConnectionHealth> {
      const tokenExpiresAt = tokens.expiresAt;
      try {
        const [info] = await fetchAdvertiserInfo(client(tokens), [account.id]);
        if (!info) return { ok: false, message: "TikTok no longer returns this advertiser: it was removed or is no longer shared with you. Reconnect TikTok Ads.", tokenExpiresAt };
        if (info.status && info.status !== "STATUS_ENABLE") {
          return { ok: false, message: `TikTok reports this advertiser as ${info.status.replace(/^STATUS_/, "").replace(/_/g, " ").toLowerCase()}; fix it in TikTok Ads Manager.`, tokenExpiresAt };
        }
        return { ok: true, message: null, tokenExpiresAt };
      } catch (error) {
        if (isConnectorError(error) && ["auth", "permission", "not_found"].includes(error.kind)) return { ok: false, message: error.message, tokenExpiresAt };
        throw error;
      }
    },
  };
}

export const provider: AdSourceProvider = createTikTokProvider();
