import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { createGoogleAdsProvider } from "@/lib/connectors/google/ads-provider";
import { GOOGLE_ADS_BASE_URL } from "@/lib/connectors/google/config";
import customer from "../fixtures/google-ads/customer.json";
import direct from "../fixtures/google-ads/customer_client_direct.json";
import manager from "../fixtures/google-ads/customer_client_manager.json";
import dailyQuota from "../fixtures/google-ads/error_daily_quota_exhausted.json";
import internal from "../fixtures/google-ads/error_internal.json";
import notEnabled from "../fixtures/google-ads/error_customer_not_enabled.json";
import permissionDenied from "../fixtures/google-ads/error_permission_denied.json";
import quota from "../fixtures/google-ads/error_quota_exhausted.json";
import unauthenticated from "../fixtures/google-ads/error_unauthenticated.json";
import accessible from "../fixtures/google-ads/list_accessible_customers.json";
import invalidGrant from "../fixtures/google-ads/oauth_invalid_grant.json";
import refreshed from "../fixtures/google-ads/oauth_refresh.json";
import adGroups from "../fixtures/google-ads/search_stream_ad_group.json";
import ads from "../fixtures/google-ads/search_stream_ad_group_ad.json";
import empty from "../fixtures/google-ads/search_stream_empty.json";
import partial from "../fixtures/google-ads/search_stream_partial.json";
import pmax from "../fixtures/google-ads/search_stream_pmax.json";
import { rowsAt } from "../connectors/level-totals";
import { expectConnectorError } from "./expect-connector-error";
import { liveTokens, mockGoogle, recordedSleeps, TEST_CLIENT, TOKEN_URL } from "./support";

const server = mockGoogle();

function makeProvider(developerToken: string | null = "dev-token-123") {
  const { sleeps, sleep } = recordedSleeps();
  const provider = createGoogleAdsProvider({ developerToken, oauth: { config: TEST_CLIENT }, http: { sleep } });
  return { provider, sleeps };
}

type Seen = { customerId: string; query: string; headers: Headers };

/** searchStream for every customer: answers chosen by the query's FROM clause, or a sequence. */
function searchStream(answer: (seen: Seen, call: number) => Response) {
  const seen: Seen[] = [];
  server.use(
    http.post(`${GOOGLE_ADS_BASE_URL}/customers/:id/googleAds\\:searchStream`, async ({ request, params }) => {
      const body = (await request.json()) as { query: string };
      const entry = { customerId: String(params.id), query: body.query, headers: request.headers };
      seen.push(entry);
      return answer(entry, seen.length);
    }),
  );
  return seen;
}

const byFrom = (answers: Record<string, unknown>) => (seen: Seen) => {
  const from = /FROM (\w+)/.exec(seen.query)![1]!;
  return HttpResponse.json(answers[from] as object);
};

const client: ProviderAccount = { id: "1112223333", name: "Acme Store US", currency: "USD", timeZone: "America/New_York", isManager: false, loginCustomerId: "1234567890" };
const window = { fromDay: "2026-03-01", toDay: "2026-03-02" };
const fetchDaily = (provider: ReturnType<typeof makeProvider>["provider"], account = client) =>
  provider.fetchDaily({ tokens: liveTokens(), account, window, settings: {} });

