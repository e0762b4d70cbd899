import type { AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import type { AdProvider, AdSourceProvider, AdStats, DayWindow, FetchContext, OAuthTokens, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { saveAdConnection } from "@/lib/connections/credentials";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { addDays } from "@/lib/time/zone";
import { unique } from "../helpers";

// An ad platform held in memory behind the provider contract, so engine tests decide exactly
// what each day reports, change it between pulls (a restatement), and fail on cue.

export type Numbers = { spend: string; impressions?: number; clicks?: number; conversions?: string; conversionValue?: string };

export class FakeAdProvider implements AdSourceProvider {
  readonly provider: AdProvider = "meta_ads";
  readonly label = "Meta Ads";
  maxHistoryDays = 25;
  maxWindowDays = 10;
  accountId = "act_1";
  currency = "USD";
  /** day -> campaign id -> numbers (or anything, to send malformed rows). */
  days = new Map<string, Map<string, Record<string, unknown>>>();
  fetched: DayWindow[] = [];
  accessTokensSeen: string[] = [];
  /** Thrown by the fetch of the window containing this day (once), or by every fetch when `always`. */
  failOn: { day?: string; error: Error; always?: boolean } | null = null;
  refreshCalls = 0;
  /** Handed back with every window, as a platform that refused a level below the campaign does. */
  warnings: string[] = [];
  refresh: (tokens: OAuthTokens) => Promise<OAuthTokens> = async (tokens) => ({
    ...tokens,
    accessToken: `refreshed-${this.refreshCalls}`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

  put(day: string, campaignId: string, numbers: Numbers | Record<string, unknown>): this {
    const campaigns = this.days.get(day) ?? new Map();
    campaigns.set(campaignId, { impressions: 1000, clicks: 50, conversions: "2", conversionValue: "100.00", ...numbers });
    this.days.set(day, campaigns);
    return this;
  }

  /** The same numbers on every day of a range, for each campaign. */
  fill(fromDay: string, toDay: string, campaigns: string[], spend = "10.00"): this {
    for (let day = fromDay; day <= toDay; day = addDays(day, 1)) for (const c of campaigns) this.put(day, c, { spend });
    return this;
  }

  authorizeUrl(): string {
    return "https://example.test/oauth";
  }

  async exchangeCode(): Promise<OAuthTokens> {
    throw new Error("not used");
  }

  async refreshTokens(tokens: OAuthTokens): Promise<OAuthTokens> {
    this.refreshCalls++;
    // Slow enough that two concurrent callers would both refresh without the lock.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return this.refresh(tokens);
  }

  async listAccounts(): Promise<ProviderAccount[]> {
    return [];
  }

  async health() {
    return { ok: true, message: null, tokenExpiresAt: null };
  }

  async fetchDaily(context: FetchContext): Promise<AdStats> {
    const { window } = context;
    this.fetched.push(window);
    this.accessTokensSeen.push(context.tokens.accessToken);
    const failure = this.failOn;
    if (failure && (failure.always || (failure.day && failure.day >= window.fromDay && failure.day <= window.toDay))) {
      if (!failure.always) this.failOn = null;
      throw failure.error;
    }
    const insights: AdInsightInput[] = [];
    const campaigns = new Set<string>();
    for (let day = window.fromDay; day <= window.toDay; day = addDays(day, 1)) {
      for (const [campaignId, numbers] of this.days.get(day) ?? []) {
        campaigns.add(campaignId);
        insights.push({ platform: this.provider, accountId: this.accountId, campaignId, day, currency: this.currency, ...numbers } as AdInsightInput);
      }
    }
    return {
      kind: "ads",
      campaigns: [...campaigns].map((campaignId) => ({ platform: this.provider, accountId: this.accountId, campaignId, name: `Campaign ${campaignId}`, status: "ACTIVE" })),
      insights,
      warnings: [...this.warnings],
    };
  }
}

export const authError = () =>
  new ConnectorError("auth", "meta_ads", "Error validating access token: Session has expired on Tuesday.", { providerCode: "190", status: 400 });

export const tokens = (overrides: Partial<OAuthTokens> = {}): OAuthTokens => ({
  accessToken: "access-1",
  refreshToken: "refresh-1",
  expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  scopes: ["ads_read"],
  ...overrides,
});

/** A workspace with a Meta Ads connection of its own, as the connect flow saves it. */
export async function adConnection(options: { timeZone?: string; accountTimeZone?: string; tokens?: OAuthTokens; currency?: string } = {}) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: options.timeZone ?? "America/New_York" });
  const { id } = await saveAdConnection(workspace.id, {
    provider: "meta_ads",
    account: { id: unique("act"), name: "Acme Meta", currency: options.currency ?? "USD", timeZone: options.accountTimeZone ?? options.timeZone ?? "America/New_York" },
    tokens: options.tokens ?? tokens(),
  });
  return { owner, workspace, scope: { workspaceId: workspace.id, connectionId: id } };
}
