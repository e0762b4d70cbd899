import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OAuthTokens } from "@/lib/connectors/contracts/ad-source";
import { appSecretProof } from "@/lib/connectors/meta/client";
import { GRAPH_BASE } from "@/lib/connectors/meta/config";
import { createMetaProvider, type MetaProviderOptions } from "@/lib/connectors/meta/provider";
import accounts1 from "../fixtures/meta/me_adaccounts_page1.json";
import accounts2 from "../fixtures/meta/me_adaccounts_page2.json";
import expiredToken from "../fixtures/meta/error_expired_token.json";
import notFound from "../fixtures/meta/error_not_found.json";
import permission from "../fixtures/meta/error_permission.json";
import rateLimit from "../fixtures/meta/error_rate_limit.json";
import unexpected from "../fixtures/meta/error_unexpected.json";
import adDetails from "../fixtures/meta/ids_ads.json";
import adsetDetails from "../fixtures/meta/ids_adsets.json";
import adPage1 from "../fixtures/meta/insights_ad_page1.json";
import adPage2 from "../fixtures/meta/insights_ad_page2.json";
import adsetRows from "../fixtures/meta/insights_adset.json";
import page1 from "../fixtures/meta/insights_page1.json";
import page2 from "../fixtures/meta/insights_page2.json";
import longToken from "../fixtures/meta/oauth_access_token_long.json";
import shortToken from "../fixtures/meta/oauth_access_token_short.json";
import runCompleted from "../fixtures/meta/report_run_completed.json";
import runFailed from "../fixtures/meta/report_run_failed.json";
import runRunning from "../fixtures/meta/report_run_running.json";
import runStarted from "../fixtures/meta/report_run_started.json";
import { rowsAt } from "../connectors/level-totals";
import { connectorFailure } from "./connector-failure";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse("2026-03-03T12:00:00Z");
const CONFIG = { appId: "4455667788", appSecret: "app-secret-for-tests" };
const TOKEN = "EAAGm0PX4ZCpsBALongLivedUserToken";
const tokens: OAuthTokens = { accessToken: TOKEN, refreshToken: null, expiresAt: "2026-04-30T12:00:00.000Z", refreshExpiresAt: "2026-04-30T12:00:00.000Z", scopes: ["ads_read", "read_insights"] };
const account = { id: "act_1029384756", name: "Acme Store", currency: "USD", timeZone: "America/Los_Angeles" };
const INSIGHTS = `${GRAPH_BASE}/act_1029384756/insights`;

