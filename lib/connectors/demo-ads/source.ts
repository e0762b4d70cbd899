import { PROVIDERS } from "@/lib/connectors/registry";
import type { AdInsightInput, TrafficInput } from "@/lib/connectors/contracts/ad-facts";
import type { AdProvider, AdSourceProvider, FetchContext, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { DEMO_SHOP_DOMAIN, demoHistoryEnd, type ShopifyCredentials } from "@/lib/connections/service";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { DEMO_AD_ACCOUNTS, DEMO_ANALYTICS_PROPERTY } from "./accounts";
import { demoAdGroups, demoAds, rowsAboveAds } from "./creatives";
import { createDemoAds, type DemoAds, type DemoAdsOptions } from "./generator";

// The demo accounts as a provider, so demo connections sync through the same engine as real
// ones: backfill, today's numbers every 10 minutes, and restatement. Like a real platform, what
// it serves depends on when it is asked: today is served up to the hour of the pull, and the last
// three closed days still miss some late conversions, which arrive as the days age. So a
// restatement really changes recent numbers, and the same pull time always gives the same ones.

/** Share of a day's conversions (and their value) reported only after the day has closed. */
const LATE_SHARE_PERMILLE = 60n;
/** Late conversions trickle in over this long after the day closes. */
const LATE_WINDOW_HOURS = 72;
const HOUR_MS = 3_600_000;

export type DemoSourceOptions = { now?: () => Date };

const cache = new Map<string, DemoAds>();

/** The generator is calibrated on thousands of the store's orders; one per store is enough. */
function demoAdsFor(options: DemoAdsOptions): DemoAds {
  const key = `${options.seed}:${options.orders}:${options.endDate.toISOString()}`;
  let ads = cache.get(key);
  if (!ads) {
    ads = createDemoAds(options);
    cache.set(key, ads);
  }
  return ads;
}

/** The demo store's options, as its connection recorded them when it was connected. */
export async function demoStoreOptions(workspaceId: string): Promise<DemoAdsOptions> {
  const store = await db.connection.findUnique({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: DEMO_SHOP_DOMAIN } },
    select: { credentials: true },
  });
  const credentials = store ? openJson<ShopifyCredentials>(store.credentials) : null;
  if (credentials?.mode !== "demo") throw new AppError("not_found", "This workspace is not connected to the demo store.");
  return { seed: credentials.seed, orders: credentials.orders, endDate: demoHistoryEnd(credentials) };
}

/** Multiplies a decimal string by permille / 1000, exactly. */
function scaleDecimal(value: string, permille: bigint): string {
  return formatDecimal((parseDecimal(value) * permille) / 1000n, 2);
}

const scaleCount = (value: number, permille: bigint) => Number((BigInt(value) * permille) / 1000n);

/**
 * How much of a day the platform reports at `pulledAt`: today up to the hour; closed days miss a
 * share of their conversions that shrinks to nothing over three days.
 */
function maturity(day: string, timeZone: string, pulledAt: Date): { volume: bigint; conversions: bigint } {
  const start = startOfLocalDay(day, timeZone).getTime();
  const end = startOfLocalDay(addDays(day, 1), timeZone).getTime();
  const now = pulledAt.getTime();
  if (now < end) {
    const elapsed = BigInt(Math.max(0, Math.floor(((now - start) / (end - start)) * 1000)));
    return { volume: elapsed, conversions: (elapsed * (1000n - LATE_SHARE_PERMILLE)) / 1000n };
  }
  const hoursClosed = Math.floor((now - end) / HOUR_MS);
  const missing = hoursClosed >= LATE_WINDOW_HOURS ? 0n : (LATE_SHARE_PERMILLE * BigInt(LATE_WINDOW_HOURS - hoursClosed)) / BigInt(LATE_WINDOW_HOURS);
  return { volume: 1000n, conversions: 1000n - missing };
}

