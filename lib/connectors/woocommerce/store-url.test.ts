import { afterEach, describe, expect, it, vi } from "vitest";
import { assertPublicStore, normaliseStoreUrl, StoreUrlError } from "./store-url";

afterEach(() => vi.unstubAllEnvs());

describe("a WooCommerce store address", () => {
  it("is normalised to https, a lower-case host and no trailing slash, path kept", () => {
    expect(normaliseStoreUrl("Shop.Example.com/")).toBe("https://shop.example.com");
    expect(normaliseStoreUrl(" https://example.com/shop/wp-json/wc/v3/ ")).toBe("https://example.com/shop");
  });

  it.each([
    ["", /Enter the store's address/],
    ["http://shop.example.com", /must start with https/],
    ["https://admin:pw@shop.example.com", /Remove the user name and password/],
    ["https://localhost:8080", /must be public/],
    ["https://192.168.1.20", /must be public/],
    ["https://[::1]", /must be public/],
    ["https://shop.internal", /must be public/],
    ["ftp://shop.example.com", /must start with https/],
  ])("refuses %j", (raw, message) => {
    expect(() => normaliseStoreUrl(raw)).toThrow(StoreUrlError);
    expect(() => normaliseStoreUrl(raw)).toThrow(message);
  });

  it("allows http and private addresses only with SIGNALBOARD_WOOCOMMERCE_ALLOW_PRIVATE=1", () => {
    vi.stubEnv("SIGNALBOARD_WOOCOMMERCE_ALLOW_PRIVATE", "1");
    expect(normaliseStoreUrl("http://localhost:8080")).toBe("http://localhost:8080");
  });

  it("refuses a public name that resolves to a private address", async () => {
    await expect(assertPublicStore("https://shop.example.com", async () => ["10.0.0.5"])).rejects.toThrow(/resolves to a private address/);
    await expect(assertPublicStore("https://shop.example.com", async () => ["93.184.216.34"])).resolves.toBeUndefined();
  });
});