describe("Google Ads listAccounts", () => {
  it("expands managers, skips accounts that can't be opened, and prefers direct access", async () => {
    let listHeaders: Headers | undefined;
    server.use(http.get(`${GOOGLE_ADS_BASE_URL}/customers\\:listAccessibleCustomers`, ({ request }) => {
      listHeaders = request.headers;
      return HttpResponse.json(accessible);
    }));
    const seen = searchStream(({ customerId }) => {
      if (customerId === "1234567890") return HttpResponse.json(manager);
      if (customerId === "5554443333") return HttpResponse.json(direct);
      return HttpResponse.json([notEnabled], { status: 403 });
    });
    const { provider } = makeProvider();
    const accounts = await provider.listAccounts(liveTokens());

    expect(listHeaders?.get("authorization")).toBe("Bearer ya29.a0-live-access-token");
    expect(listHeaders?.get("developer-token")).toBe("dev-token-123");
    expect(listHeaders?.has("login-customer-id")).toBe(false);
    expect(seen.map((s) => [s.customerId, s.headers.get("login-customer-id")])).toEqual([
      ["1234567890", "1234567890"], ["5554443333", "5554443333"], ["9998887777", "9998887777"],
    ]);
    expect(seen[0]!.query).toContain("FROM customer_client");
    expect(accounts.map((a) => [a.id, a.isManager, a.loginCustomerId, a.currency])).toEqual([
      ["1234567890", true, null, "USD"],
      ["1112223333", false, "1234567890", "USD"],
      ["4445556666", true, "1234567890", "EUR"],
      ["7778889999", false, "1234567890", "EUR"],
      ["5554443333", false, null, "GBP"],
    ]);
  });

  it("fails on an auth error instead of listing nothing", async () => {
    server.use(http.get(`${GOOGLE_ADS_BASE_URL}/customers\\:listAccessibleCustomers`, () => HttpResponse.json(unauthenticated, { status: 401 })));
    server.use(http.post(TOKEN_URL, () => HttpResponse.json(invalidGrant, { status: 400 })));
    const { provider } = makeProvider();
    await expectConnectorError(() => provider.listAccounts(liveTokens()), "auth");
  });
});