function scaleInsight(row: AdInsightInput, m: { volume: bigint; conversions: bigint }): AdInsightInput {
  if (m.volume === 1000n && m.conversions === 1000n) return row;
  return {
    ...row,
    spend: scaleDecimal(row.spend, m.volume),
    impressions: scaleCount(row.impressions, m.volume),
    clicks: scaleCount(row.clicks, m.volume),
    conversions: scaleDecimal(row.conversions, m.conversions),
    conversionValue: scaleDecimal(row.conversionValue, m.conversions),
  };
}

function scaleTraffic(row: TrafficInput, m: { volume: bigint; conversions: bigint }): TrafficInput {
  if (m.volume === 1000n && m.conversions === 1000n) return row;
  const sessions = scaleCount(row.sessions, m.volume);
  return {
    ...row,
    sessions,
    users: Math.min(sessions, scaleCount(row.users, m.volume)),
    transactions: Math.min(sessions, scaleCount(row.transactions, m.conversions)),
    purchaseRevenue: scaleDecimal(row.purchaseRevenue, m.conversions),
  };
}

function accountFor(provider: AdProvider): ProviderAccount & { provider: AdProvider; timeZone: string; currency: string } {
  const account = provider === "google_analytics" ? DEMO_ANALYTICS_PROPERTY : DEMO_AD_ACCOUNTS.find((a) => a.provider === provider)!;
  return { provider, id: account.accountId, name: account.displayName, currency: account.currency, timeZone: account.timeZone };
}

/** The demo account of `provider` over the generated store `ads`. */
export function createDemoAdSource(provider: AdProvider, ads: DemoAds, options: DemoSourceOptions = {}): AdSourceProvider {
  const now = options.now ?? (() => new Date());
  const account = accountFor(provider);
  const adAccount = DEMO_AD_ACCOUNTS.find((a) => a.provider === provider);
  const firstDay = ads.dateOf(0);
  const noAuthorisation = () => {
    throw new AppError("conflict", "The demo accounts need no authorisation.");
  };

  /** Generator day indexes of the window's dates that the demo store has lived through. */
  function days(context: FetchContext): { date: string; index: number }[] {
    const out = [];
    for (let date = context.window.fromDay; date <= context.window.toDay; date = addDays(date, 1)) {
      const index = Math.round((Date.parse(date) - Date.parse(firstDay)) / 86_400_000);
      if (index >= 0) out.push({ date, index });
    }
    return out;
  }

  return {
    provider,
    label: `${PROVIDERS[provider].label} (demo)`,
    maxHistoryDays: 730,
    maxWindowDays: 92,
    authorizeUrl: noAuthorisation,
    exchangeCode: async () => noAuthorisation(),
    refreshTokens: async (tokens) => tokens,
    listAccounts: async () => [account],
    health: async () => ({ ok: true, message: null, tokenExpiresAt: null }),
    async fetchDaily(context) {
      const pulledAt = now();
      const today = localDate(pulledAt, account.timeZone);
      const served = days(context).filter((d) => d.date <= today);
      if (!adAccount) {
        return {
          kind: "traffic",
          traffic: served.flatMap(({ date, index }) => ads.trafficRows(index).map((row) => scaleTraffic(row, maturity(date, account.timeZone, pulledAt)))),
        };
      }
      // Ads are scaled one by one, and the ad groups and campaigns are their sums, so levels agree.
      const rowsOf = (index: number) => (ads.hasAdLevel(index) ? ads.creativeRows(index) : ads.adRows(index));
      const rows = served.flatMap(({ date, index }) =>
        rowsOf(index)
          .filter((r) => r.account.provider === provider)
          .map((r) => scaleInsight(r.insight, maturity(date, account.timeZone, pulledAt))),
      );
      return {
        kind: "ads",
        campaigns: ads.campaigns(adAccount),
        adGroups: demoAdGroups(adAccount),
        ads: demoAds(adAccount),
        insights: [...rows, ...rowsAboveAds(rows.filter((r) => r.adId))],
      };
    },
  };
}

/** The demo provider for a workspace's demo connection, over its own demo store. */
export async function demoSourceForWorkspace(workspaceId: string, provider: AdProvider, options: DemoSourceOptions = {}): Promise<AdSourceProvider> {
  return createDemoAdSource(provider, demoAdsFor(await demoStoreOptions(workspaceId)), options);
}
