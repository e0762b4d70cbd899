import { describe, expect, it } from "vitest";
import {
  ALL_EVENTS,
  cartViewed,
  checkoutCompleted,
  checkoutStarted,
  contextAt,
  pageViewed,
  productAddedToCart,
  productViewed,
  searchSubmitted,
} from "@/tests/fixtures/shopify-pixel/events";
import { campaignParamsOf, mapShopifyPixelEvent, numericId, SHOPIFY_PIXEL_EVENTS } from "./shopify-pixel-map";

describe("mapShopifyPixelEvent", () => {
  it("records every standard event the pixel subscribes to, keyed by Shopify's event id and client id", () => {
    expect(ALL_EVENTS.map((event) => event.name)).toEqual([...SHOPIFY_PIXEL_EVENTS]);
    for (const event of ALL_EVENTS) {
      const mapped = mapShopifyPixelEvent(event);
      expect(mapped, event.name).not.toBeNull();
      expect(mapped!.message_id).toBe(event.id);
      expect(mapped!.anonymous_id).toBe(event.clientId);
      expect(mapped!.timestamp).toBe(event.timestamp);
      expect(mapped!.page_url).toBe(event.context.document.location.href);
      expect(mapped!.context.library).toEqual({ name: "shopify_pixel", version: "1" });
    }
  });

  it("turns page_viewed into a page_view carrying the landing URL's UTM parameters, click id and referrer", () => {
    const mapped = mapShopifyPixelEvent(pageViewed)!;
    expect(mapped.event).toBe("page_view");
    expect(mapped.referrer).toBe("https://www.google.com/");
    expect(mapped.properties).toEqual({});
    expect(mapped.context).toMatchObject({
      page_title: "Alpha Pro – Alpha Hearing",
      utm_source: "google",
      utm_medium: "cpc",
      utm_campaign: "brand",
      gclid: "Cj0KCQiA-abc123",
      locale: "en-US",
      screen: { width: 390, height: 844 },
    });
    expect(mapped.context.user_agent).toContain("iPhone");
  });

  it("ties checkout_completed to the store's order and customer by their numeric ids", () => {
    const mapped = mapShopifyPixelEvent(checkoutCompleted)!;
    expect(mapped.event).toBe("checkout_completed");
    expect(mapped.properties).toEqual({
      checkout_token: "c1-7f3e2a9b4d",
      items: 3,
      value: "2816.33",
      currency: "USD",
      order_id: "5000000001234",
      customer_id: "7000000000042",
    });
  });

  it("never sends the buyer's email, phone or address", () => {
    const sent = JSON.stringify(ALL_EVENTS.map(mapShopifyPixelEvent));
    expect(sent).not.toContain("ada@example.com");
    expect(sent).not.toContain("Main St");
    expect(sent).not.toContain("Lovelace");
  });

  it("keeps amounts as the decimals the store priced, never float artefacts", () => {
    expect(mapShopifyPixelEvent(productViewed)!.properties).toEqual({
      product_id: "8000000001",
      variant_id: "44000000000017",
      sku: "AP-BLK",
      product_title: "Alpha Pro",
      value: "1299.99",
      currency: "USD",
    });
    expect(mapShopifyPixelEvent(productAddedToCart)!.properties).toMatchObject({ quantity: 2, value: "2599.98", variant_id: "44000000000017" });
    expect(mapShopifyPixelEvent(cartViewed)!.properties).toEqual({ quantity: 3, value: "2619.88", currency: "USD" });
    const tiny = { ...productViewed, data: { productVariant: { ...productViewed.data.productVariant, price: { amount: 0.0000001, currencyCode: "USD" } } } };
    expect(mapShopifyPixelEvent(tiny)!.properties.value).toBe("0.0000");
  });

  it("leaves the order id out of checkout steps before the order exists", () => {
    const mapped = mapShopifyPixelEvent(checkoutStarted)!;
    expect(mapped.properties).toEqual({ checkout_token: "c1-7f3e2a9b4d", items: 3, value: "2816.33", currency: "USD" });
  });

  it("records the search query and how many results it found", () => {
    expect(mapShopifyPixelEvent(searchSubmitted)!.properties).toEqual({ query: "wax guards", results: 2 });
  });

  it("ignores events the pixel does not record", () => {
    expect(mapShopifyPixelEvent({ ...pageViewed, name: "product_removed_from_cart" })).toBeNull();
    expect(mapShopifyPixelEvent({ ...pageViewed, name: "clicked" })).toBeNull();
  });

  it("sends no page URL or referrer when the context has none", () => {
    const bare = mapShopifyPixelEvent({ id: "x1", name: "page_viewed", clientId: "c1", timestamp: "2026-11-30T00:00:00Z", context: null, data: {} })!;
    expect(bare).toEqual({ event: "page_view", message_id: "x1", timestamp: "2026-11-30T00:00:00Z", anonymous_id: "c1", properties: {}, context: { library: { name: "shopify_pixel", version: "1" } } });
    const noReferrer = mapShopifyPixelEvent({ ...pageViewed, context: contextAt("https://alpha-hearing.example/") })!;
    expect("referrer" in noReferrer).toBe(false);
  });
});

describe("campaignParamsOf", () => {
  it("reads every UTM parameter and click id, and nothing else", () => {
    const href = "https://shop.example/?utm_source=tiktok&utm_medium=paid_social&utm_campaign=spark&utm_term=t&utm_content=c&utm_id=9&ttclid=T1&gbraid=G&wbraid=W&fbclid=F&msclkid=M&ref=x";
    expect(campaignParamsOf(href)).toEqual({
      utm_source: "tiktok",
      utm_medium: "paid_social",
      utm_campaign: "spark",
      utm_term: "t",
      utm_content: "c",
      utm_id: "9",
      ttclid: "T1",
      gbraid: "G",
      wbraid: "W",
      fbclid: "F",
      msclkid: "M",
    });
  });

  it("finds nothing in a URL that does not parse or has empty parameters", () => {
    expect(campaignParamsOf("not a url")).toEqual({});
    expect(campaignParamsOf("https://shop.example/?utm_source=&gclid=")).toEqual({});
    expect(campaignParamsOf(undefined)).toEqual({});
  });
});

describe("numericId", () => {
  it("takes the number from bare ids and global ids alike", () => {
    expect(numericId("5678")).toBe("5678");
    expect(numericId("gid://shopify/OrderIdentity/5678")).toBe("5678");
    expect(numericId("gid://shopify/Collection/12?variant=3")).toBe("12");
    expect(numericId("gid://shopify/Cart/abc")).toBeNull();
    expect(numericId(null)).toBeNull();
  });
});
