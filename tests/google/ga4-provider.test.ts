import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { GA4_ADMIN_BASE_URL, GA4_DATA_BASE_URL } from "@/lib/connectors/google/config";
import { quotaRetryMs } from "@/lib/connectors/google/ga4-errors";
import { createGa4Provider } from "@/lib/connectors/google/ga4-provider";
import summaries1 from "../fixtures/ga4/account_summaries_page1.json";
import summaries2 from "../fixtures/ga4/account_summaries_page2.json";
import concurrent from "../fixtures/ga4/error_concurrent_requests.json";
import permissionDenied from "../fixtures/ga4/error_permission_denied.json";
import tokensPerDay from "../fixtures/ga4/error_tokens_per_day.json";
import unavailable from "../fixtures/ga4/error_unavailable.json";
import propertyDe from "../fixtures/ga4/property_161803398.json";
import propertyUs from "../fixtures/ga4/property_314159265.json";
import empty from "../fixtures/ga4/run_report_empty.json";
import page1 from "../fixtures/ga4/run_report_page1.json";
import page2 from "../fixtures/ga4/run_report_page2.json";
import { expectConnectorError } from "./expect-connector-error";
import { liveTokens, mockGoogle, recordedSleeps, TEST_CLIENT } from "./support";

const server = mockGoogle();
// 2026-03-02 10:00 UTC = 02:00 in Los Angeles: the daily quota refills in 22 hours.
const NOW = Date.parse("2026-03-02T10:00:00Z");

function makeProvider() {
  const { sleeps, sleep } = recordedSleeps();
  return { provider: createGa4Provider({ oauth: { config: TEST_CLIENT }, http: { sleep }, pageSize: 3, now: () => NOW }), sleeps };
}

const property: ProviderAccount = { id: "properties/314159265", name: "Acme Store - GA4", currency: "USD", timeZone: "America/New_York" };
const window = { fromDay: "2026-03-01", toDay: "2026-03-02" };
type ReportBody = { dateRanges: unknown[]; dimensions: { name: string }[]; metrics: { name: string }[]; limit: string; offset: string };

function runReport(answer: (body: ReportBody, call: number) => Response) {
  const bodies: ReportBody[] = [];
  server.use(
    http.post(`${GA4_DATA_BASE_URL}/properties/:id`, async ({ request, params }) => {
      expect(params.id).toBe("314159265:runReport");
      expect(request.headers.get("authorization")).toBe("Bearer ya29.a0-live-access-token");
      const body = (await request.json()) as ReportBody;
      bodies.push(body);
      return answer(body, bodies.length);
    }),
  );
  return bodies;
}

const pages = (body: ReportBody) => HttpResponse.json(body.offset === "0" ? page1 : page2);
const fetchDaily = (provider: ReturnType<typeof makeProvider>["provider"]) => provider.fetchDaily({ tokens: liveTokens(), account: property, window, settings: {} });

describe("GA4 listAccounts", () => {
  it("pages through account summaries and reads each property's currency and time zone", async () => {
    const tokensSeen: (string | null)[] = [];
    server.use(
      http.get(`${GA4_ADMIN_BASE_URL}/accountSummaries`, ({ request }) => {
        const token = new URL(request.url).searchParams.get("pageToken");
        tokensSeen.push(token);
        return HttpResponse.json(token ? summaries2 : summaries1);
      }),
      http.get(`${GA4_ADMIN_BASE_URL}/properties/:id`, ({ params }) => {
        if (params.id === "314159265") return HttpResponse.json(propertyUs);
        if (params.id === "161803398") return HttpResponse.json(propertyDe);
        return HttpResponse.json(permissionDenied, { status: 403 });
      }),
    );
    const accounts = await makeProvider().provider.listAccounts(liveTokens());
    expect(tokensSeen).toEqual([null, "CAEaDAj4vY3BBhDAhf3OAQ"]);
    expect(accounts).toEqual([
      { id: "properties/314159265", name: "Acme Store - GA4 (Acme Inc)", currency: "USD", timeZone: "America/New_York" },
      { id: "properties/271828182", name: "Acme Blog (Acme Inc)", currency: null, timeZone: null },
      { id: "properties/161803398", name: "Acme DE (Acme EU GmbH)", currency: "EUR", timeZone: "Europe/Berlin" },
    ]);
  });
});