function makeProvider(options: MetaProviderOptions = {}) {
  const sleeps: number[] = [];
  const provider = createMetaProvider({
    config: () => CONFIG,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { provider, sleeps };
}

/** The insights level a request asks for: in the query of a GET, in the form of a POST. */
async function levelOf(request: Request): Promise<string | null> {
  const form = request.method === "POST" ? new URLSearchParams(await request.clone().text()) : new URL(request.url).searchParams;
  return form.get("level");
}

/**
 * Records each request and answers with the next responder (the last one repeats). On the
 * account's insights edge only campaign-level requests are taken; the others fall through to
 * `belowCampaign` (by default: no ad sets, no ads).
 */
function sequence(method: "get" | "post", url: string, ...responders: ((request: Request) => Response)[]) {
  const seen: Request[] = [];
  server.use(
    http[method](url, async ({ request }) => {
      if (url === INSIGHTS && ((await levelOf(request)) ?? "campaign") !== "campaign") return undefined;
      seen.push(request.clone());
      return responders[Math.min(seen.length - 1, responders.length - 1)]!(request);
    }),
  );
  return seen;
}

const BELOW_RUN = "6023920149099";

/** Ad-set and ad-level insights: `answers` by level, read directly or through their own report run. */
function belowCampaign(answers: Partial<Record<"adset" | "ad", (request: Request) => Response>> = {}) {
  const seen: Request[] = [];
  let runLevel = "adset";
  // Later handlers are asked first, so campaign-level requests are passed on to `sequence`.
  const answer = (level: string, request: Request) => answers[level as "adset" | "ad"]?.(request) ?? HttpResponse.json({ data: [], paging: {} });
  server.use(
    http.get(INSIGHTS, async ({ request }) => {
      const level = (await levelOf(request)) ?? "campaign";
      if (level === "campaign") return undefined;
      seen.push(request.clone());
      return answer(level, request);
    }),
    http.post(INSIGHTS, async ({ request }) => {
      const level = (await levelOf(request)) ?? "campaign";
      if (level === "campaign") return undefined;
      seen.push(request.clone());
      runLevel = level;
      return HttpResponse.json({ report_run_id: BELOW_RUN });
    }),
    http.get(`${GRAPH_BASE}/${BELOW_RUN}`, () => HttpResponse.json({ ...runCompleted, id: BELOW_RUN })),
    http.get(`${GRAPH_BASE}/${BELOW_RUN}/insights`, ({ request }) => answer(runLevel, request)),
  );
  return seen;
}
beforeEach(() => void belowCampaign());


const march = { fromDay: "2026-03-01", toDay: "2026-03-02" };
const fetchContext = (settings: Record<string, unknown> = {}, window = march) => ({ tokens, account, window, settings });

describe("Meta OAuth", () => {
  it("sends the browser to the versioned login dialog with the read-only scopes", () => {
    const url = new URL(makeProvider().provider.authorizeUrl({ state: "nonce-1", redirectUri: "https://app.example.com/api/connect/meta/callback" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://www.facebook.com/v25.0/dialog/oauth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CONFIG.appId,
      redirect_uri: "https://app.example.com/api/connect/meta/callback",
      state: "nonce-1",
      response_type: "code",
      scope: "ads_read,read_insights",
    });
  });

  it("says what is missing when the app is not configured", () => {
    const { provider } = makeProvider({ config: () => null });
    expect(() => provider.authorizeUrl({ state: "s", redirectUri: "https://x" })).toThrow(/META_APP_ID and META_APP_SECRET/);
  });

  it("exchanges the code, then the short-lived token for a long-lived one, and stores its expiry", async () => {
    const seen = sequence(
      "get",
      `${GRAPH_BASE}/oauth/access_token`,
      () => HttpResponse.json(shortToken),
      () => HttpResponse.json(longToken),
    );
    const result = await makeProvider().provider.exchangeCode({ code: "AQD-code", redirectUri: "https://app.example.com/cb" });

    expect(seen).toHaveLength(2);
    expect(Object.fromEntries(new URL(seen[0]!.url).searchParams)).toEqual({
      client_id: CONFIG.appId,
      client_secret: CONFIG.appSecret,
      redirect_uri: "https://app.example.com/cb",
      code: "AQD-code",
    });
    expect(Object.fromEntries(new URL(seen[1]!.url).searchParams)).toEqual({
      grant_type: "fb_exchange_token",
      client_id: CONFIG.appId,
      client_secret: CONFIG.appSecret,
      fb_exchange_token: shortToken.access_token,
    });
    const expiresAt = new Date(NOW + longToken.expires_in * 1000).toISOString();
    expect(result).toEqual({ accessToken: longToken.access_token, refreshToken: null, expiresAt, refreshExpiresAt: expiresAt, scopes: ["ads_read", "read_insights"] });
  });

  it("keeps a valid token and asks for a reconnect once it has expired", async () => {
    const { provider } = makeProvider();
    await expect(provider.refreshTokens(tokens)).resolves.toEqual(tokens);
    const expired = { ...tokens, expiresAt: "2026-03-01T08:00:00.000Z", refreshExpiresAt: "2026-03-01T08:00:00.000Z" };
    const error = await connectorFailure(() => provider.refreshTokens(expired));
    expect(error.kind).toBe("auth");
    expect(error.message).toBe("Meta's access expired on 1 March 2026; reconnect Meta Ads to resume syncing.");
  });
});

describe("Meta ad accounts", () => {
  it("follows paging.next across pages, with the token in the header only", async () => {
    const seen = sequence("get", `${GRAPH_BASE}/me/adaccounts`, () => HttpResponse.json(accounts1));
    const seenNext = sequence("get", `${GRAPH_BASE}/10157654321098765/adaccounts`, () => HttpResponse.json(accounts2));
    const accounts = await makeProvider().provider.listAccounts(tokens);

    expect(accounts.map((a) => [a.id, a.currency, a.timeZone, a.status])).toEqual([
      ["act_1029384756", "USD", "America/Los_Angeles", "active"],
      ["act_5566778899", "EUR", "Europe/Berlin", "disabled"],
      ["act_3141592653", "GBP", "Europe/London", "closed"],
    ]);
    expect(seen).toHaveLength(1);
    expect(seenNext).toHaveLength(1);
    const first = new URL(seen[0]!.url);
    expect(first.searchParams.get("fields")).toBe("account_id,name,currency,timezone_name,account_status");
    for (const request of [seen[0]!, seenNext[0]!]) {
      expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(request.url).not.toContain(TOKEN);
      expect(new URL(request.url).searchParams.get("appsecret_proof")).toBe(appSecretProof(TOKEN, CONFIG.appSecret));
    }
  });

  it("never follows a paging link to another host", async () => {
    const evil = { ...accounts1, paging: { ...accounts1.paging, next: "https://evil.example.com/steal?after=x" } };
    sequence("get", `${GRAPH_BASE}/me/adaccounts`, () => HttpResponse.json(evil));
    const error = await connectorFailure(() => makeProvider().provider.listAccounts(tokens));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("paging.next");
  });
});

describe("Meta insights", () => {
  it("asks for campaign rows per day over the window with the default attribution windows, across pages", async () => {
    const seen = sequence("get", INSIGHTS, (request) => HttpResponse.json(new URL(request.url).searchParams.get("after") ? page2 : page1));
    const stats = await makeProvider().provider.fetchDaily(fetchContext());

    expect(seen).toHaveLength(2);
    const params = new URL(seen[0]!.url).searchParams;
    expect(params.get("level")).toBe("campaign");
    expect(params.get("time_increment")).toBe("1");
    expect(JSON.parse(params.get("time_range")!)).toEqual({ since: "2026-03-01", until: "2026-03-02" });
    expect(params.get("fields")!.split(",")).toEqual(expect.arrayContaining(["campaign_id", "campaign_name", "spend", "impressions", "clicks", "actions", "action_values"]));
    expect(JSON.parse(params.get("action_attribution_windows")!)).toEqual(["7d_click", "1d_view"]);
    expect(stats.kind).toBe("ads");
    if (stats.kind !== "ads") return;
    expect(stats.insights.map((i) => [i.campaignId, i.day, i.spend, i.conversions])).toEqual([
      ["23851000001", "2026-03-01", "152.37", "5"],
      ["23851000002", "2026-03-01", "48.1", "2"],
      ["23851000001", "2026-03-02", "160.02", "0"],
    ]);
  });

  it("sends the connection's attribution window", async () => {
    const seen = sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    await makeProvider().provider.fetchDaily(fetchContext({ attributionWindow: ["1d_click"] }));
    expect(JSON.parse(new URL(seen[0]!.url).searchParams.get("action_attribution_windows")!)).toEqual(["1d_click"]);
    const single = sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    await makeProvider().provider.fetchDaily(fetchContext({ attributionWindow: "7d_click" }));
    expect(JSON.parse(new URL(single[0]!.url).searchParams.get("action_attribution_windows")!)).toEqual(["7d_click"]);
  });

  it("refuses an attribution window Meta does not serve, before calling Meta", async () => {
    const seen = sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext({ attributionWindow: ["28d_view"] })));
    expect(error.kind).toBe("bad_request");
    expect(error.message).toContain("attributionWindow");
    expect(seen).toHaveLength(0);
  });

  it("fails an expired stored token without calling Meta", async () => {
    const seen = sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    const expired = { ...tokens, expiresAt: "2026-03-02T00:00:00.000Z", refreshExpiresAt: "2026-03-02T00:00:00.000Z" };
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily({ ...fetchContext(), tokens: expired }));
    expect(error.kind).toBe("auth");
    expect(seen).toHaveLength(0);
  });
});

