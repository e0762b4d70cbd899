import type { AdSourceProvider, OAuthTokens, ProviderAccount } from "../contracts/ad-source";
import type { AdCampaignInput, AdInsightInput } from "../contracts/ad-facts";
import { ConnectorError } from "../common/errors";
import { addDays } from "@/lib/time/zone";
import { createDouyinClient, type DouyinClient, type DouyinOptions } from "./client";
import { douyinAppConfig, DOUYIN_CURRENCY, DOUYIN_PROVIDER, DOUYIN_TIME_ZONE, requireDouyinConfig, type DouyinAppConfig } from "./config";
import { douyinAuthorizeUrl, exchangeDouyinCode, refreshDouyinTokens } from "./oauth";
import { readReportWindow } from "./report";
import { formatBeijingTime } from "./transform";

// Douyin as an ad source: the authorisation every DOU+ call uses, and each day's DOU+ spend per
// order as ad facts (platform "douyin", one campaign per order), so MER, CAC and dashboards count
// it. The 5-minute order and bucket sync is lib/douplus's, on the same connection and tokens.

export type DouyinProviderOptions = DouyinOptions & {
  config?: () => DouyinAppConfig | null;
  now?: () => number;
  /** The DOU+ client for a token (the demo account's generator stands in for the platform). */
  client?: (accessToken: string) => DouyinClient;
};

const fenToYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, "0")}`;

/** The Douyin account a token was granted by: its open_id is what the DOU+ calls name it by. */
export function accountOfTokens(tokens: OAuthTokens): ProviderAccount {
  if (!tokens.subject) throw new ConnectorError("bad_response", DOUYIN_PROVIDER, "Douyin's token answer did not name the authorising account (open_id).");
  return { id: tokens.subject, name: `Douyin ${tokens.subject.slice(0, 12)}`, currency: DOUYIN_CURRENCY, timeZone: DOUYIN_TIME_ZONE };
}

export function createDouyinProvider(options: DouyinProviderOptions = {}): AdSourceProvider {
  const config = () => requireDouyinConfig((options.config ?? douyinAppConfig)());
  const now = options.now ?? Date.now;
  const clientFor = options.client ?? ((accessToken: string, attempts?: number) => createDouyinClient(accessToken, attempts ? { ...options, attempts } : options));
  return {
    provider: DOUYIN_PROVIDER,
    label: "Douyin DOU+",
    maxHistoryDays: 90,
    maxWindowDays: 7,
    authorizeUrl: (input) => douyinAuthorizeUrl(config(), input),
    exchangeCode: (input) => exchangeDouyinCode(config(), input.code, { ...options, now }),
    refreshTokens: (tokens) => refreshDouyinTokens(config(), tokens, { ...options, now }),
    listAccounts: async (tokens) => [accountOfTokens(tokens)],

    async fetchDaily(context) {
      const client = clientFor(context.tokens.accessToken);
      const campaigns = new Map<string, AdCampaignInput>();
      const insights: AdInsightInput[] = [];
      for (let day = context.window.fromDay; day <= context.window.toDay; day = addDays(day, 1)) {
        const { rows } = await readReportWindow(client, {
          secUid: context.account.id, beginTime: `${day} 00:00:00`, endTime: `${day} 23:59:59`, pulledAt: new Date(now()),
        });
        const perOrder = new Map<string, { cost: number; plays: number; conversions: number }>();
        for (const row of rows) {
          const sum = perOrder.get(row.orderId) ?? { cost: 0, plays: 0, conversions: 0 };
          sum.cost += row.costFen;
          sum.plays += row.plays;
          sum.conversions += row.conversions;
          perOrder.set(row.orderId, sum);
          campaigns.set(row.orderId, { platform: DOUYIN_PROVIDER, accountId: context.account.id, campaignId: row.orderId, name: `DOU+ ${row.orderId} (video ${row.itemId})`, status: null });
        }
        for (const [orderId, sum] of perOrder) {
          insights.push({
            platform: DOUYIN_PROVIDER, accountId: context.account.id, campaignId: orderId, day, currency: DOUYIN_CURRENCY,
            spend: fenToYuan(sum.cost), impressions: sum.plays, clicks: 0, conversions: String(sum.conversions), conversionValue: "0",
          });
        }
      }
      return { kind: "ads", campaigns: [...campaigns.values()], insights };
    },

    async health(tokens, account) {
      try {
        const client = clientFor(tokens.accessToken, 1);
        const to = new Date(now());
        await client.orderPage({ secUid: account.id, page: 1, pageSize: 1, updatedFrom: formatBeijingTime(new Date(to.getTime() - 86_400_000)), updatedTo: formatBeijingTime(to) });
        return { ok: true, message: null, tokenExpiresAt: tokens.refreshExpiresAt ?? null };
      } catch (error) {
        if (error instanceof ConnectorError) return { ok: false, message: error.message, tokenExpiresAt: tokens.refreshExpiresAt ?? null };
        throw error;
      }
    },
  };
}

export const provider = createDouyinProvider();
