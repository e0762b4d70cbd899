import { describe, expect, it } from "vitest";
import { ConnectorError } from "../common/errors";
import { createWooClient } from "./client";

// The REST transport against a scripted fetch: auth, paging headers, retries and the failures a
// merchant can cause by pasting the wrong thing.

type Scripted = () => Response | Promise<Response>;

function client(responses: Scripted[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const c = createWooClient({
    storeUrl: "https://shop.example.com",
    consumerKey: "ck_test",
    consumerSecret: "cs_secret",
    fetch: async (url, init) => {
      calls.push({ url, init });
      return responses[Math.min(calls.length - 1, responses.length - 1)]!();
    },
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client: c, calls, sleeps };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => Response.json(body, { status, headers });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe("the WooCommerce REST client", () => {
  it("sends the key pair as HTTP Basic, never follows redirects, and reads the paging headers", async () => {
    const { client: c, calls } = client([json([{ id: 1 }], 200, { "X-WP-Total": "250", "X-WP-TotalPages": "3" })]);
    const answer = await c.get<{ id: number }[]>("orders", { page: 2, per_page: 100, modified_after: "2026-01-01T00:00:00", skipped: undefined });
    expect(answer).toEqual({ body: [{ id: 1 }], total: 250, totalPages: 3 });
    expect(calls[0]!.url).toBe("https://shop.example.com/wp-json/wc/v3/orders?page=2&per_page=100&modified_after=2026-01-01T00%3A00%3A00");
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from("ck_test:cs_secret").toString("base64")}`);
    expect(calls[0]!.init.redirect).toBe("manual");
  });

  it("waits out a 429 for its Retry-After and a 503 with backoff, then succeeds", async () => {
    const { client: c, calls, sleeps } = client([json({}, 429, { "Retry-After": "7" }), () => new Response("busy", { status: 503 }), json([])]);
    await expect(c.get("orders")).resolves.toMatchObject({ body: [] });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([7_000, 2_000]);
  });

  it("says the keys were refused on 401, without the secret", async () => {
    const { client: c } = client([json({ code: "woocommerce_rest_authentication_error", message: "Consumer secret is invalid.", data: { status: 401 } }, 401)]);
    const error = await failure(c.get("orders"));
    expect(error.kind).toBe("auth");
    expect(error.providerCode).toBe("woocommerce_rest_authentication_error");
    expect(error.message).toMatch(/refused the consumer key and secret.*Consumer secret is invalid/);
    expect(error.message).not.toContain("cs_secret");
  });

  it("says the keys lack read access on 403", async () => {
    const { client: c } = client([json({ code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot list resources.", data: { status: 403 } }, 403)]);
    const error = await failure(c.get("orders"));
    expect(error.kind).toBe("permission");
    expect(error.message).toMatch(/need read permission/);
  });

  it("says a site that answers a web page is not a WooCommerce store", async () => {
    const { client: c } = client([() => new Response("<!doctype html><title>Blog</title>", { status: 200, headers: { "content-type": "text/html" } })]);
    const error = await failure(c.get("orders"));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toMatch(/answered with a web page, not WooCommerce's JSON/);
  });

  it("says a WordPress without WooCommerce has no REST API there", async () => {
    const { client: c } = client([json({ code: "rest_no_route", message: "No route was found matching the URL and request method.", data: { status: 404 } }, 404)]);
    const error = await failure(c.get("orders"));
    expect(error.kind).toBe("not_found");
    expect(error.message).toMatch(/no WooCommerce REST API/);
  });

  it("names the address a redirect points to instead of following it", async () => {
    const { client: c, calls } = client([() => new Response(null, { status: 301, headers: { location: "https://www.example.com/wp-json/wc/v3/orders" } })]);
    const error = await failure(c.get("orders"));
    expect(error.providerCode).toBe("redirect");
    expect(error.message).toMatch(/redirected the API call to https:\/\/www\.example\.com.*enter the store's own address/);
    expect(calls).toHaveLength(1);
  });

  it("says an unreachable store could not be reached, after retrying", async () => {
    const { client: c, calls } = client([() => Promise.reject(new TypeError("fetch failed"))]);
    const error = await failure(c.get("orders"));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/shop\.example\.com could not be reached/);
    expect(calls).toHaveLength(4);
  });
});