describe("Meta ad sets and ads", () => {
  const IDS = `${GRAPH_BASE}/`;

  function lookups() {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(IDS, ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        const all: Record<string, unknown> = params.get("fields")!.includes("creative") ? adDetails : adsetDetails;
        return HttpResponse.json(Object.fromEntries(params.get("ids")!.split(",").map((id) => [id, all[id]])));
      }),
    );
    return seen;
  }

  it("reads ad-set and ad rows for the same window (ads across pages), then their status and thumbnails by id", async () => {
    sequence("get", INSIGHTS, (request) => HttpResponse.json(new URL(request.url).searchParams.get("after") ? page2 : page1));
    const below = belowCampaign({
      adset: () => HttpResponse.json(adsetRows),
      ad: (request) => HttpResponse.json(new URL(request.url).searchParams.get("after") ? adPage2 : adPage1),
    });
    const seenLookups = lookups();
    const stats = await makeProvider().provider.fetchDaily(fetchContext());

    const asked = below.map((r) => new URL(r.url).searchParams);
    expect(asked.map((p) => p.get("level"))).toEqual(["adset", "ad", "ad"]);
    // The second ad page is Meta's own paging.next link, which carries the cursor instead.
    for (const params of asked.slice(0, 2)) {
      expect(JSON.parse(params.get("time_range")!)).toEqual({ since: "2026-03-01", until: "2026-03-02" });
      expect(params.get("time_increment")).toBe("1");
      expect(JSON.parse(params.get("action_attribution_windows")!)).toEqual(["7d_click", "1d_view"]);
    }
    expect(asked[0]!.get("fields")!.split(",")).toEqual(expect.arrayContaining(["campaign_id", "adset_id", "adset_name", "spend", "actions", "action_values"]));
    expect(asked[1]!.get("fields")!.split(",")).toEqual(expect.arrayContaining(["campaign_id", "adset_id", "ad_id", "ad_name", "spend", "actions", "action_values"]));
    expect(seenLookups.map((p) => [p.get("ids"), p.get("fields")])).toEqual([
      ["23852000011,23852000012,23852000021", "effective_status"],
      ["23853000111,23853000112,23853000121,23853000211", "effective_status,creative{thumbnail_url}"],
    ]);

    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(rowsAt(stats.insights, "campaign")).toHaveLength(3);
    expect(rowsAt(stats.insights, "ad_group")).toHaveLength(4);
    expect(rowsAt(stats.insights, "ad")).toHaveLength(5);
    expect(stats.adGroups?.map((g) => [g.adGroupId, g.status])).toEqual([["23852000011", "active"], ["23852000012", "paused"], ["23852000021", "campaign_paused"]]);
    expect(stats.ads?.find((a) => a.adId === "23853000112")).toMatchObject({ name: "Carousel - Bestsellers", status: "paused", thumbnailUrl: adDetails["23853000112"].creative.thumbnail_url });
    expect(stats.warnings).toEqual([]);
  });

  it("keeps syncing campaigns and ad sets when Meta refuses the ad-level report for lack of permission, with a warning", async () => {
    sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    belowCampaign({ adset: () => HttpResponse.json(adsetRows), ad: () => HttpResponse.json(permission, { status: 400 }) });
    lookups();
    const stats = await makeProvider().provider.fetchDaily(fetchContext());
    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(rowsAt(stats.insights, "campaign")).toHaveLength(1);
    expect(rowsAt(stats.insights, "ad_group")).toHaveLength(4);
    expect(stats.ads).toEqual([]);
    expect(stats.warnings).toEqual([expect.stringMatching(/^Meta Ads refused the ad-level report \(200\), so campaigns synced without ads: Meta denied access/)]);
  });

  it("retries Meta's server error on an ad-level report, then keeps its rows", async () => {
    sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    let calls = 0;
    belowCampaign({ adset: () => (++calls === 1 ? HttpResponse.json(unexpected, { status: 500 }) : HttpResponse.json(adsetRows)) });
    lookups();
    const { provider, sleeps } = makeProvider();
    const stats = await provider.fetchDaily(fetchContext());
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(stats.kind === "ads" && rowsAt(stats.insights, "ad_group")).toHaveLength(4);
  });

  it("fails the window when an ad-level answer is malformed or Meta refuses the token", async () => {
    sequence("get", INSIGHTS, () => HttpResponse.json(page2));
    const broken = structuredClone(adsetRows);
    (broken.data[1] as Record<string, unknown>).spend = "lots";
    belowCampaign({ adset: () => HttpResponse.json(broken) });
    lookups();
    expect((await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext()))).message).toContain("data[1].spend");

    belowCampaign({ adset: () => HttpResponse.json(expiredToken, { status: 400 }) });
    expect((await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext()))).kind).toBe("auth");
  });

  it("reads a long window's ad sets and ads through report runs too", async () => {
    sequence("post", INSIGHTS, () => HttpResponse.json(runStarted));
    sequence("get", `${GRAPH_BASE}/${runStarted.report_run_id}`, () => HttpResponse.json(runCompleted));
    sequence("get", `${GRAPH_BASE}/${runStarted.report_run_id}/insights`, () => HttpResponse.json({ data: [], paging: {} }));
    const below = belowCampaign();
    await makeProvider().provider.fetchDaily(fetchContext({}, { fromDay: "2026-01-01", toDay: "2026-01-31" }));
    const posted = await Promise.all(below.map(async (r) => [r.method, new URLSearchParams(await r.text()).get("level")]));
    expect(posted).toEqual([["POST", "adset"], ["POST", "ad"]]);
  });
});

