import { describe, expect, it } from "vitest";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { BulkParseError, ShopifyApiError, ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { classifyFailure } from "@/lib/sync/failures";

const store = { provider: "shopify", externalAccountId: "acme.myshopify.com" };
const SHOPIFY_REAUTH = "Shopify refused our access (the app was removed, or its token was revoked or expired). Reconnect the store to resume syncing.";

describe("classifyFailure for Shopify, through ConnectorError", () => {
  it("a refused token needs a reconnect, in Shopify's words", () => {
    expect(classifyFailure(new ShopifyAuthError("Shop: HTTP 401", 401), store)).toEqual({ status: "needs_reauth", code: "needs_reauth", message: SHOPIFY_REAUTH, retryable: false });
    // Without the connection (the durable function's check), the error's provider decides.
    expect(classifyFailure(new ShopifyAuthError("ACCESS_DENIED", 200)).message).toBe(SHOPIFY_REAUTH);
  });

  it("a malformed export names its line and is not retried", () => {
    expect(classifyFailure(new BulkParseError(42, "Unexpected token } in JSON"), store)).toEqual({
      status: "error",
      code: "bad_payload",
      message: "Shopify sent a malformed export (bulk JSONL line 42: Unexpected token } in JSON). The run stopped there; nothing after that line was written.",
      retryable: false,
    });
  });

  it("words API failures by their kind, naming Shopify", () => {
    expect(classifyFailure(new ShopifyApiError("Shop: HTTP 503 (gave up after 4 attempts)", "HTTP_503", 503), store)).toEqual({
      status: "error",
      code: "platform_unavailable",
      message: "Shopify could not be reached (Shop: HTTP 503 (gave up after 4 attempts)). The sync will be retried.",
      retryable: true,
    });
    expect(classifyFailure(new ShopifyApiError("Throttled (still throttled after 20 waits)", "THROTTLED", 200), store)).toMatchObject({ code: "rate_limited", retryable: true });
    expect(classifyFailure(new ShopifyApiError("Field 'nope' doesn't exist", "undefinedField", 200), store)).toEqual({
      status: "error",
      code: "bad_request",
      message: "Shopify refused Signalboard's request (Field 'nope' doesn't exist).",
      retryable: false,
    });
  });

  it("calls a Shopify account a store", () => {
    const gone = new ConnectorError("not_found", "shopify", "HTTP 404");
    expect(classifyFailure(gone, store).message).toBe("The store acme.myshopify.com was deleted or is no longer visible on Shopify. Reconnect and pick an account that still exists, or disconnect this one.");
  });
});

describe("classifyFailure for ad platforms", () => {
  it("keeps each platform's own wording", () => {
    const meta = { provider: "meta_ads", externalAccountId: "act_1" };
    expect(classifyFailure(new ConnectorError("auth", "meta_ads", "token expired"), meta).message).toBe(
      "Meta no longer accepts Signalboard's access (the token expired or was revoked). Reconnect Meta Ads to resume syncing.",
    );
    expect(classifyFailure(new ConnectorError("permission", "meta_ads", "denied"), meta).message).toContain("ad account act_1 on Meta Ads");
  });
});

describe("classifyFailure for anything else", () => {
  it("treats status 401/403 and code needs_reauth as a refused token", () => {
    for (const error of [Object.assign(new Error("nope"), { status: 401 }), Object.assign(new Error("nope"), { status: 403 }), Object.assign(new Error("nope"), { code: "needs_reauth" })]) {
      expect(classifyFailure(error, store)).toMatchObject({ status: "needs_reauth", message: SHOPIFY_REAUTH });
    }
  });

  it("does not recognise a failure by its name alone", () => {
    const impostor = Object.assign(new Error("bulk JSONL line 3: bad"), { name: "BulkParseError", lineNumber: 3 });
    expect(classifyFailure(impostor, store)).toEqual({ status: "error", code: "sync_failed", message: "bulk JSONL line 3: bad", retryable: true });
  });

  it("keeps the error's code and message, and retries it", () => {
    expect(classifyFailure(Object.assign(new Error("Shopify answered 503"), { status: 503 }), store)).toEqual({ status: "error", code: "sync_failed", message: "Shopify answered 503", retryable: true });
    expect(classifyFailure(Object.assign(new Error("boom"), { code: "E_BOOM" }))).toMatchObject({ code: "E_BOOM", retryable: true });
  });
});