describe("GA4 fetchDaily", () => {
  it("asks for the documented dimensions and metrics and pages with limit/offset until rowCount", async () => {
    const bodies = runReport(pages);
    const stats = await fetchDaily(makeProvider().provider);
    expect(bodies.map((b) => [b.limit, b.offset])).toEqual([["3", "0"], ["3", "3"]]);
    expect(bodies[0]).toMatchObject({
      dateRanges: [{ startDate: "2026-03-01", endDate: "2026-03-02" }],
      dimensions: [{ name: "date" }, { name: "sessionDefaultChannelGroup" }, { name: "sessionSource" }, { name: "sessionMedium" }],
      metrics: [{ name: "sessions" }, { name: "totalUsers" }, { name: "transactions" }, { name: "purchaseRevenue" }],
    });
    expect(stats.kind).toBe("traffic");
    if (stats.kind !== "traffic") return;
    expect(stats.traffic.map((t) => `${t.day} ${t.channelGroup} ${t.sessions}`)).toEqual([
      "2026-03-01 Paid Search 812", "2026-03-01 Organic Search 1290", "2026-03-01 Direct 433",
      "2026-03-02 Paid Social 506", "2026-03-02 Email 95",
    ]);
  });

  it("stops at an empty report", async () => {
    const bodies = runReport(() => HttpResponse.json(empty));
    expect(await fetchDaily(makeProvider().provider)).toEqual({ kind: "traffic", traffic: [] });
    expect(bodies).toHaveLength(1);
  });

  it("a page that repeats the first one fails instead of writing duplicates", async () => {
    runReport(() => HttpResponse.json({ ...page1, rowCount: 6 }));
    await expectConnectorError(() => fetchDaily(makeProvider().provider), "bad_response");
  });

  it("permission denied -> a permission error saying what to do", async () => {
    runReport(() => HttpResponse.json(permissionDenied, { status: 403 }));
    const error = await expectConnectorError(() => fetchDaily(makeProvider().provider), "permission");
    expect(error.message).toMatch(/Viewer access/);
  });

  it("daily tokens used up -> rate limited until midnight Pacific, without waiting in the run", async () => {
    const bodies = runReport(() => HttpResponse.json(tokensPerDay, { status: 429 }));
    const { provider, sleeps } = makeProvider();
    const error = await expectConnectorError(() => fetchDaily(provider), "rate_limited");
    expect(error.retryAfterMs).toBe(22 * 3_600_000);
    expect(sleeps).toEqual([]);
    expect(bodies).toHaveLength(1);
  });

  it("a concurrency limit or an unavailable service is retried with backoff, then succeeds", async () => {
    runReport((body, call) => (call === 1 ? HttpResponse.json(concurrent, { status: 429 }) : call === 2 ? HttpResponse.json(unavailable, { status: 503 }) : pages(body)));
    const { provider, sleeps } = makeProvider();
    const stats = await fetchDaily(provider);
    expect(sleeps).toHaveLength(2);
    expect(stats.kind === "traffic" && stats.traffic.length).toBe(5);
  });

  it("partial data (a row without metric values) fails the whole window", async () => {
    const broken = structuredClone(page2) as { rows: Partial<(typeof page2.rows)[number]>[] };
    delete broken.rows[1]!.metricValues;
    runReport((body) => HttpResponse.json(body.offset === "0" ? page1 : broken));
    const error = await expectConnectorError(() => fetchDaily(makeProvider().provider), "bad_response");
    expect(error.message).toContain("rows[1].metricValues is missing");
  });

  it("refuses a property id that is not one", async () => {
    await expectConnectorError(() => makeProvider().provider.fetchDaily({ tokens: liveTokens(), account: { ...property, id: "properties/1/../x" }, window, settings: {} }), "bad_request");
  });
});

describe("GA4 quota retry times", () => {
  it("per hour waits for the next hour; anything else uses backoff", () => {
    expect(quotaRetryMs("Exhausted property tokens per hour for this property.", new Date("2026-03-02T10:45:00Z"))).toBe(15 * 60_000);
    expect(quotaRetryMs("Exhausted concurrent requests quota for this property.", new Date(NOW))).toBeNull();
  });
});

describe("GA4 health", () => {
  it("is ok when the property can be read, else says why", async () => {
    server.use(http.get(`${GA4_ADMIN_BASE_URL}/properties/:id`, ({ params }) => (params.id === "314159265" ? HttpResponse.json(propertyUs) : HttpResponse.json(permissionDenied, { status: 403 }))));
    const { provider } = makeProvider();
    expect(await provider.health(liveTokens(), property)).toEqual({ ok: true, message: null, tokenExpiresAt: null });
    const denied = await provider.health(liveTokens(), { ...property, id: "properties/271828182" });
    expect(denied.ok).toBe(false);
    expect(denied.message).toMatch(/no access to this Google Analytics property/);
  });
});