describe("Meta async report runs", () => {
  const january = { fromDay: "2026-01-01", toDay: "2026-01-31" };
  const RUN = `${GRAPH_BASE}/${runStarted.report_run_id}`;

  it("starts a run for a long window, polls until Job Completed, then reads the run's rows", async () => {
    const started = sequence("post", INSIGHTS, () => HttpResponse.json(runStarted));
    const polls = sequence(
      "get",
      RUN,
      () => HttpResponse.json(runRunning),
      () => HttpResponse.json(runRunning),
      () => HttpResponse.json(runCompleted),
    );
    const rows = sequence("get", `${RUN}/insights`, () => HttpResponse.json(page2));
    const { provider, sleeps } = makeProvider();
    const stats = await provider.fetchDaily(fetchContext({}, january));

    expect(started).toHaveLength(1);
    const form = new URLSearchParams(await started[0]!.text());
    expect(JSON.parse(form.get("time_range")!)).toEqual({ since: "2026-01-01", until: "2026-01-31" });
    expect(form.get("level")).toBe("campaign");
    expect(form.get("time_increment")).toBe("1");
    expect(polls).toHaveLength(3);
    expect(rows).toHaveLength(1);
    expect(sleeps).toEqual([2000, 4000]);
    expect(stats.kind === "ads" && stats.insights.map((i) => i.day)).toEqual(["2026-03-02"]);
  });

  it("fails with a clear reason when the run reports Job Failed", async () => {
    sequence("post", INSIGHTS, () => HttpResponse.json(runStarted));
    sequence("get", RUN, () => HttpResponse.json(runRunning), () => HttpResponse.json(runFailed));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext({}, january)));
    expect(error.kind).toBe("transient");
    expect(error.message).toContain(`report run ${runStarted.report_run_id} ended with "Job Failed"`);
  });

  it("gives up when the run takes longer than the time limit", async () => {
    sequence("post", INSIGHTS, () => HttpResponse.json(runStarted));
    const polls = sequence("get", RUN, () => HttpResponse.json(runRunning));
    const error = await connectorFailure(() => makeProvider({ maxReportWaitMs: 30_000 }).provider.fetchDaily(fetchContext({}, january)));
    expect(error.message).toContain("did not finish within");
    expect(error.message).toContain('"Job Running", 42 %');
    expect(polls.length).toBeGreaterThan(2);
  });
});

