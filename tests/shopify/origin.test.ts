import { afterEach, describe, expect, it, vi } from "vitest";
import { shopOrigin } from "@/lib/connectors/shopify/origin";

describe("shopOrigin", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is the shop's own https origin by default", () => {
    vi.stubEnv("SHOPIFY_API_BASE", "");
    expect(shopOrigin("acme.myshopify.com")).toBe("https://acme.myshopify.com");
  });

  it("puts every shop under SHOPIFY_API_BASE when it is set", () => {
    vi.stubEnv("SHOPIFY_API_BASE", "http://localhost:3999/");
    expect(shopOrigin("acme.myshopify.com")).toBe("http://localhost:3999/acme.myshopify.com");
  });
});
