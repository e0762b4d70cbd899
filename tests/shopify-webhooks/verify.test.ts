import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeCallbackHmac, verifyCallbackQuery } from "@/lib/connectors/shopify/oauth/query-hmac";
import { normalizeShopDomain, parseShopDomain } from "@/lib/connectors/shopify/oauth/shop";
import { createOAuthState, readOAuthState, stateMatches } from "@/lib/connectors/shopify/oauth/state";
import {
  computeWebhookHmac,
  isShopifyWebhookTopic,
  SHOPIFY_WEBHOOK_TOPICS,
  verifyWebhookHmac,
  webhookIdFrom,
} from "@/lib/connectors/shopify/webhooks/verify";
import { expectAppErrorSync } from "../helpers";

const SECRET = "shpss_test_secret_for_hmac";
const body = readFileSync(path.join(import.meta.dirname, "../fixtures/shopify/webhook_orders_create.json"));

// The official library, configured only to cross-check our signatures against Shopify's own rules.
const shopify = shopifyApi({
  apiKey: "test-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "signalboard.test",
  isEmbeddedApp: false,
  scopes: ["read_orders"],
  logger: { level: 0 },
});

describe("webhook HMAC", () => {
  it("accepts the signature Shopify computes for the raw body", () => {
    const header = getHmac(body.toString("utf8"), SECRET);
    expect(computeWebhookHmac(body, SECRET)).toBe(header);
    expect(verifyWebhookHmac(body, header, SECRET)).toBe(true);
  });

  it("agrees with @shopify/shopify-api's webhooks.validate", async () => {
    const header = computeWebhookHmac(body, SECRET);
    const rawRequest = new Request("https://signalboard.test/api/webhooks/shopify", {
      method: "POST",
      headers: {
        "X-Shopify-Hmac-Sha256": header,
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": "example.myshopify.com",
        "X-Shopify-API-Version": "2026-04",
        "X-Shopify-Webhook-Id": "w-1",
        "X-Shopify-Event-Id": "e-1",
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
      body,
    });
    const result = await shopify.webhooks.validate({ rawBody: body.toString("utf8"), rawRequest });
    expect(result.valid).toBe(true);
  });

  it("rejects a tampered body", () => {
    const header = computeWebhookHmac(body, SECRET);
    const tampered = Buffer.from(body.toString("utf8").replace('"total_price": "404.95"', '"total_price": "4.95"'));
    expect(tampered.equals(body)).toBe(false);
    expect(verifyWebhookHmac(tampered, header, SECRET)).toBe(false);
  });

  it("rejects a missing or empty header, a wrong secret, and a header of the wrong length", () => {
    const header = computeWebhookHmac(body, SECRET);
    expect(verifyWebhookHmac(body, null, SECRET)).toBe(false);
    expect(verifyWebhookHmac(body, "", SECRET)).toBe(false);
    expect(verifyWebhookHmac(body, header, "another-secret")).toBe(false);
    expect(verifyWebhookHmac(body, header.slice(0, -4), SECRET)).toBe(false);
    expect(verifyWebhookHmac(body, `${header}AAAA`, SECRET)).toBe(false);
    expect(verifyWebhookHmac(body, "x", SECRET)).toBe(false);
    // A hex digest of the right HMAC is not what Shopify sends either.
    expect(verifyWebhookHmac(body, Buffer.from(header, "base64").toString("hex"), SECRET)).toBe(false);
  });

  it("refuses to verify without a secret rather than skipping", () => {
    expect(() => verifyWebhookHmac(body, "anything", "")).toThrow(/SHOPIFY_API_SECRET/);
  });
});

describe("topics and ids", () => {
  it("allows exactly the topics we handle", () => {
    expect(SHOPIFY_WEBHOOK_TOPICS).toHaveLength(10);
    for (const topic of SHOPIFY_WEBHOOK_TOPICS) expect(isShopifyWebhookTopic(topic)).toBe(true);
    for (const topic of ["orders/paid", "customers/create", "", "ORDERS/CREATE", undefined]) expect(isShopifyWebhookTopic(topic)).toBe(false);
  });

  it("takes the event id, else the webhook id", () => {
    expect(webhookIdFrom(new Headers({ "X-Shopify-Event-Id": "evt-1", "X-Shopify-Webhook-Id": "wh-1" }))).toBe("evt-1");
    expect(webhookIdFrom(new Headers({ "X-Shopify-Webhook-Id": "wh-1" }))).toBe("wh-1");
    expect(webhookIdFrom(new Headers({ "X-Shopify-Event-Id": "  " }))).toBeNull();
  });
});

describe("OAuth callback HMAC", () => {
  const signed = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams({
      code: "0907a61c0c8d55e99db179b68161bc00",
      shop: "some-shop.myshopify.com",
      state: "nonce with spaces & symbols",
      timestamp: String(Math.floor(Date.now() / 1000)),
      host: "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29tZS1zaG9w",
      ...extra,
    });
    params.set("hmac", computeCallbackHmac(params, SECRET));
    return params;
  };

  it("signs the query the way Shopify does (cross-checked with shopify.utils.validateHmac)", async () => {
    const params = signed();
    expect(verifyCallbackQuery(params, SECRET)).toBe(true);
    expect(await shopify.utils.validateHmac(Object.fromEntries(params))).toBe(true);
  });

  it("rejects a changed parameter, a missing or doubled hmac, and a stale timestamp", () => {
    const params = signed();
    const changed = new URLSearchParams(params);
    changed.set("shop", "other-shop.myshopify.com");
    expect(verifyCallbackQuery(changed, SECRET)).toBe(false);

    const missing = new URLSearchParams(params);
    missing.delete("hmac");
    expect(verifyCallbackQuery(missing, SECRET)).toBe(false);

    const doubled = new URLSearchParams(params);
    doubled.append("hmac", params.get("hmac")!);
    expect(verifyCallbackQuery(doubled, SECRET)).toBe(false);

    const old = signed({ timestamp: String(Math.floor(Date.now() / 1000) - 3600) });
    expect(verifyCallbackQuery(old, SECRET)).toBe(false);
    expect(verifyCallbackQuery(params, "wrong-secret")).toBe(false);
  });
});

