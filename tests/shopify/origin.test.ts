import { afterEach, describe, expect, it, vi } from "vitest";
import { isDownloadable, shopOrigin } from "@/lib/connectors/shopify/origin";

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

describe("isDownloadable", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("takes https only, and the stand-in's own address when SHOPIFY_API_BASE is set", () => {
    vi.stubEnv("SHOPIFY_API_BASE", "");
    expect(isDownloadable("https://storage.googleapis.com/bulk.jsonl")).toBe(true);
    expect(isDownloadable("http://localhost:3999/__bulk/x.jsonl")).toBe(false);
    vi.stubEnv("SHOPIFY_API_BASE", "http://localhost:3999");
    expect(isDownloadable("http://localhost:3999/__bulk/x.jsonl")).toBe(true);
    expect(isDownloadable("http://localhost:39990/__bulk/x.jsonl")).toBe(false);
    expect(isDownloadable("http://elsewhere.example/x.jsonl")).toBe(false);
  });
});
