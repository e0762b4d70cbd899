import type { AdSourceProvider, FetchContext, OAuthTokens, ProviderAccount, TrafficStats } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import type { TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import { GA4_ADMIN_BASE_URL, GA4_DATA_BASE_URL } from "./config";
import { createGa4Classifier, GA4_PROVIDER } from "./ga4-errors";
import { assertUniqueTraffic, GA4_DIMENSIONS, GA4_METRICS, propertySettings, toPropertySummaries, toTrafficPage } from "./ga4-transform";
import { checkHealth, checkWindow } from "./health";
import { bearer, googleRequest, type GoogleHttpOptions } from "./http";
import { createGoogleOAuth, oauthMethods, type GoogleOAuthOptions } from "./oauth";

// Google Analytics 4: properties from the Admin API's account summaries (currency and time zone
// from each property), daily sessions, users, transactions and purchase revenue by session channel
// group / source / medium from the Data API's runReport, paged with limit/offset until rowCount.

const LABEL = "Google Analytics 4";
const PROPERTY_ID = /^properties\/\d+$/;

export type Ga4ProviderOptions = { oauth?: GoogleOAuthOptions; http?: GoogleHttpOptions; pageSize?: number; now?: () => number };

export function createGa4Provider(options: Ga4ProviderOptions = {}): AdSourceProvider {
  const oauth = createGoogleOAuth(GA4_PROVIDER, LABEL, options.oauth);
  const classify = createGa4Classifier(options.now);
  const pageSize = options.pageSize ?? 10_000;

  const call = async (accessToken: string, url: string, body?: unknown) =>
    (await googleRequest<unknown>({ method: body === undefined ? "GET" : "POST", url, headers: bearer(accessToken), body }, GA4_PROVIDER, classify, options.http)).body;

  /** The id goes into URLs, so only the documented shape gets that far. */
  function propertyPath(id: string): string {
    if (!PROPERTY_ID.test(id)) throw new ConnectorError("bad_request", GA4_PROVIDER, `"${id}" is not a GA4 property id (properties/123).`);
    return id;
  }
  const propertyUrl = (id: string) => `${GA4_ADMIN_BASE_URL}/${propertyPath(id)}`;

  async function listAccounts(tokens: OAuthTokens): Promise<ProviderAccount[]> {
    return oauth.withAccessToken(tokens, async (accessToken) => {
      const accounts: ProviderAccount[] = [];
      let pageToken: string | null = null;
      do {
        const query = new URLSearchParams({ pageSize: "200", ...(pageToken ? { pageToken } : {}) });
        const page = toPropertySummaries(await call(accessToken, `${GA4_ADMIN_BASE_URL}/accountSummaries?${query}`));
        accounts.push(...page.accounts);
        pageToken = page.nextPageToken;
      } while (pageToken);
      for (const account of accounts) {
        try {
          Object.assign(account, propertySettings(await call(accessToken, propertyUrl(account.id))));
        } catch (error) {
          // The picker still lists a property whose settings can't be read; syncing it will say why.
          if (!(error instanceof ConnectorError) || (error.kind !== "permission" && error.kind !== "not_found")) throw error;
        }
      }
      return accounts;
    });
  }

  async function fetchDaily(context: FetchContext): Promise<TrafficStats> {
    const { account, window } = context;
    checkWindow(GA4_PROVIDER, window);
    const url = `${GA4_DATA_BASE_URL}/${propertyPath(account.id)}:runReport`;
    return oauth.withAccessToken(context.tokens, async (accessToken) => {
      const traffic: TrafficInput[] = [];
      let offset = 0;
      for (;;) {
        const page = toTrafficPage(
          await call(accessToken, url, {
            dateRanges: [{ startDate: window.fromDay, endDate: window.toDay }],
            dimensions: GA4_DIMENSIONS.map((name) => ({ name })),
            metrics: GA4_METRICS.map((name) => ({ name })),
            limit: String(pageSize),
            offset: String(offset),
          }),
          window,
          account.currency,
        );
        traffic.push(...page.rows);
        offset += page.received;
        if (page.received === 0 || offset >= page.rowCount) break;
      }
      assertUniqueTraffic(traffic);
      return { kind: "traffic", traffic };
    });
  }

  return {
    provider: GA4_PROVIDER,
    label: LABEL,
    // Aggregated reports are not cut by GA4's data-retention setting; two years is the backfill default.
    maxWindowDays: 31,
    ...oauthMethods(oauth),
    listAccounts,
    fetchDaily,
    health: (tokens, account) => checkHealth(tokens, () => oauth.withAccessToken(tokens, (accessToken) => call(accessToken, propertyUrl(account.id)))),
  };
}

export const provider: AdSourceProvider = createGa4Provider();
