import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OAuthTokens } from "@/lib/connectors/contracts/ad-source";
import { TIKTOK_API_BASE } from "@/lib/connectors/tiktok/config";
import { createTikTokProvider, type TikTokProviderOptions } from "@/lib/connectors/tiktok/provider";
import advertiserInfo from "../fixtures/tiktok/advertiser_info.json";
import campaigns from "../fixtures/tiktok/campaign_get.json";
import tokenInvalid from "../fixtures/tiktok/error_access_token_invalid.json";
import noPermission from "../fixtures/tiktok/error_no_permission.json";
import rateLimit from "../fixtures/tiktok/error_rate_limit.json";
import systemError from "../fixtures/tiktok/error_system.json";
import advertisers from "../fixtures/tiktok/oauth2_advertiser_get.json";
import accessToken from "../fixtures/tiktok/oauth2_access_token.json";
import adGet from "../fixtures/tiktok/ad_get.json";
import adgroupGet from "../fixtures/tiktok/adgroup_get.json";
import imageInfo from "../fixtures/tiktok/file_image_ad_info.json";
import videoInfo from "../fixtures/tiktok/file_video_ad_info.json";
import adPage1 from "../fixtures/tiktok/report_ad_daily_page1.json";
import adPage2 from "../fixtures/tiktok/report_ad_daily_page2.json";
import adHourly from "../fixtures/tiktok/report_ad_hourly_today.json";
import adgroupDaily from "../fixtures/tiktok/report_adgroup_daily.json";
import adgroupHourly from "../fixtures/tiktok/report_adgroup_hourly_today.json";
import page1 from "../fixtures/tiktok/report_daily_page1.json";
import page2 from "../fixtures/tiktok/report_daily_page2.json";
import hourly from "../fixtures/tiktok/report_hourly_today.json";
import { rowsAt } from "../connectors/level-totals";
import { connectorFailure } from "../meta/connector-failure";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// 13:00 in Berlin: the account's today is 2026-03-03.
const NOW = Date.parse("2026-03-03T12:00:00Z");
const CONFIG = { appId: "7300000000000000001", appSecret: "tiktok-secret-for-tests" };
const TOKEN = accessToken.data.access_token;
const tokens: OAuthTokens = { accessToken: TOKEN, refreshToken: null, expiresAt: null, scopes: ["4", "5"] };
const account = { id: "7012345678901234567", name: "Acme TikTok EU", currency: "EUR", timeZone: "Europe/Berlin" };
const REPORT = `${TIKTOK_API_BASE}/report/integrated/get/`;
const CAMPAIGNS = `${TIKTOK_API_BASE}/campaign/get/`;
const INFO = `${TIKTOK_API_BASE}/advertiser/info/`;

function makeProvider(options: TikTokProviderOptions = {}) {
  const sleeps: number[] = [];
  const provider = createTikTokProvider({ config: () => CONFIG, now: () => NOW, sleep: async (ms) => void sleeps.push(ms), ...options });
  return { provider, sleeps };
}

const params = (request: Request) => new URL(request.url).searchParams;
const json = (request: Request, name: string) => JSON.parse(params(request).get(name)!);
const dataLevel = (request: Request) => params(request).get("data_level");

/**
 * Records each request and answers it. On the report only campaign-level requests are taken; ad
 * group and ad requests fall through to `belowCampaign` (by default: none).
 */
function record(method: "get" | "post", url: string, answer: (request: Request, call: number) => Response) {
  const seen: Request[] = [];
  server.use(
    http[method](url, ({ request }) => {
      if (url === REPORT && dataLevel(request) !== "AUCTION_CAMPAIGN") return undefined;
      seen.push(request.clone());
      return answer(request, seen.length);
    }),
  );
  return seen;
}

const EMPTY_REPORT = { code: 0, message: "OK", request_id: "r-empty", data: { page_info: { page: 1, page_size: 1000, total_number: 0, total_page: 0 }, list: [] } };

