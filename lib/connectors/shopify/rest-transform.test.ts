import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  orderBundleFromRest,
  parseShopifyJson,
  productBundleFromRest,
  refundFromRest,
  restId,
  ShopifyPayloadError,
  sumMoney,
  utmFromLandingSite,
} from "./rest-transform";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../../../tests/fixtures/shopify", name), "utf8");
const ordersCreate = () => parseShopifyJson(fixture("webhook_orders_create.json")) as Record<string, unknown>;
const refundsCreate = () => parseShopifyJson(fixture("webhook_refunds_create.json")) as Record<string, unknown>;

describe("parseShopifyJson", () => {
  it("keeps integers beyond 2^53 exact, as strings, and leaves everything else alone", () => {
    const parsed = parseShopifyJson('{"id": 820982911946154508, "small": 42, "price": 89.99, "neg": -5, "exp": 1e3, "s": "820982911946154508 \\" 9007199254740993"}');
    expect(parsed).toEqual({ id: "820982911946154508", small: 42, price: 89.99, neg: -5, exp: 1000, s: '820982911946154508 " 9007199254740993' });
    // What plain JSON.parse would have done:
    expect(String(JSON.parse('{"id": 820982911946154508}').id)).toBe("820982911946154500");
  });

  it("rejects malformed JSON like JSON.parse", () => {
    expect(() => parseShopifyJson("{")).toThrow(SyntaxError);
  });
});

describe("restId", () => {
  it("prefers the admin_graphql_api_id tail over a rounded numeric id", () => {
    expect(restId(820982911946154500, "gid://shopify/Order/820982911946154508")).toBe(820982911946154508n);
    expect(restId("820982911946154508")).toBe(820982911946154508n);
    expect(restId(450789469)).toBe(450789469n);
    expect(restId(null)).toBeNull();
  });
});

describe("sumMoney", () => {
  it("adds decimal strings exactly", () => {
    expect(sumMoney(["0.10", "0.20"])).toBe("0.30");
    expect(sumMoney(["5.00", "5.00", null])).toBe("10.00");
    expect(sumMoney(["1.005", "2"])).toBe("3.005");
    expect(sumMoney(["-3.50", "1.25"])).toBe("-2.25");
    expect(sumMoney([])).toBe("0.00");
  });
});

describe("utmFromLandingSite", () => {
  it("reads utm parameters from a landing path's query string", () => {
    expect(utmFromLandingSite("/products/x?utm_source=google&utm_medium=cpc&utm_campaign=spring%20sale&fbclid=1")).toEqual({
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "spring sale",
    });
    expect(utmFromLandingSite("https://shop.example.com/?UTM_SOURCE=Newsletter")).toEqual({ utmSource: "Newsletter", utmMedium: null, utmCampaign: null });
    expect(utmFromLandingSite("/")).toEqual({ utmSource: null, utmMedium: null, utmCampaign: null });
    expect(utmFromLandingSite(null)).toEqual({ utmSource: null, utmMedium: null, utmCampaign: null });
  });
});

