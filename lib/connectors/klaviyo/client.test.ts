import { describe, expect, it } from "vitest";
import { ConnectorError } from "../common/errors";
import { createKlaviyoClient, KLAVIYO_REVISION, pages } from "./client";
import page1 from "./fixtures/campaigns_email_page1.json";
import page2 from "./fixtures/campaigns_email_page2.json";
import unauthorized from "./fixtures/error_401.json";
import forbidden from "./fixtures/error_403.json";
import throttled from "./fixtures/error_429.json";
import type { CampaignsPage } from "./shapes";

// The REST transport against a scripted fetch: the key and revision headers, cursor pages, the
// rate limit waited out for Klaviyo's Retry-After, and a refused key as a typed failure.

type Scripted = () => Response;
const KEY = "pk_0123456789abcdef0123456789abcdef01";

function client(responses: Scripted[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const c = createKlaviyoClient({
    apiKey: KEY,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return responses[Math.min(calls.length - 1, responses.length - 1)]!();
    },
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client: c, calls, sleeps };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/vnd.api+json", ...headers } });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("the Klaviyo REST client", () => {
  it("sends the private key and the pinned revision, and follows links.next to the last page", async () => {
    const { client: c, calls } = client([json(page1), json(page2)]);
    const seen: string[] = [];
    for await (const page of pages<CampaignsPage>(c, "campaigns", { filter: "equals(messages.channel,'email')", include: "campaign-messages,tags" })) {
      seen.push(...page.data.map((d) => d.attributes.name));
    }
    expect(seen).toEqual(["Black Friday Early Access", "Weekly Newsletter #47"]);
    expect(calls.map((call) => call.url)).toEqual([
      "https://a.klaviyo.com/api/campaigns?filter=equals%28messages.channel%2C%27email%27%29&include=campaign-messages%2Ctags",
      page1.links.next,
    ]);
    for (const call of calls) {
      const headers = call.init.headers as Record<string, string>;
      expect(headers.authorization).toBe(`Klaviyo-API-Key ${KEY}`);
      expect(headers.revision).toBe(KLAVIYO_REVISION);
      expect(headers.accept).toBe("application/vnd.api+json");
      expect(call.init.redirect).toBe("manual");
    }
  });

  it("waits out a 429 for exactly its Retry-After, then reads the page", async () => {
    const { client: c, calls, sleeps } = client([json(throttled, 429, { "Retry-After": "3" }), json(page2)]);
    const page = await c.get<CampaignsPage>("campaigns");
    expect(page.data[0]!.id).toBe("01JD0C2NL0000000000000000B");
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([3_000]);
  });

  it("gives up on a rate limit that does not lift, as a rate-limited failure to retry later", async () => {
    const { client: c, calls, sleeps } = client([json(throttled, 429, { "Retry-After": "2" })]);
    const error = await failure(c.get("events"));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.providerCode).toBe("throttled");
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([2_000, 2_000, 4_000]);
  });

  it("turns a revoked key (401) and a key without read scopes (403) into an auth failure, without the key", async () => {
    for (const [body, status, words] of [[unauthorized, 401, /revoked/], [forbidden, 403, /read access/]] as const) {
      const { client: c, calls } = client([json(body, status)]);
      const error = await failure(c.get("accounts"));
      expect(error.kind).toBe("auth");
      expect(error.status).toBe(status);
      expect(error.message).toMatch(words);
      expect(error.message).not.toContain(KEY);
      // Refusals are final: asking again cannot help.
      expect(calls).toHaveLength(1);
    }
  });

  it("never sends the key to a next link outside Klaviyo's API", async () => {
    const { client: c, calls } = client([json({})]);
    const error = await failure(c.next("https://evil.example/api/events?page%5Bcursor%5D=x"));
    expect(error.kind).toBe("bad_response");
    expect(calls).toHaveLength(0);
  });

  it("posts reporting queries as JSON:API", async () => {
    const { client: c, calls } = client([json({ data: { type: "campaign-values-report", attributes: { results: [] } } })]);
    await c.post("campaign-values-reports", { data: { type: "campaign-values-report" } }, { page_cursor: "abc" });
    expect(calls[0]!.url).toBe("https://a.klaviyo.com/api/campaign-values-reports?page_cursor=abc");
    expect(calls[0]!.init.method).toBe("POST");
    expect((calls[0]!.init.headers as Record<string, string>)["content-type"]).toBe("application/vnd.api+json");
  });
});
