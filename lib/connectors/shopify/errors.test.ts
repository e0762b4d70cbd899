import { describe, expect, it } from "vitest";
import { ConnectorError } from "../common/errors";
import { MALFORMED_EXPORT_LINE } from "../common/errors";
import { BulkParseError, ShopifyApiError, ShopifyAuthError } from "./errors";

describe("Shopify errors are ConnectorErrors", () => {
  it("ShopifyAuthError is an auth failure of provider shopify, keeping its name and status", () => {
    const error = new ShopifyAuthError("Shop: HTTP 401", 401);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ name: "ShopifyAuthError", kind: "auth", provider: "shopify", status: 401, retryable: false });
    expect(new ShopifyAuthError("no refresh token").status).toBeNull();
  });

  it.each([
    ["HTTP_503", 503, "transient"],
    ["NETWORK", null, "transient"],
    ["INTERNAL_SERVER_ERROR", 200, "transient"],
    ["INVALID_RESPONSE", 200, "transient"],
    ["BULK_TIMEOUT", null, "transient"],
    ["THROTTLED", 200, "rate_limited"],
    ["HTTP_429", 429, "rate_limited"],
    ["NO_DATA", 200, "bad_response"],
    ["BAD_TOKEN_RESPONSE", null, "bad_response"],
    ["MAX_COST_EXCEEDED", 200, "bad_request"],
    ["undefinedField", 200, "bad_request"],
    ["HTTP_404", 404, "bad_request"],
    ["INVALID_SHOP", null, "bad_request"],
  ] as const)("ShopifyApiError %s (HTTP %s) is %s", (code, status, kind) => {
    const error = new ShopifyApiError("message", code, status);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ name: "ShopifyApiError", kind, provider: "shopify", code, providerCode: code, status });
    expect(error.retryable).toBe(kind === "transient" || kind === "rate_limited");
  });

  it("BulkParseError is a bad response that keeps its line number", () => {
    const error = new BulkParseError(42, "malformed JSON");
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ name: "BulkParseError", kind: "bad_response", provider: "shopify", lineNumber: 42, providerCode: MALFORMED_EXPORT_LINE });
    expect(error.message).toBe("bulk JSONL line 42: malformed JSON");
  });
});