/** Ad group and ad reports by data level; campaign-level requests are passed on to `record`. */
function belowCampaign(answers: Partial<Record<"AUCTION_ADGROUP" | "AUCTION_AD", (request: Request) => Response>> = {}) {
  const seen: Request[] = [];
  server.use(
    http.get(REPORT, ({ request }) => {
      const level = dataLevel(request) as "AUCTION_ADGROUP" | "AUCTION_AD" | "AUCTION_CAMPAIGN";
      if (level === "AUCTION_CAMPAIGN") return undefined;
      seen.push(request.clone());
      return answers[level]?.(request) ?? HttpResponse.json(EMPTY_REPORT);
    }),
  );
  return seen;
}
beforeEach(() => void belowCampaign());

/** The daily report in two pages, the hourly report for today. */
function reportServer() {
  return record("get", REPORT, (request) => {
    if (json(request, "dimensions").includes("stat_time_hour")) return HttpResponse.json(hourly);
    return HttpResponse.json(params(request).get("page") === "2" ? page2 : page1);
  });
}

describe("TikTok OAuth and advertisers", () => {
  it("sends the user to the advertiser authorization page", () => {
    const url = new URL(makeProvider().provider.authorizeUrl({ state: "nonce-9", redirectUri: "https://app.example.com/api/connect/tiktok/callback" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://business-api.tiktok.com/portal/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({ app_id: CONFIG.appId, state: "nonce-9", redirect_uri: "https://app.example.com/api/connect/tiktok/callback" });
  });

  it("trades the auth code for a long-term token with app id and secret in the JSON body", async () => {
    const seen = record("post", `${TIKTOK_API_BASE}/oauth2/access_token/`, () => HttpResponse.json(accessToken));
    const result = await makeProvider().provider.exchangeCode({ code: "auth-code-1", redirectUri: "https://x" });
    expect(await seen[0]!.json()).toEqual({ app_id: CONFIG.appId, secret: CONFIG.appSecret, auth_code: "auth-code-1" });
    expect(result).toEqual({ accessToken: TOKEN, refreshToken: null, expiresAt: null, refreshExpiresAt: null, scopes: ["4", "5", "6", "200"] });
  });

  it("lists advertisers with their currency, IANA time zone and status", async () => {
    const listed = record("get", `${TIKTOK_API_BASE}/oauth2/advertiser/get/`, () => HttpResponse.json(advertisers));
    const info = record("get", INFO, () => HttpResponse.json(advertiserInfo));
    const accounts = await makeProvider().provider.listAccounts(tokens);
    expect(accounts).toEqual([
      { id: "7012345678901234567", name: "Acme TikTok EU", currency: "EUR", timeZone: "Europe/Berlin", status: "enable" },
      { id: "7098765432109876543", name: "Acme TikTok US", currency: "USD", timeZone: "America/New_York", status: "limit" },
    ]);
    expect(listed[0]!.headers.get("access-token")).toBe(TOKEN);
    expect(params(listed[0]!).get("app_id")).toBe(CONFIG.appId);
    expect(json(info[0]!, "advertiser_ids")).toEqual(["7012345678901234567", "7098765432109876543"]);
    expect(info[0]!.url).not.toContain(TOKEN);
  });
});

describe("TikTok daily stats", () => {
  it("reads past days from the daily report across pages and today from summed hours", async () => {
    const reports = reportServer();
    const names = record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const stats = await makeProvider().provider.fetchDaily({ tokens, account, window: { fromDay: "2026-03-01", toDay: "2026-03-03" }, settings: {} });

    expect(reports).toHaveLength(3);
    const daily = reports[0]!;
    expect(Object.fromEntries(params(daily))).toMatchObject({
      advertiser_id: account.id,
      report_type: "BASIC",
      data_level: "AUCTION_CAMPAIGN",
      start_date: "2026-03-01",
      end_date: "2026-03-02",
      page: "1",
      page_size: "1000",
    });
    expect(json(daily, "dimensions")).toEqual(["campaign_id", "stat_time_day"]);
    expect(json(daily, "metrics")).toEqual(["spend", "impressions", "clicks", "complete_payment", "total_complete_payment_rate"]);
    expect(json(daily, "filtering")).toEqual([{ field_name: "campaign_status", filter_type: "IN", filter_value: '["STATUS_ALL"]' }]);
    expect(params(reports[1]!).get("page")).toBe("2");
    expect(json(reports[2]!, "dimensions")).toEqual(["campaign_id", "stat_time_hour"]);
    expect([params(reports[2]!).get("start_date"), params(reports[2]!).get("end_date")]).toEqual(["2026-03-03", "2026-03-03"]);
    expect(daily.headers.get("access-token")).toBe(TOKEN);

    expect(json(names[0]!, "filtering")).toEqual({ campaign_ids: ["1780000000001", "1780000000002"] });
    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(stats.insights.map((i) => [i.campaignId, i.day, i.spend, i.impressions, i.conversions, i.conversionValue, i.currency])).toEqual([
      ["1780000000001", "2026-03-01", "84.15", 7421, "3", "164.70", "EUR"],
      ["1780000000002", "2026-03-01", "12.00", 1530, "0", "0", "EUR"],
      ["1780000000001", "2026-03-02", "90.4", 8012, "4", "219.60", "EUR"],
      ["1780000000001", "2026-03-03", "10.50", 945, "3", "164.75", "EUR"],
      ["1780000000002", "2026-03-03", "0.50", 40, "0", "0", "EUR"],
    ]);
    expect(stats.campaigns.map((c) => [c.campaignId, c.name])).toEqual([
      ["1780000000001", "Spark Ads - Creators"],
      ["1780000000002", "Deleted campaign 1780000000002"],
    ]);
  });

  it("does not ask for hours when the window ends before today", async () => {
    const reports = reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    await makeProvider().provider.fetchDaily({ tokens, account, window: { fromDay: "2026-03-01", toDay: "2026-03-02" }, settings: {} });
    expect(reports.map((r) => json(r, "dimensions")[1])).toEqual(["stat_time_day", "stat_time_day"]);
  });

  it("looks the currency up when the stored account has none", async () => {
    reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const info = record("get", INFO, () => HttpResponse.json(advertiserInfo));
    const stats = await makeProvider().provider.fetchDaily({ tokens, account: { ...account, currency: null }, window: { fromDay: "2026-03-01", toDay: "2026-03-02" }, settings: {} });
    expect(info).toHaveLength(1);
    expect(stats.kind === "ads" && stats.insights.every((i) => i.currency === "EUR")).toBe(true);
  });
});

describe("TikTok ad groups and ads", () => {
  const ADGROUPS = `${TIKTOK_API_BASE}/adgroup/get/`;
  const ADS = `${TIKTOK_API_BASE}/ad/get/`;
  const VIDEOS = `${TIKTOK_API_BASE}/file/video/ad/info/`;
  const IMAGES = `${TIKTOK_API_BASE}/file/image/ad/info/`;
  const threeDays = { tokens, account, window: { fromDay: "2026-03-01", toDay: "2026-03-03" }, settings: {} };

  function lookups() {
    return {
      groups: record("get", ADGROUPS, () => HttpResponse.json(adgroupGet)),
      ads: record("get", ADS, () => HttpResponse.json(adGet)),
      videos: record("get", VIDEOS, () => HttpResponse.json(videoInfo)),
      images: record("get", IMAGES, () => HttpResponse.json(imageInfo)),
    };
  }

  it("reads ad group and ad reports over the same window (ads across pages, today from hours), then names, statuses and pictures", async () => {
    reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const below = belowCampaign({
      AUCTION_ADGROUP: (request) => HttpResponse.json(json(request, "dimensions").includes("stat_time_hour") ? adgroupHourly : adgroupDaily),
      AUCTION_AD: (request) => {
        if (json(request, "dimensions").includes("stat_time_hour")) return HttpResponse.json(adHourly);
        return HttpResponse.json(params(request).get("page") === "2" ? adPage2 : adPage1);
      },
    });
    const seen = lookups();
    const stats = await makeProvider().provider.fetchDaily(threeDays);

    expect(below.map((r) => [dataLevel(r), json(r, "dimensions"), params(r).get("page")])).toEqual([
      ["AUCTION_ADGROUP", ["adgroup_id", "stat_time_day"], "1"],
      ["AUCTION_ADGROUP", ["adgroup_id", "stat_time_hour"], "1"],
      ["AUCTION_AD", ["ad_id", "stat_time_day"], "1"],
      ["AUCTION_AD", ["ad_id", "stat_time_day"], "2"],
      ["AUCTION_AD", ["ad_id", "stat_time_hour"], "1"],
    ]);
    expect(json(below[0]!, "metrics")).toEqual(["spend", "impressions", "clicks", "complete_payment", "total_complete_payment_rate", "campaign_id"]);
    expect(json(below[2]!, "metrics")).toEqual(["spend", "impressions", "clicks", "complete_payment", "total_complete_payment_rate", "campaign_id", "adgroup_id"]);
    expect(json(below[0]!, "filtering")).toEqual([{ field_name: "adgroup_status", filter_type: "IN", filter_value: '["STATUS_ALL"]' }]);
    expect(json(below[2]!, "filtering")).toEqual([{ field_name: "ad_status", filter_type: "IN", filter_value: '["STATUS_ALL"]' }]);
    expect([params(below[0]!).get("start_date"), params(below[0]!).get("end_date")]).toEqual(["2026-03-01", "2026-03-02"]);

    expect(json(seen.groups[0]!, "filtering")).toEqual({ adgroup_ids: ["1781000000011", "1781000000012", "1781000000021"] });
    expect(json(seen.ads[0]!, "filtering")).toEqual({ ad_ids: ["1782000000111", "1782000000112", "1782000000121", "1782000000211"] });
    expect(json(seen.videos[0]!, "video_ids")).toEqual(["v10044g50000cq7example111", "v10044g50000cq7example121"]);
    expect(json(seen.images[0]!, "image_ids")).toEqual(["ad-site-i18n-sg/202603015d0d8c2f3a1b4c5d9e7f"]);

    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(rowsAt(stats.insights, "campaign")).toHaveLength(5);
    expect(rowsAt(stats.insights, "ad_group")).toHaveLength(7);
    expect(rowsAt(stats.insights, "ad")).toHaveLength(9);
    expect(stats.insights.every((i) => i.currency === "EUR" && i.accountId === account.id)).toBe(true);
    expect(stats.adGroups?.map((g) => g.name)).toEqual(["Creators - Broad 18-34", "Creators - Interest: Fitness", "Deleted ad group 1781000000021"]);
    expect(stats.ads?.map((a) => a.thumbnailUrl)).toEqual([videoInfo.data.list[0]!.video_cover_url, imageInfo.data.list[0]!.image_url, null, null]);
    expect(stats.warnings).toEqual([]);
  });

  it("keeps syncing campaigns when TikTok refuses ad-level reporting for lack of permission, with a warning", async () => {
    reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    belowCampaign({ AUCTION_ADGROUP: () => HttpResponse.json(noPermission), AUCTION_AD: () => HttpResponse.json(noPermission) });
    const stats = await makeProvider().provider.fetchDaily(threeDays);
    if (stats.kind !== "ads") throw new Error("expected ads");
    expect(stats.insights).toHaveLength(5);
    expect(stats.adGroups).toEqual([]);
    expect(stats.ads).toEqual([]);
    expect(stats.warnings).toEqual([
      expect.stringMatching(/^TikTok Ads refused the ad-group-level report \(40001\)/),
      expect.stringMatching(/^TikTok Ads refused the ad-level report \(40001\)/),
    ]);
  });

  it("retries a rate-limited ad-level report like the campaign one, then succeeds", async () => {
    reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    let calls = 0;
    belowCampaign({ AUCTION_ADGROUP: () => HttpResponse.json(++calls === 1 ? rateLimit : adgroupDaily) });
    lookups();
    const { provider, sleeps } = makeProvider();
    const stats = await provider.fetchDaily({ ...threeDays, window: { fromDay: "2026-03-01", toDay: "2026-03-02" } });
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(stats.kind === "ads" && rowsAt(stats.insights, "ad_group")).toHaveLength(4);
  });

  it("fails the window on a malformed ad-level answer or a revoked token", async () => {
    reportServer();
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const broken = structuredClone(adgroupDaily);
    broken.data.list[1]!.metrics.spend = "lots";
    belowCampaign({ AUCTION_ADGROUP: () => HttpResponse.json(broken) });
    const past = { ...threeDays, window: { fromDay: "2026-03-01", toDay: "2026-03-02" } };
    expect((await connectorFailure(() => makeProvider().provider.fetchDaily(past))).message).toContain("data.list[1].metrics.spend");

    belowCampaign({ AUCTION_ADGROUP: () => HttpResponse.json(adgroupDaily), AUCTION_AD: () => HttpResponse.json(tokenInvalid) });
    lookups();
    expect((await connectorFailure(() => makeProvider().provider.fetchDaily(past))).kind).toBe("auth");
  });
});

describe("TikTok errors", () => {
  const past = { tokens, account, window: { fromDay: "2026-03-01", toDay: "2026-03-02" }, settings: {} };

  it.each([
    ["a revoked or expired token (40105)", tokenInvalid, "auth", "40105", "Reconnect TikTok Ads"],
    ["no permission on the advertiser (40001)", noPermission, "permission", "40001", "grant reporting access"],
  ])("classifies %s, answered with HTTP 200", async (_what, body, kind, code, words) => {
    const seen = record("get", REPORT, () => HttpResponse.json(body));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(past));
    expect([error.kind, error.providerCode]).toEqual([kind, code]);
    expect(error.message).toContain(words);
    expect(error.message).not.toContain(TOKEN);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ["the rate limit (40100)", () => HttpResponse.json(rateLimit)],
    ["a system error (50000)", () => HttpResponse.json(systemError)],
    ["an HTTP 503", () => new HttpResponse("upstream unavailable", { status: 503 })],
  ])("retries %s, then succeeds", async (_what, first) => {
    const reports = record("get", REPORT, (request, call) => (call === 1 ? first() : HttpResponse.json(params(request).get("page") === "2" ? page2 : page1)));
    record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const { provider, sleeps } = makeProvider();
    const stats = await provider.fetchDaily(past);
    expect(reports).toHaveLength(3);
    expect(sleeps).toHaveLength(1);
    expect(stats.kind === "ads" && stats.insights).toHaveLength(3);
  });

  it("fails on a malformed report, naming the field, before asking for names", async () => {
    const broken = structuredClone(page1);
    broken.data.list[0]!.metrics.clicks = "ninety-six";
    record("get", REPORT, () => HttpResponse.json(broken));
    const names = record("get", CAMPAIGNS, () => HttpResponse.json(campaigns));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(past));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data.list[0].metrics.clicks");
    expect(names).toHaveLength(0);
  });

  it("fails an answer without data, naming it", async () => {
    record("get", REPORT, () => HttpResponse.json({ code: 0, message: "OK", request_id: "r" }));
    const error = await connectorFailure(() => makeProvider().provider.fetchDaily(past));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data");
  });
});

describe("TikTok connection health", () => {
  it("is ok for an enabled advertiser, and says what is wrong otherwise", async () => {
    record("get", INFO, () => HttpResponse.json(advertiserInfo));
    expect(await makeProvider().provider.health(tokens, account)).toEqual({ ok: true, message: null, tokenExpiresAt: null });

    const limited = { ...account, id: "7098765432109876543" };
    record("get", INFO, () => HttpResponse.json({ ...advertiserInfo, data: { list: [advertiserInfo.data.list[1]] } }));
    expect(await makeProvider().provider.health(tokens, limited)).toMatchObject({ ok: false, message: expect.stringContaining("as limit") });

    record("get", INFO, () => HttpResponse.json({ ...advertiserInfo, data: { list: [] } }));
    expect(await makeProvider().provider.health(tokens, account)).toMatchObject({ ok: false, message: expect.stringContaining("no longer returns this advertiser") });

    record("get", INFO, () => HttpResponse.json(tokenInvalid));
    expect(await makeProvider().provider.health(tokens, account)).toMatchObject({ ok: false, message: expect.stringContaining("Reconnect TikTok Ads") });
  });

  it("asks for a reconnect once a token with an expiry has passed it", async () => {
    const error = await connectorFailure(() => makeProvider().provider.refreshTokens({ ...tokens, expiresAt: "2026-03-01T00:00:00.000Z" }));
    expect(error.kind).toBe("auth");
    await expect(makeProvider().provider.refreshTokens(tokens)).resolves.toEqual(tokens);
  });
});
