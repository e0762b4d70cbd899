import { describe, expect, it } from "vitest";
import { localDate } from "@/lib/time/zone";
import customer from "./fixtures/customer.json";
import order from "./fixtures/order.json";
import product from "./fixtures/product-variable.json";
import refunds from "./fixtures/refunds.json";
import variations from "./fixtures/variations.json";
import wpIndex from "./fixtures/wp-index.json";
import type { WooCustomer, WooOrder, WooProduct, WooRefund, WooVariation, WpIndex } from "./shapes";
import { customerToFact, gmtInstant, orderToBundle, productToBundle, shopInfo, storeTimeZone, WooPayloadError } from "./transform";

const ORDER = order as unknown as WooOrder;
const REFUNDS = refunds as unknown as WooRefund[];
const withStatus = (status: string, changes: Partial<WooOrder> = {}): WooOrder => ({ ...ORDER, status, ...changes });

describe("a WooCommerce order as store facts", () => {
  const bundle = orderToBundle(ORDER, REFUNDS);

  it("dates the order from the _gmt fields, as UTC instants", () => {
    expect(bundle.order.createdAt.toISOString()).toBe("2026-03-01T11:30:12.000Z");
    expect(bundle.order.processedAt?.toISOString()).toBe("2026-03-01T11:30:12.000Z");
    expect(bundle.order.updatedAt.toISOString()).toBe("2026-03-04T20:12:40.000Z");
  });

  it("keeps the totals as decimal strings and the subtotal as lines after discounts plus fees", () => {
    expect(bundle.order).toMatchObject({
      externalId: 727n, name: "#727", currency: "NZD", presentmentCurrency: "NZD",
      subtotal: "85.00", totalDiscounts: "10.00", totalShipping: "10.00", totalTax: "13.50", totalPrice: "108.50",
      // 108.50 - 51.75 - 5.00 refunded
      currentTotalPrice: "51.75",
      financialStatus: "completed", fulfillmentStatus: "fulfilled", test: false, cancelledAt: null, taxesIncluded: false,
      customerId: 26n, sourceName: "checkout", discountCodes: ["autumn10"],
      // Shipped to Australia, billed in New Zealand: the shipping country (and its state) wins.
      countryCode: "AU", regionCode: "NSW",
      utmSource: "google", utmMedium: "cpc", utmCampaign: "autumn-sale", referringSite: "https://www.google.com/",
    });
  });

  it("keeps each line's net exact when its subtotal does not divide by its quantity", () => {
    const single = bundle.lineItems.find((l) => l.externalId === 315n)!;
    // 10.00 / 3 rounds up to 3.3334; the discount takes the 0.0002 back: 3 x 3.3334 - 0.0002 = 10.00.
    expect(single).toMatchObject({ quantity: 3, unitPrice: "3.3334", totalDiscount: "0.0002", productId: 93n, variantId: 93n, sku: "WOO-SINGLE-1", variantTitle: null });
  });

  it("carries a variation line's variant, SKU, attributes and coupon discount", () => {
    expect(bundle.lineItems.find((l) => l.externalId === 316n)).toMatchObject({
      productId: 22n, variantId: 23n, sku: "SYI-BLUE-L", title: "Ship Your Idea - Blue, L", variantTitle: "Blue / L", quantity: 2, unitPrice: "40.00", totalDiscount: "10.00",
    });
  });

  it("makes a fee a line without a product, and a negative fee a discount", () => {
    expect(bundle.lineItems.find((l) => l.externalId === 319n)).toMatchObject({ productId: null, title: "Gift wrapping", quantity: 1, unitPrice: "5.00", totalDiscount: "0.00" });
    const discounted = orderToBundle({ ...ORDER, fee_lines: [{ id: 400, name: "Loyalty credit", total: "-7.50", total_tax: "0.00" }] }, []);
    expect(discounted.lineItems.find((l) => l.externalId === 400n)).toMatchObject({ unitPrice: "0.00", totalDiscount: "7.50" });
  });

  it("puts each refund on its own date with its lines, shipping and fee given back", () => {
    expect(bundle.refunds).toEqual([
      { externalId: 731n, orderId: 727n, createdAt: new Date("2026-03-04T20:12:40Z"), processedAt: null, totalRefunded: "51.75", shippingRefunded: "10.00", currency: "NZD" },
      { externalId: 730n, orderId: 727n, createdAt: new Date("2026-03-02T10:55:00Z"), processedAt: null, totalRefunded: "5.00", shippingRefunded: "0.00", currency: "NZD" },
    ]);
    expect(bundle.refundLineItems).toEqual([
      { externalId: 333n, refundId: 731n, orderId: 727n, lineItemId: 316n, quantity: 1, subtotal: "35.00", totalTax: "5.25", restockType: null },
      { externalId: 332n, refundId: 730n, orderId: 727n, lineItemId: 319n, quantity: 0, subtotal: "5.00", totalTax: "0.00", restockType: null },
    ]);
  });

  it("without the refunds' details still records each refund's amount", () => {
    const partial = orderToBundle(ORDER, null);
    expect(partial.refunds.map((r) => [r.externalId, r.totalRefunded])).toEqual([[731n, "51.75"], [730n, "5.00"]]);
    expect(partial.refundLineItems).toEqual([]);
  });

  it("counts processing, completed, on-hold and refunded orders as sales, and keeps the others as what they are", () => {
    const counted = (status: string) => orderToBundle(withStatus(status), REFUNDS).order.countsAsSale;
    expect(["processing", "completed", "on-hold", "refunded"].map(counted)).toEqual([true, true, true, true]);
    expect(["pending", "failed", "cancelled", "trash", "checkout-draft", "some-plugin-status"].map(counted)).toEqual([false, false, false, false, false, false]);
    expect(orderToBundle(withStatus("cancelled"), []).order.cancelledAt?.toISOString()).toBe("2026-03-04T20:12:40.000Z");
    // None of them is a test order: WooCommerce has none, and a test order would never reach the exception list.
    expect(["pending", "failed", "cancelled", "trash", "checkout-draft"].map((status) => orderToBundle(withStatus(status), []).order.test)).toEqual([false, false, false, false, false]);
  });

  it("says whether prices include tax when the store says so", () => {
    expect(orderToBundle({ ...ORDER, prices_include_tax: true }, REFUNDS).order.taxesIncluded).toBe(true);
    expect(orderToBundle({ ...ORDER, prices_include_tax: undefined }, REFUNDS).order.taxesIncluded).toBeNull();
  });

  it("uses the billing country when there is no shipping address, and no customer for a guest", () => {
    const guest = orderToBundle(withStatus("processing", { customer_id: 0, shipping: { country: "" }, billing: { country: "NZ" } }), []);
    expect(guest.order).toMatchObject({ customerId: null, countryCode: "NZ" });
  });

  it("refuses a payload without a usable id or date instead of storing it", () => {
    expect(() => orderToBundle({ ...ORDER, id: 0 }, [])).toThrow(WooPayloadError);
    expect(() => orderToBundle({ ...ORDER, date_created_gmt: "2026-03-01T11:30:12+13:00" }, [])).toThrow(WooPayloadError);
    expect(() => gmtInstant(null, "date_paid_gmt")).toThrow(/date_paid_gmt/);
  });
});