describe("OAuth state cookie", () => {
  const input = { slug: "acme", shop: "acme.myshopify.com", userId: "user-1" };

  it("round-trips, and the nonce matches only itself", () => {
    const { state, cookieValue } = createOAuthState(input, SECRET);
    const read = readOAuthState(cookieValue, SECRET);
    expect(read).toEqual(state);
    expect(stateMatches(read!, state.nonce)).toBe(true);
    expect(stateMatches(read!, `${state.nonce}x`)).toBe(false);
    expect(stateMatches(read!, null)).toBe(false);
  });

  it("rejects a forged, re-signed or expired cookie", () => {
    const { cookieValue } = createOAuthState(input, SECRET);
    const [payload, signature] = cookieValue.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), slug: "victim" })).toString("base64url");
    expect(readOAuthState(`${forgedPayload}.${signature}`, SECRET)).toBeNull();
    expect(readOAuthState(cookieValue, "another-secret")).toBeNull();
    expect(readOAuthState(`${cookieValue}.extra`, SECRET)).toBeNull();
    expect(readOAuthState(cookieValue, SECRET, Date.now() + 11 * 60 * 1000)).toBeNull();
    expect(readOAuthState(null, SECRET)).toBeNull();
  });
});

describe("shop domain validation (the begin route's input)", () => {
  it("accepts myshopify.com domains and bare store handles, lowercased", () => {
    expect(normalizeShopDomain("mystore")).toBe("mystore.myshopify.com");
    expect(normalizeShopDomain(" MyStore.myshopify.com ")).toBe("mystore.myshopify.com");
    expect(normalizeShopDomain("https://my-store-2.myshopify.com/")).toBe("my-store-2.myshopify.com");
  });

  it("rejects anything else with a 400 naming the shop field", () => {
    for (const bad of ["", "   ", "evil.com", "mystore.myshopify.com.evil.com", "-store.myshopify.com", "my_store", "a/b.myshopify.com", "store.myshopify.com/admin", null, 42, undefined]) {
      expect(parseShopDomain(bad), String(bad)).toBeNull();
      const error = expectAppErrorSync(() => normalizeShopDomain(bad), "bad_request");
      expect(error.status).toBe(400);
      expect(Object.keys(error.fields ?? {})).toEqual(["shop"]);
    }
  });
});
