import { describe, expect, it } from "vitest";
import { ConnectorError } from "../common/errors";
import { createShopifyClient, type FetchLike } from "./client";
import { ShopifyApiError } from "./errors";
import { SHOP_QUERY } from "./queries";

// The throttle and retry budgets of the transport, with a scripted fetch. (Wire-level behaviour
// against a mocked Shopify lives in tests/shopify/client.test.ts.)

const SHOP = "budget-test.myshopify.com";
const ok = (available = 999) => () =>
  Response.json({ data: { shop: { name: "A" } }, extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50 } } } });
const throttled = () =>
  Response.json({
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: { cost: { requestedQueryCost: 100, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 50 } } },
  });
const status = (code: number) => () => new Response("nope", { status: code });

function client(responses: (() => Response)[], options: { maxAttempts?: number; maxThrottleRetries?: number } = {}) {
  const urls: string[] = [];
  const sleeps: number[] = [];
  const fetch: FetchLike = async (input) => {
    urls.push(String(input));
    return responses[Math.min(urls.length - 1, responses.length - 1)]!();
  };
  const c = createShopifyClient({ shop: SHOP, accessToken: "shpat_x", fetch, sleep: async (ms) => void sleeps.push(ms), now: () => 0, ...options });
  return { client: c, urls, sleeps };
}

describe("the Shopify transport's budgets", () => {
  it("waits THROTTLED answers out without using up the attempts meant for outages", async () => {
    const { client: c, urls, sleeps } = client([throttled, status(503), throttled, throttled, ok()], { maxAttempts: 2 });
    await expect(c.graphql(SHOP_QUERY)).resolves.toMatchObject({ data: { shop: { name: "A" } } });
    expect(urls).toHaveLength(5);
    // (100 - 50) / 50 per second for each THROTTLED; the 503 backs off by the base delay.
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 1_000]);
  });

  it("gives up after maxThrottleRetries waits with a rate_limited ShopifyApiError", async () => {
    const { client: c, urls } = client([throttled], { maxThrottleRetries: 3 });
    const error = await c.graphql(SHOP_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: "THROTTLED", kind: "rate_limited", provider: "shopify", retryAfterMs: null });
    expect((error as Error).message).toMatch(/still throttled after 3 waits/);
    expect(urls).toHaveLength(4);
  });

  it("retries a 5xx bulk download and hands back the stream", async () => {
    const { client: c, urls, sleeps } = client([status(502), () => new Response("{}\n")]);
    const stream = await c.download("https://storage.example/bulk.jsonl");
    expect(await new Response(stream).text()).toBe("{}\n");
    expect(urls).toEqual(["https://storage.example/bulk.jsonl", "https://storage.example/bulk.jsonl"]);
    expect(sleeps).toEqual([1_000]);
  });

  it("does not retry an expired bulk URL (403), nor call it the store's token", async () => {
    const { client: c, urls } = client([status(403)]);
    const error = await c.download("https://storage.example/bulk.jsonl").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ code: "HTTP_403", kind: "bad_request", status: 403 });
    expect(urls).toHaveLength(1);
  });
});