describe("orderBundleFromRest (orders/create fixture)", () => {
  it("maps the order, taking ids from admin_graphql_api_id where the numeric ids were rounded upstream", () => {
    const { order } = orderBundleFromRest(ordersCreate());
    expect(order).toEqual({
      externalId: 820982911946154508n,
      name: "#9999",
      createdAt: new Date("2022-01-01T00:00:00Z"),
      processedAt: new Date("2022-01-01T00:00:00Z"),
      updatedAt: new Date("2022-01-01T00:00:00Z"),
      cancelledAt: new Date("2022-01-01T00:00:00Z"),
      test: true,
      currency: "USD",
      presentmentCurrency: "USD",
      subtotal: "404.95",
      totalDiscounts: "20.00",
      totalShipping: "10.00",
      totalTax: "0.00",
      totalPrice: "404.95",
      currentTotalPrice: "414.95",
      presentmentTotalPrice: "404.95",
      financialStatus: "voided",
      fulfillmentStatus: null,
      customerId: 115310627314723954n,
      landingSite: null,
      referringSite: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      sourceName: "web",
      discountCodes: [],
      countryCode: "US",
      riskLevel: null,
      taxesIncluded: false,
      regionCode: "KY",
    });
  });

  it("reads discount_codes[].code and the shipping country, else the billing country", () => {
    const body = ordersCreate();
    // discount_codes as the REST Order resource documents it.
    body.discount_codes = [
      { code: "SPRING30", amount: "30.00", type: "fixed_amount" },
      { code: "FREESHIP", amount: "10.00", type: "shipping" },
    ];
    body.shipping_address = null;
    (body.billing_address as Record<string, unknown>).country_code = "CA";
    (body.billing_address as Record<string, unknown>).province_code = "QC";
    expect(orderBundleFromRest(body).order).toMatchObject({ discountCodes: ["SPRING30", "FREESHIP"], countryCode: "CA", regionCode: "QC" });
  });

  it("bounds codes (50, of 255 characters) and leaves a malformed country out", () => {
    const body = ordersCreate();
    body.discount_codes = [{ code: "Y".repeat(400) }, { code: 42 }, { amount: "1.00" }, ...Array.from({ length: 55 }, (_, i) => ({ code: `C${i}` }))];
    (body.shipping_address as Record<string, unknown>).country_code = "United States";
    body.billing_address = { country_code: "us" };
    const { order } = orderBundleFromRest(body);
    expect(order.discountCodes).toHaveLength(50);
    expect(order.discountCodes[0]).toBe("Y".repeat(255));
    expect(order.discountCodes.at(-1)).toBe("C48");
    expect(order.countryCode).toBeNull();
  });

  it("maps every line item with its gid id, the order id, price, quantity and allocated discounts", () => {
    const { lineItems, refunds, refundLineItems } = orderBundleFromRest(ordersCreate());
    expect(lineItems.map((l) => [l.externalId, l.title, l.sku, l.quantity, l.unitPrice, l.totalDiscount])).toEqual([
      [487817672276298554n, "Aviator sunglasses", "SKU2006-001", 1, "89.99", "0.00"],
      [789012345678901234n, "Lens Protection Plan (2 Year)", "LENS-PROTECT-2YR", 1, "19.99", "0.00"],
      [890123456789012345n, "Premium Leather Case", "CASE-LEATHER-PREM", 1, "24.99", "0.00"],
      [976318377106520349n, "Mid-century lounger", "SKU2006-020", 1, "159.99", "0.00"],
      [315789986012684393n, "Coffee table", "SKU2006-035", 1, "119.99", "0.00"],
    ]);
    expect(new Set(lineItems.map((l) => l.orderId))).toEqual(new Set([820982911946154508n]));
    // No gid for products on line items: the (here rounded) numeric id is all the payload has.
    expect(lineItems[0]!.productId).toBe(788032119674292900n);
    expect(lineItems[1]!.productId).toBeNull();
    expect(lineItems.every((l) => l.unitCost === null && l.variantId === null)).toBe(true);
    expect(refunds).toEqual([]);
    expect(refundLineItems).toEqual([]);
  });

  it("sums discount allocations, parses UTM from landing_site and reads presentment money", () => {
    const body = ordersCreate();
    const lines = body.line_items as Record<string, unknown>[];
    lines[3]!.discount_allocations = [
      { amount: "5.00", amount_set: { shop_money: { amount: "5.00", currency_code: "USD" } } },
      { amount: "2.50", amount_set: { shop_money: { amount: "2.50", currency_code: "USD" } } },
    ];
    body.landing_site = "/collections/all?utm_source=meta&utm_medium=paid_social&utm_campaign=bf-2026";
    body.referring_site = "https://l.facebook.com/";
    body.presentment_currency = "EUR";
    body.total_price_set = { shop_money: { amount: "404.95", currency_code: "USD" }, presentment_money: { amount: "371.20", currency_code: "EUR" } };
    const { order, lineItems } = orderBundleFromRest(body);
    expect(lineItems[3]!.totalDiscount).toBe("7.50");
    expect(order).toMatchObject({
      landingSite: "/collections/all?utm_source=meta&utm_medium=paid_social&utm_campaign=bf-2026",
      referringSite: "https://l.facebook.com/",
      utmSource: "meta",
      utmMedium: "paid_social",
      utmCampaign: "bf-2026",
      presentmentCurrency: "EUR",
      presentmentTotalPrice: "371.20",
      totalPrice: "404.95",
    });
  });

  it("maps refunds embedded in an order body onto the order's (exact) id", () => {
    const body = ordersCreate();
    body.refunds = [refundsCreate()];
    const bundle = orderBundleFromRest(body);
    expect(bundle.refunds).toHaveLength(1);
    expect(bundle.refunds[0]!.orderId).toBe(820982911946154508n);
    expect(bundle.refundLineItems).toHaveLength(5);
    expect(bundle.refundLineItems.every((l) => l.orderId === 820982911946154508n && l.refundId === 890088186047892319n)).toBe(true);
    // Refunded line items point at the order's line items.
    const lineIds = new Set(bundle.lineItems.map((l) => l.externalId));
    expect(bundle.refundLineItems.every((l) => lineIds.has(l.lineItemId))).toBe(true);
  });

  it("keeps a cancelled order's cancelled_at and accepts a payload without a customer", () => {
    const body = ordersCreate();
    delete body.customer;
    body.cancelled_at = null;
    const { order } = orderBundleFromRest(body);
    expect(order.customerId).toBeNull();
    expect(order.cancelledAt).toBeNull();
  });

  it("refuses a body without an id or a currency", () => {
    const noId = ordersCreate();
    delete noId.id;
    delete noId.admin_graphql_api_id;
    expect(() => orderBundleFromRest(noId)).toThrow(ShopifyPayloadError);
    expect(() => orderBundleFromRest("nope")).toThrow(ShopifyPayloadError);
  });
});