describe("Google Ads fetchDaily", () => {
  it("runs the ad-group, Performance Max and ad queries for the window through the manager, and merges them", async () => {
    const seen = searchStream(byFrom({ ad_group: adGroups, campaign: pmax, ad_group_ad: ads }));
    const { provider } = makeProvider();
    const stats = await fetchDaily(provider);

    expect(seen).toHaveLength(3);
    for (const s of seen) {
      expect(s.customerId).toBe("1112223333");
      expect(s.headers.get("login-customer-id")).toBe("1234567890");
      expect(s.headers.get("developer-token")).toBe("dev-token-123");
      expect(s.query).toContain("segments.date BETWEEN '2026-03-01' AND '2026-03-02'");
    }
    expect(seen[0]!.query).toBe(
      "SELECT campaign.id, campaign.name, campaign.status, ad_group.id, ad_group.name, ad_group.status, segments.date, metrics.cost_micros, metrics.impressions, metrics.clicks, " +
        "metrics.conversions, metrics.conversions_value FROM ad_group WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-02'",
    );
    expect(seen[1]!.query).toContain("campaign.advertising_channel_type = 'PERFORMANCE_MAX'");
    expect(seen[2]!.query).toBe(
      "SELECT campaign.id, campaign.name, campaign.status, ad_group.id, ad_group.name, ad_group.status, " +
        "ad_group_ad.ad.id, ad_group_ad.ad.name, ad_group_ad.status, ad_group_ad.ad.image_ad.preview_image_url, segments.date, metrics.cost_micros, metrics.impressions, " +
        "metrics.clicks, metrics.conversions, metrics.conversions_value FROM ad_group_ad WHERE segments.date BETWEEN '2026-03-01' AND '2026-03-02'",
    );
    expect(stats.kind).toBe("ads");
    if (stats.kind !== "ads") return;
    expect(rowsAt(stats.insights, "ad_group")).toHaveLength(5);
    expect(rowsAt(stats.insights, "campaign")).toHaveLength(1);
    expect(rowsAt(stats.insights, "ad")).toHaveLength(7);
    expect(stats.campaigns.map((c) => c.campaignId)).toEqual(["20450001", "20450002", "20450009"]);
    expect(stats.adGroups?.map((g) => g.adGroupId)).toEqual(["150001", "150002", "150101"]);
    expect(stats.ads?.map((a) => a.adId)).toEqual(["690001", "690002", "690003", "690101"]);
    expect(stats.insights.every((i) => i.currency === "USD" && i.accountId === "1112223333")).toBe(true);
    expect(stats.warnings).toEqual([]);
  });

  it("keeps campaigns and ad groups when the ad-level query is refused for lack of permission, with a warning", async () => {
    const seen = searchStream((s) => (s.query.includes("FROM ad_group_ad") ? HttpResponse.json([permissionDenied], { status: 403 }) : byFrom({ ad_group: adGroups, campaign: pmax })(s)));
    const stats = await fetchDaily(makeProvider().provider);
    expect(seen).toHaveLength(3);
    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(stats.insights).toHaveLength(6);
    expect(stats.ads).toEqual([]);
    expect(stats.adGroups).toHaveLength(3);
    expect(stats.warnings).toEqual([expect.stringContaining("Google Ads refused the ad-level report (authorizationError.USER_PERMISSION_DENIED)")]);
  });

  it("retries a 5xx on the ad-level query with backoff, then keeps its rows", async () => {
    let adCalls = 0;
    searchStream((s) => (s.query.includes("FROM ad_group_ad") && ++adCalls === 1 ? HttpResponse.json(internal, { status: 500 }) : byFrom({ ad_group: adGroups, campaign: pmax, ad_group_ad: ads })(s)));
    const { provider, sleeps } = makeProvider();
    const stats = await fetchDaily(provider);
    expect(adCalls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(stats.kind === "ads" && rowsAt(stats.insights, "ad")).toHaveLength(7);
  });

  it("still fails the window when the ad-level query fails for any other reason", async () => {
    searchStream((s) => (s.query.includes("FROM ad_group_ad") ? HttpResponse.json(partial) : byFrom({ ad_group: adGroups, campaign: pmax })(s)));
    await expectConnectorError(() => fetchDaily(makeProvider().provider), "bad_response");
  });

  it("asks the account for its currency when the connection does not know it; ids may carry dashes", async () => {
    const seen = searchStream(byFrom({ customer, ad_group: empty, campaign: empty, ad_group_ad: empty }));
    const { provider } = makeProvider();
    const stats = await fetchDaily(provider, { ...client, id: "111-222-3333", currency: null, loginCustomerId: null });
    expect(seen.map((s) => /FROM (\w+)/.exec(s.query)![1])).toEqual(["customer", "ad_group", "campaign", "ad_group_ad"]);
    expect(seen.every((s) => s.customerId === "1112223333")).toBe(true);
    expect(seen[0]!.headers.has("login-customer-id")).toBe(false);
    expect(stats).toEqual({ kind: "ads", campaigns: [], adGroups: [], ads: [], insights: [], warnings: [] });
  });

  it("permission denied -> a permission error saying what to do", async () => {
    searchStream(() => HttpResponse.json([permissionDenied], { status: 403 }));
    const error = await expectConnectorError(() => fetchDaily(makeProvider().provider), "permission");
    expect(error.providerCode).toBe("authorizationError.USER_PERMISSION_DENIED");
    expect(error.message).toMatch(/grant access/);
  });

  it("a cancelled account -> not found", async () => {
    searchStream(() => HttpResponse.json(notEnabled, { status: 403 }));
    await expectConnectorError(() => fetchDaily(makeProvider().provider), "not_found");
  });

  it("quota exceeded: waits the delay Google asks for, then succeeds", async () => {
    searchStream((seen, call) => (call === 1 ? HttpResponse.json([quota], { status: 429 }) : byFrom({ ad_group: adGroups, campaign: empty, ad_group_ad: empty })(seen)));
    const { provider, sleeps } = makeProvider();
    const stats = await fetchDaily(provider);
    expect(sleeps).toEqual([2000]);
    expect(stats.kind === "ads" && stats.insights.length).toBe(5);
  });

  it("a daily quota is handed back with its retry time instead of blocking the run", async () => {
    const seen = searchStream(() => HttpResponse.json([dailyQuota], { status: 429 }));
    const { provider, sleeps } = makeProvider();
    const error = await expectConnectorError(() => fetchDaily(provider), "rate_limited");
    expect(error.retryAfterMs).toBe(86_400_000);
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it("a 5xx is retried with backoff, then succeeds", async () => {
    searchStream((seen, call) => (call === 1 ? HttpResponse.json(internal, { status: 500 }) : byFrom({ ad_group: adGroups, campaign: pmax, ad_group_ad: empty })(seen)));
    const { provider, sleeps } = makeProvider();
    const stats = await fetchDaily(provider);
    expect(sleeps).toHaveLength(1);
    expect(stats.kind === "ads" && stats.insights.length).toBe(6);
  });

  it("an error at the end of a stream (HTTP 200) still fails the fetch", async () => {
    searchStream(() => HttpResponse.json([...adGroups, internal]));
    const { provider, sleeps } = makeProvider();
    await expectConnectorError(() => fetchDaily(provider), "transient");
    expect(sleeps).toHaveLength(3);
  });

  it("partial data (a batch row without metrics) fails the whole window", async () => {
    searchStream(byFrom({ ad_group: partial, campaign: pmax, ad_group_ad: empty }));
    const error = await expectConnectorError(() => fetchDaily(makeProvider().provider), "bad_response");
    expect(error.message).toContain("metrics is missing");
  });

  it("an access token refused early is refreshed once and the call repeated", async () => {
    const refreshes: string[] = [];
    server.use(http.post(TOKEN_URL, () => (refreshes.push("refresh"), HttpResponse.json(refreshed))));
    const seen = searchStream((s, call) => (call === 1 ? HttpResponse.json([unauthenticated], { status: 401 }) : byFrom({ ad_group: adGroups, campaign: empty, ad_group_ad: empty })(s)));
    const stats = await fetchDaily(makeProvider().provider);
    expect(refreshes).toHaveLength(1);
    expect(seen[1]!.headers.get("authorization")).toBe(`Bearer ${refreshed.access_token}`);
    expect(stats.kind === "ads" && stats.insights.length).toBe(5);
  });

  it("an expired token whose refresh is refused (invalid_grant) -> auth", async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.json(invalidGrant, { status: 400 })));
    const { provider } = makeProvider();
    const expired = liveTokens({ expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const error = await expectConnectorError(() => provider.fetchDaily({ tokens: expired, account: client, window, settings: {} }), "auth");
    expect(error.message).toMatch(/Reconnect Google Ads/);
  });

  it("refuses manager accounts, bad windows and a missing developer token before calling Google", async () => {
    await expectConnectorError(() => fetchDaily(makeProvider().provider, { ...client, isManager: true }), "bad_request");
    await expectConnectorError(() => makeProvider().provider.fetchDaily({ tokens: liveTokens(), account: client, window: { fromDay: "2026-03-02' OR 1=1 --", toDay: "2026-03-02" }, settings: {} }), "bad_request");
    await expectConnectorError(() => fetchDaily(makeProvider(null).provider), "bad_request");
    await expectConnectorError(() => fetchDaily(makeProvider().provider, { ...client, id: "111/../222" }), "bad_request");
  });
});

describe("Google Ads health", () => {
  it("is ok when the account answers a one-row query", async () => {
    const seen = searchStream(() => HttpResponse.json(customer));
    const health = await makeProvider().provider.health(liveTokens({ refreshExpiresAt: "2026-12-01T00:00:00.000Z" }), client);
    expect(health).toEqual({ ok: true, message: null, tokenExpiresAt: "2026-12-01T00:00:00.000Z" });
    expect(seen[0]!.query).toBe("SELECT customer.id, customer.currency_code, customer.time_zone FROM customer LIMIT 1");
  });

  it("says in plain words what is wrong", async () => {
    searchStream(() => HttpResponse.json([permissionDenied], { status: 403 }));
    const health = await makeProvider().provider.health(liveTokens(), client);
    expect(health.ok).toBe(false);
    expect(health.message).toMatch(/no access to this Google Ads account/);
  });
});