describe("a store in UTC+13 with orders around midnight", () => {
  const zone = storeTimeZone(wpIndex as WpIndex);
  const placed = (localCreated: string, gmt: string) =>
    orderToBundle(withStatus("processing", { id: 900, date_created: localCreated, date_created_gmt: gmt, date_modified_gmt: gmt, refunds: [] } as Partial<WooOrder>), []).order;

  it("puts an order placed at 00:30 on the local day, not the UTC one", () => {
    const order = placed("2026-03-02T00:30:12", "2026-03-01T11:30:12");
    expect(zone).toBe("Pacific/Auckland");
    expect(localDate(order.processedAt!, zone)).toBe("2026-03-02");
  });

  it("keeps an order placed at 23:50 on the day before", () => {
    const order = placed("2026-03-01T23:50:00", "2026-03-01T10:50:00");
    expect(localDate(order.processedAt!, zone)).toBe("2026-03-01");
  });

  it("dates a refund made the next evening on its own local day", () => {
    const refund = orderToBundle(ORDER, REFUNDS).refunds.find((r) => r.externalId === 730n)!;
    expect(localDate(refund.createdAt, zone)).toBe("2026-03-02");
    expect(localDate(orderToBundle(ORDER, REFUNDS).refunds[0]!.createdAt, zone)).toBe("2026-03-05");
  });

  it("maps a site set to a fixed offset to a zone with that offset", () => {
    const fixed = storeTimeZone({ timezone_string: "", gmt_offset: 13 });
    expect(fixed).toBe("Etc/GMT-13");
    expect(localDate(new Date("2026-03-01T11:30:12Z"), fixed)).toBe("2026-03-02");
    expect(storeTimeZone({ timezone_string: "", gmt_offset: "5.5" })).toBe("Asia/Kolkata");
    expect(storeTimeZone({ timezone_string: "", gmt_offset: 0 })).toBe("UTC");
  });

  it("names the shop from the WordPress index", () => {
    expect(shopInfo(wpIndex as WpIndex, { code: "NZD", name: "New Zealand dollar", symbol: "$" }, "https://shop.example.co.nz")).toEqual({
      name: "Kiwi Outfitters", domain: "shop.example.co.nz", timeZone: "Pacific/Auckland", currency: "NZD",
    });
  });
});

describe("WooCommerce products and customers as facts", () => {
  it("makes a variable product's variations its variants, with SKU and recorded cost", () => {
    const bundle = productToBundle(product as unknown as WooProduct, variations as unknown as WooVariation[]);
    expect(bundle.product).toMatchObject({ externalId: 22n, title: "Ship Your Idea", vendor: "Woo Apparel", productType: "Clothing", status: "publish", tags: ["cotton"] });
    expect(bundle.variants).toEqual([
      { externalId: 23n, productId: 22n, title: "Blue / L", sku: "SYI-BLUE-L", price: "40.00", unitCost: "14.25", inventoryItemId: null, updatedAt: new Date("2026-02-09T20:00:00Z") },
      { externalId: 24n, productId: 22n, title: "Black / S", sku: null, price: "38.50", unitCost: null, inventoryItemId: null, updatedAt: new Date("2026-01-02T23:30:00Z") },
    ]);
  });

  it("makes a simple product its own single variant", () => {
    const simple = { ...(product as unknown as WooProduct), id: 93, type: "simple", sku: "WOO-SINGLE-1", price: "3.50", variations: [] };
    expect(productToBundle(simple, []).variants).toEqual([
      { externalId: 93n, productId: 93n, title: "Default", sku: "WOO-SINGLE-1", price: "3.50", unitCost: null, inventoryItemId: null, updatedAt: new Date("2026-02-09T20:00:00Z") },
    ]);
  });

  it("maps a customer with its email and GMT dates", () => {
    expect(customerToFact(customer as unknown as WooCustomer)).toEqual({
      externalId: 26n, email: "john.doe@example.com", firstOrderAt: null, ordersCount: 0, tags: [],
      createdAt: new Date("2025-11-19T19:15:00Z"), updatedAt: new Date("2026-03-01T11:31:00Z"),
    });
  });
});