describe("refundFromRest (refunds/create fixture)", () => {
  it("maps the refund: gid id, successful refund transactions as the total, shop currency", () => {
    const { refund } = refundFromRest(refundsCreate());
    expect(refund).toEqual({
      externalId: 890088186047892319n,
      // refunds/create has no gid for the order: the upstream file's rounded order_id stays rounded.
      orderId: 820982911946154500n,
      createdAt: new Date("2022-01-01T00:00:00Z"),
      processedAt: new Date("2022-01-01T00:00:00Z"),
      totalRefunded: "85.00",
      shippingRefunded: "0.00",
      currency: "USD",
    });
  });

  it("keeps the order id exact when the body is parsed losslessly", () => {
    const raw = fixture("webhook_refunds_create.json").replace('"order_id": 820982911946154500', '"order_id": 820982911946154508');
    expect(refundFromRest(parseShopifyJson(raw)).refund.orderId).toBe(820982911946154508n);
  });

  it("maps refund line items with the refunded line's gid, subtotal and tax as strings", () => {
    const { refundLineItems } = refundFromRest(refundsCreate());
    expect(refundLineItems).toHaveLength(5);
    expect(refundLineItems[0]).toEqual({
      externalId: 487817672276298600n,
      refundId: 890088186047892319n,
      orderId: 820982911946154500n,
      lineItemId: 487817672276298554n,
      quantity: 1,
      subtotal: "89.99",
      totalTax: "0.00",
      restockType: "no_restock",
    });
    expect(refundLineItems.map((l) => l.subtotal)).toEqual(["89.99", "19.99", "24.99", "159.99", "119.99"]);
  });

  it("counts refunded shipping from refund_shipping_lines, else from shipping_refund adjustments", () => {
    const withLines = refundsCreate();
    withLines.refund_shipping_lines = [{ id: 1, subtotal_amount_set: { shop_money: { amount: "10.00", currency_code: "USD" } } }];
    expect(refundFromRest(withLines).refund.shippingRefunded).toBe("10.00");

    const withAdjustment = refundsCreate();
    withAdjustment.order_adjustments = [
      { id: 2, kind: "shipping_refund", amount: "-7.50", amount_set: { shop_money: { amount: "-7.50", currency_code: "USD" } } },
      { id: 3, kind: "refund_discrepancy", amount: "-1.00" },
    ];
    expect(refundFromRest(withAdjustment).refund.shippingRefunded).toBe("7.50");
  });

  it("ignores failed and non-refund transactions in the total", () => {
    const body = refundsCreate();
    const transactions = body.transactions as Record<string, unknown>[];
    transactions[1]!.status = "failure";
    expect(refundFromRest(body).refund.totalRefunded).toBe("75.00");
  });
});

describe("productBundleFromRest (products/update)", () => {
  // Shape of the documented products/update example (no recorded fixture exists for it).
  const body = {
    id: 9554194432293,
    admin_graphql_api_id: "gid://shopify/Product/9554194432293",
    title: "T-Shirt",
    status: "active",
    vendor: "My Store",
    product_type: "Shirts",
    created_at: "2025-04-01T10:00:00-05:00",
    updated_at: "2025-04-22T14:30:00-05:00",
    tags: "cotton, comfortable",
    variants: [
      {
        id: 123456789,
        admin_graphql_api_id: "gid://shopify/ProductVariant/123456789",
        title: "Default Title",
        price: "29.99",
        sku: "TSHIRT-001",
        inventory_item_id: 987654321,
        updated_at: "2025-04-22T14:30:00-05:00",
      },
      { id: 123456790, title: "XL", price: "31.00", sku: "", inventory_item_id: null },
    ],
  };

  it("maps the product, its comma-separated tags and its variants", () => {
    const bundle = productBundleFromRest(body);
    expect(bundle.product).toEqual({
      externalId: 9554194432293n,
      title: "T-Shirt",
      vendor: "My Store",
      productType: "Shirts",
      status: "active",
      tags: ["cotton", "comfortable"],
      createdAt: new Date("2025-04-01T15:00:00Z"),
      updatedAt: new Date("2025-04-22T19:30:00Z"),
    });
    expect(bundle.variants).toEqual([
      {
        externalId: 123456789n,
        productId: 9554194432293n,
        title: "Default Title",
        sku: "TSHIRT-001",
        price: "29.99",
        unitCost: null,
        inventoryItemId: 987654321n,
        updatedAt: new Date("2025-04-22T19:30:00Z"),
      },
      {
        externalId: 123456790n,
        productId: 9554194432293n,
        title: "XL",
        sku: null,
        price: "31.00",
        unitCost: null,
        inventoryItemId: null,
        updatedAt: new Date("2025-04-22T19:30:00Z"),
      },
    ]);
  });
});
