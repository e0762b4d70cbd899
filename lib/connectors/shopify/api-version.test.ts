import { ApiVersion } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "./api-version";

describe("SHOPIFY_API_VERSION", () => {
  it("is a stable version @shopify/shopify-api knows (OAuth and webhooks use that library)", () => {
    expect(Object.values(ApiVersion)).toContain(SHOPIFY_API_VERSION);
    expect(SHOPIFY_API_VERSION).toBe(ApiVersion.October26);
  });
});