describe("Meta rate limits and errors", () => {
  it("waits before the next call when a usage header passes 75 %", async () => {
    const headers = { "x-business-use-case-usage": JSON.stringify({ "1029384756": [{ type: "ads_insights", call_count: 90, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 0 }] }) };
    sequence("get", INSIGHTS, (request) => HttpResponse.json(new URL(request.url).searchParams.get("after") ? page2 : page1, { headers }));
    const { provider, sleeps } = makeProvider();
    await provider.fetchDaily(fetchContext());
    // 90 % -> 5 s + 15/25 of 55 s = 38 s, before the second page and again before the ad-set
    // report that follows the last campaign page.
    expect(sleeps).toEqual([38_000, 38_000]);
  });

  it("does not slow down below 75 %", async () => {
    const headers = { "x-app-usage": JSON.stringify({ call_count: 40, total_time: 12, total_cputime: 9 }), "x-ad-account-usage": JSON.stringify({ acc_id_util_pct: 74.5, reset_time_duration: 120 }) };
    sequence("get", INSIGHTS, (request) => HttpResponse.json(new URL(request.url).searchParams.get("after") ? page2 : page1, { headers }));
    const { provider, sleeps } = makeProvider();
    await provider.fetchDaily(fetchContext());
    expect(sleeps).toEqual([]);
  });

  it("retries a rate limit (80000) after Meta's estimated time, then succeeds", async () => {
    const headers = { "x-business-use-case-usage": JSON.stringify({ "1029384756": [{ type: "ads_insights", call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: 1 }] }) };
    const seen = sequence(
      "get",
      INSIGHTS,
      () => HttpResponse.json(rateLimit, { status: 400, headers }),
      () => HttpResponse.json(page2),
    );
    const { provider, sleeps } = makeProvider();
    const stats = await provider.fetchDaily(fetchContext());
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([60_000]);
    expect(stats.kind === "ads" && stats.insights).toHaveLength(1);
  });

  it("hands a long lockout to the engine as rate_limited instead of sleeping through it", async () => {
    const headers = { "x-business-use-case-usage": JSON.stringify({ "1029384756": [{ type: "ads_insights", call_count: 100, estimated_time_to_regain_access: 25 }] }) };
    sequence("get", INSIGHTS, () => HttpResponse.json(rateLimit, { status: 400, headers }));
    const { provider, sleeps } = makeProvider();
    const error = await connectorFailure(() => provider.fetchDaily(fetchContext()));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(25 * 60_000);
    expect(sleeps).toEqual([]);
  });

  it("retries Meta's server errors, then succeeds", async () => {
    const seen = sequence("get", INSIGHTS, () => HttpResponse.json(unexpected, { status: 500 }), () => HttpResponse.json(page2));
    const stats = await makeProvider().provider.fetchDaily(fetchContext());
    expect(seen).toHaveLength(2);
    expect(stats.kind === "ads" && stats.insights[0]!.spend).toBe("160.02");
  });

  it.each([
    ["an expired or revoked token (190)", expiredToken, "auth", "190/463", "Reconnect Meta Ads"],
    ["a missing permission (200)", permission, "permission", "200", "Ask an admin of the ad account"],
    ["a deleted ad account (100)", notFound, "not_found", "100/33", "deleted or is no longer shared"],
  ])("classifies %s", async (_what, body, kind, code, words) => {
    const seen = sequence("get", INSIGHTS, () => HttpResponse.json(body, { status: 400 }));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext()));
    expect(error.kind).toBe(kind);
    expect(error.providerCode).toBe(code);
    expect(error.message).toContain(words);
    expect(error.message).not.toContain(TOKEN);
    expect(seen).toHaveLength(1);
  });

  it("fails on a malformed row, naming the field", async () => {
    const broken = structuredClone(page2);
    (broken.data[0] as Record<string, unknown>).clicks = "many";
    sequence("get", INSIGHTS, () => HttpResponse.json(broken));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(fetchContext()));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data[0].clicks");
  });
});

