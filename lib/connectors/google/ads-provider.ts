import type { AdSourceProvider, AdStats, FetchContext, OAuthTokens, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { readBelowCampaign } from "@/lib/connectors/common/below-campaign";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { ADS_PROVIDER, classifyAdsError } from "./ads-errors";
import { accessibleCustomerIds, expandHierarchy, mergeAccounts, streamRows, toAdStats, type AdsLevel } from "./ads-transform";
import { DEVELOPER_TOKEN_MISSING, GOOGLE_ADS_BASE_URL, googleAdsDeveloperToken } from "./config";
import { checkHealth, checkWindow } from "./health";
import { bearer, googleRequest, type GoogleHttpOptions } from "./http";
import { readText } from "./numbers";
import { createGoogleOAuth, oauthMethods, type GoogleOAuthOptions } from "./oauth";

// Google Ads through its REST interface: GAQL over googleAds:searchStream (one answer for the whole
// window, no paging), the developer token on every call, and the manager's id as login-customer-id
// for accounts reached through a manager (MCC).

const LABEL = "Google Ads";

const METRICS = "metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value";

export const adGroupQuery = (fromDay: string, toDay: string) =>
  `SELECT campaign.id, campaign.name, campaign.status, ad_group.id, ad_group.name, ad_group.status, segments.date, ${METRICS} ` +
  `FROM ad_group WHERE segments.date BETWEEN '${fromDay}' AND '${toDay}'`;

// Only image ads carry a picture in the API (other types' creatives are assets or YouTube videos).
export const adQuery = (fromDay: string, toDay: string) =>
  "SELECT campaign.id, campaign.name, campaign.status, ad_group.id, ad_group.name, ad_group.status, " +
  "ad_group_ad.ad.id, ad_group_ad.ad.name, ad_group_ad.status, ad_group_ad.ad.image_ad.preview_image_url, " +
  `segments.date, ${METRICS} FROM ad_group_ad WHERE segments.date BETWEEN '${fromDay}' AND '${toDay}'`;

// Performance Max campaigns have no ad groups, so the ad_group query never sees their spend.
export const campaignOnlyQuery = (fromDay: string, toDay: string) =>
  `SELECT campaign.id, campaign.name, campaign.status, segments.date, ${METRICS} ` +
  `FROM campaign WHERE campaign.advertising_channel_type = 'PERFORMANCE_MAX' AND segments.date BETWEEN '${fromDay}' AND '${toDay}'`;

export const CUSTOMER_CLIENT_QUERY =
  "SELECT customer_client.client_customer, customer_client.id, customer_client.level, customer_client.manager, " +
  "customer_client.descriptive_name, customer_client.currency_code, customer_client.time_zone, customer_client.status FROM customer_client";

export const CUSTOMER_QUERY = "SELECT customer.id, customer.currency_code, customer.time_zone FROM customer";

/** Google Ads shows ids as 123-456-7890 but its API takes the digits alone; anything else never reaches a URL. */
export function customerDigits(id: string): string {
  const digits = id.replace(/-/g, "");
  if (!/^\d{1,20}$/.test(digits)) throw new ConnectorError("bad_request", ADS_PROVIDER, `"${id}" is not a Google Ads customer id (123-456-7890).`);
  return digits;
}

export type GoogleAdsProviderOptions = { oauth?: GoogleOAuthOptions; http?: GoogleHttpOptions; developerToken?: string | null };

export function createGoogleAdsProvider(options: GoogleAdsProviderOptions = {}): AdSourceProvider {
  const oauth = createGoogleOAuth(ADS_PROVIDER, LABEL, options.oauth);

  function developerToken(): string {
    const token = options.developerToken === undefined ? googleAdsDeveloperToken() : options.developerToken;
    if (!token) throw new ConnectorError("bad_request", ADS_PROVIDER, DEVELOPER_TOKEN_MISSING);
    return token;
  }

  function headers(accessToken: string, loginCustomerId: string | null | undefined): Record<string, string> {
    return { ...bearer(accessToken), "developer-token": developerToken(), ...(loginCustomerId ? { "login-customer-id": customerDigits(loginCustomerId) } : {}) };
  }

  async function searchStream(accessToken: string, customerId: string, loginCustomerId: string | null | undefined, query: string): Promise<unknown> {
    const { body } = await googleRequest<unknown>(
      { method: "POST", url: `${GOOGLE_ADS_BASE_URL}/customers/${customerDigits(customerId)}/googleAds:searchStream`, headers: headers(accessToken, loginCustomerId), body: { query } },
      ADS_PROVIDER,
      classifyAdsError,
      options.http,
    );
    return body;
  }

  async function listAccounts(tokens: OAuthTokens): Promise<ProviderAccount[]> {
    return oauth.withAccessToken(tokens, async (accessToken) => {
      const { body } = await googleRequest<unknown>(
        { url: `${GOOGLE_ADS_BASE_URL}/customers:listAccessibleCustomers`, headers: headers(accessToken, null) },
        ADS_PROVIDER,
        classifyAdsError,
        options.http,
      );
      const lists: ProviderAccount[][] = [];
      for (const rootId of accessibleCustomerIds(body)) {
        try {
          lists.push(expandHierarchy(rootId, await searchStream(accessToken, rootId, rootId, CUSTOMER_CLIENT_QUERY)));
        } catch (error) {
          // Cancelled or suspended accounts stay "accessible" but cannot be queried: leave them out.
          if (error instanceof ConnectorError && (error.kind === "not_found" || error.kind === "permission") && !error.providerCode?.includes("DEVELOPER_TOKEN")) continue;
          throw error;
        }
      }
      return mergeAccounts(lists);
    });
  }

  async function accountCurrency(accessToken: string, account: ProviderAccount): Promise<string> {
    if (account.currency) return account.currency;
    const [first] = streamRows(await searchStream(accessToken, account.id, account.loginCustomerId, CUSTOMER_QUERY));
    return readText(first?.row.customer && (first.row.customer as Record<string, unknown>).currencyCode, "customer.currencyCode", ADS_PROVIDER);
  }

  async function fetchDaily(context: FetchContext): Promise<AdStats> {
    const { account, window } = context;
    if (account.isManager) throw new ConnectorError("bad_request", ADS_PROVIDER, "A Google Ads manager account has no campaigns of its own; connect one of the accounts under it.");
    checkWindow(ADS_PROVIDER, window);
    return oauth.withAccessToken(context.tokens, async (accessToken) => {
      const currency = await accountCurrency(accessToken, account);
      const read = async (level: AdsLevel, query: string) =>
        toAdStats(await searchStream(accessToken, account.id, account.loginCustomerId, query), { accountId: account.id, currency, window }, level);
      const groups = await read("ad_group", adGroupQuery(window.fromDay, window.toDay));
      const pmaxCampaigns = await read("campaign", campaignOnlyQuery(window.fromDay, window.toDay));
      const warnings: string[] = [];
      const adLevel = await readBelowCampaign(LABEL, "ad", () => read("ad", adQuery(window.fromDay, window.toDay)), null, warnings);
      const stats = {
        kind: "ads" as const,
        campaigns: [...groups.campaigns, ...pmaxCampaigns.campaigns],
        adGroups: groups.adGroups,
        ads: adLevel?.ads ?? [],
        insights: [...groups.insights, ...pmaxCampaigns.insights, ...(adLevel?.insights ?? [])],
        warnings,
      };
      return stats;
    });
  }

  return {
    provider: ADS_PROVIDER,
    label: LABEL,
    maxWindowDays: 31,
    ...oauthMethods(oauth),
    listAccounts,
    fetchDaily,
    health: (tokens, account) =>
      checkHealth(tokens, () => oauth.withAccessToken(tokens, (accessToken) => searchStream(accessToken, account.id, account.loginCustomerId, `${CUSTOMER_QUERY} LIMIT 1`))),
  };
}

export const provider: AdSourceProvider = createGoogleAdsProvider();