describe("Meta connection health", () => {
  const ACCOUNT = `${GRAPH_BASE}/act_1029384756`;

  it("is ok with the token's expiry for an active account", async () => {
    sequence("get", ACCOUNT, () => HttpResponse.json({ account_status: 1, name: "Acme Store", id: "act_1029384756" }));
    expect(await makeProvider().provider.health(tokens, account)).toEqual({ ok: true, message: null, tokenExpiresAt: tokens.refreshExpiresAt });
  });

  it("warns in the last 7 days before the token lapses", async () => {
    sequence("get", ACCOUNT, () => HttpResponse.json({ account_status: 1, name: "Acme Store", id: "act_1029384756" }));
    const soon = { ...tokens, expiresAt: "2026-03-08T12:00:00.000Z", refreshExpiresAt: "2026-03-08T12:00:00.000Z" };
    const health = await makeProvider().provider.health(soon, account);
    expect(health).toMatchObject({ ok: true, tokenExpiresAt: "2026-03-08T12:00:00.000Z" });
    expect(health.message).toContain("expires on 8 March 2026");
  });

  it("says so when the token has expired, the account is disabled, or Meta refuses", async () => {
    const expired = { ...tokens, expiresAt: "2026-03-01T00:00:00.000Z", refreshExpiresAt: "2026-03-01T00:00:00.000Z" };
    expect(await makeProvider().provider.health(expired, account)).toMatchObject({ ok: false, message: expect.stringContaining("expired on 1 March 2026") });

    sequence("get", ACCOUNT, () => HttpResponse.json({ account_status: 2, name: "Acme Store", id: "act_1029384756" }));
    expect(await makeProvider().provider.health(tokens, account)).toMatchObject({ ok: false, message: expect.stringContaining("disabled") });

    sequence("get", ACCOUNT, () => HttpResponse.json(expiredToken, { status: 400 }));
    expect(await makeProvider().provider.health(tokens, account)).toMatchObject({ ok: false, message: expect.stringContaining("Reconnect Meta Ads") });
  });
});
