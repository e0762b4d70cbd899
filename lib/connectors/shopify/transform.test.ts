import { describe, expect, it } from "vitest";
import { centsToDecimal, decimalToCents, sumDecimals } from "./money";
import type { CustomerNode, LineItemNode, OrderNode, ProductNode, RefundDetailsNode } from "./shapes";
import { customerToFact, gidToBigInt, orderToBundle, productToBundle, utmFromUrl, withRefundDetails } from "./transform";

// Payloads built from Shopify's documented 2026-10 Admin GraphQL shapes (no authentic orders
// response is available to copy; see tests/fixtures/shopify/graphql/README.md). Ids above 2^53 are
// deliberate: they must survive exactly.

const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

const lineItem: LineItemNode = {
  id: "gid://shopify/LineItem/866550311766439020",
  title: "Alpha Pro",
  variantTitle: "Silver",
  vendor: "Signal Audio",
  sku: "AP-SIL",
  quantity: 2,
  product: { id: "gid://shopify/Product/632910392" },
  variant: { id: "gid://shopify/ProductVariant/39072856", inventoryItem: { unitCost: { amount: "420.0", currencyCode: "USD" } } },
  originalUnitPriceSet: usd("1499.0"),
  discountAllocations: [{ allocatedAmountSet: usd("149.9") }, { allocatedAmountSet: usd("20.05") }],
};

const feeLine: LineItemNode = {
  id: "gid://shopify/LineItem/141249953",
  title: "Shipping Fee",
  variantTitle: null,
  vendor: null,
  sku: "",
  quantity: 1,
  product: null,
  variant: null,
  originalUnitPriceSet: usd("9.95"),
  discountAllocations: [],
};

const order: OrderNode = {
  id: "gid://shopify/Order/820982911946154508",
  name: "#1001",
  createdAt: "2026-03-14T15:02:11Z",
  processedAt: "2026-03-14T15:02:10Z",
  updatedAt: "2026-04-02T09:30:00Z",
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  presentmentCurrencyCode: "EUR",
  sourceName: "web",
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  displayFulfillmentStatus: "FULFILLED",
  subtotalPriceSet: usd("2838.05"),
  totalDiscountsSet: usd("169.95"),
  totalShippingPriceSet: usd("0.0"),
  totalTaxSet: usd("205.76"),
  totalPriceSet: { shopMoney: { amount: "3043.81", currencyCode: "USD" }, presentmentMoney: { amount: "2800.31", currencyCode: "EUR" } },
  currentTotalPriceSet: usd("1434.26"),
  customer: { id: "gid://shopify/Customer/207119551" },
  discountCodes: ["SPRING30", "LOYAL5"],
  shippingAddress: { countryCodeV2: "CA", provinceCode: "ON" },
  billingAddress: { countryCodeV2: "US", provinceCode: "NY" },
  taxesIncluded: false,
  risk: { assessments: [{ riskLevel: "MEDIUM" }, { riskLevel: "HIGH" }, { riskLevel: "PENDING" }] },
  customerJourneySummary: {
    firstVisit: {
      landingPage: "https://alpha-hearing.example/products/alpha-pro?utm_source=facebook&utm_medium=paid_social&utm_campaign=spring-sale&fbclid=x1",
      referrerUrl: "https://l.facebook.com/",
      utmParameters: null,
    },
  },
  refunds: [{ id: "gid://shopify/Refund/929361464", createdAt: "2026-04-02T09:30:00Z", totalRefundedSet: usd("1609.55") }],
  lineItems: { nodes: [lineItem, feeLine], pageInfo: { hasNextPage: false, endCursor: null } },
};

describe("orderToBundle", () => {
  const bundle = orderToBundle(order, order.lineItems.nodes);

  it("maps the order with exact ids, shop-currency money and dates", () => {
    expect(bundle.order).toEqual({
      externalId: 820982911946154508n,
      name: "#1001",
      createdAt: new Date("2026-03-14T15:02:11Z"),
      processedAt: new Date("2026-03-14T15:02:10Z"),
      updatedAt: new Date("2026-04-02T09:30:00Z"),
      cancelledAt: null,
      test: false,
      currency: "USD",
      presentmentCurrency: "EUR",
      subtotal: "2838.05",
      totalDiscounts: "169.95",
      totalShipping: "0.0",
      totalTax: "205.76",
      totalPrice: "3043.81",
      currentTotalPrice: "1434.26",
      presentmentTotalPrice: "2800.31",
      financialStatus: "PARTIALLY_REFUNDED",
      fulfillmentStatus: "FULFILLED",
      customerId: 207119551n,
      landingSite: "https://alpha-hearing.example/products/alpha-pro?utm_source=facebook&utm_medium=paid_social&utm_campaign=spring-sale&fbclid=x1",
      referringSite: "https://l.facebook.com/",
      utmSource: "facebook",
      utmMedium: "paid_social",
      utmCampaign: "spring-sale",
      sourceName: "web",
      discountCodes: ["SPRING30", "LOYAL5"],
      countryCode: "CA",
      riskLevel: "high",
      taxesIncluded: false,
      regionCode: "ON",
    });
  });

  it("takes the most severe risk assessment, and none when the order has no risk summary", () => {
    expect(orderToBundle({ ...order, risk: { assessments: [{ riskLevel: "LOW" }, { riskLevel: "NONE" }] } }, []).order.riskLevel).toBe("low");
    expect(orderToBundle({ ...order, risk: { assessments: [{ riskLevel: "PENDING" }] } }, []).order.riskLevel).toBeNull();
    expect(orderToBundle({ ...order, risk: null }, []).order.riskLevel).toBeNull();
  });

  it("takes the region from the address the country came from, never pairing one address's region with another's country", () => {
    expect(orderToBundle({ ...order, shippingAddress: null }, []).order.regionCode).toBe("NY");
    // The shipping address names no country: the billing one gives both.
    expect(orderToBundle({ ...order, shippingAddress: { countryCodeV2: null, provinceCode: "ON" } }, []).order.regionCode).toBe("NY");
    expect(orderToBundle({ ...order, shippingAddress: { countryCodeV2: "CA", provinceCode: null } }, []).order.regionCode).toBeNull();
    // A line read before provinceCode was selected, or a malformed code: no region.
    expect(orderToBundle({ ...order, shippingAddress: { countryCodeV2: "CA" } }, []).order.regionCode).toBeNull();
    expect(orderToBundle({ ...order, shippingAddress: { countryCodeV2: "CA", provinceCode: "Ontario" } }, []).order.regionCode).toBeNull();
  });

  it("takes the billing country when the order has no shipping address, and none when neither has one", () => {
    const billingOnly = orderToBundle({ ...order, shippingAddress: null }, []);
    expect(billingOnly.order.countryCode).toBe("US");
    const noCountry = orderToBundle({ ...order, shippingAddress: { countryCodeV2: null }, billingAddress: null }, []);
    expect(noCountry.order.countryCode).toBeNull();
  });

  it("bounds discount codes and refuses a country that is not two capital letters", () => {
    const many = Array.from({ length: 60 }, (_, i) => `CODE${i}`);
    const long = "X".repeat(300);
    const bounded = orderToBundle({ ...order, discountCodes: [long, "", "CODE0", ...many], shippingAddress: { countryCodeV2: "usa" }, billingAddress: { countryCodeV2: "de" } }, []);
    expect(bounded.order.discountCodes).toHaveLength(50);
    expect(bounded.order.discountCodes[0]).toBe("X".repeat(255));
    // Blanks and repeats dropped; the first 50 kept in order.
    expect(bounded.order.discountCodes.slice(1, 3)).toEqual(["CODE0", "CODE1"]);
    expect(bounded.order.discountCodes.at(-1)).toBe("CODE48");
    expect(bounded.order.countryCode).toBeNull();
  });

  it("sums a line's discount allocations exactly and keeps its unit cost", () => {
    expect(bundle.lineItems[0]).toEqual({
      externalId: 866550311766439020n,
      orderId: 820982911946154508n,
      productId: 632910392n,
      variantId: 39072856n,
      sku: "AP-SIL",
      title: "Alpha Pro",
      variantTitle: "Silver",
      vendor: "Signal Audio",
      quantity: 2,
      unitPrice: "1499.0",
      totalDiscount: "169.95",
      unitCost: "420.0",
    });
  });

  it("maps a custom line (no product, no variant, blank sku) with zero discount", () => {
    expect(bundle.lineItems[1]).toMatchObject({ productId: null, variantId: null, sku: null, vendor: null, totalDiscount: "0.00", unitCost: null });
  });

  it("takes refund headers and leaves their lines to withRefundDetails", () => {
    expect(bundle.refunds).toEqual([
      {
        externalId: 929361464n,
        orderId: 820982911946154508n,
        createdAt: new Date("2026-04-02T09:30:00Z"),
        processedAt: null,
        totalRefunded: "1609.55",
        shippingRefunded: "0",
        currency: "USD",
      },
    ]);
    expect(bundle.refundLineItems).toEqual([]);
  });

  it("prefers Shopify's parsed utmParameters, filling gaps from the landing URL", () => {
    const withUtm = orderToBundle(
      {
        ...order,
        customerJourneySummary: {
          firstVisit: {
            landingPage: "/collections/accessories?utm_source=google&utm_medium=cpc&utm_campaign=brand",
            referrerUrl: null,
            utmParameters: { source: "newsletter", medium: "email", campaign: null },
          },
        },
      },
      [],
    );
    expect([withUtm.order.utmSource, withUtm.order.utmMedium, withUtm.order.utmCampaign]).toEqual(["newsletter", "email", "brand"]);
  });

  it("copes with the nullable parts: no journey, no customer, no tax, cancelled", () => {
    const bare = orderToBundle(
      {
        ...order,
        customer: null,
        customerJourneySummary: null,
        totalTaxSet: null,
        totalDiscountsSet: null,
        subtotalPriceSet: null,
        cancelledAt: "2026-03-15T10:00:00Z",
        displayFinancialStatus: null,
        refunds: [],
      },
      [],
    );
    expect(bare.order).toMatchObject({
      customerId: null,
      landingSite: null,
      referringSite: null,
      utmSource: null,
      totalTax: "0",
      totalDiscounts: "0",
      subtotal: "0",
      cancelledAt: new Date("2026-03-15T10:00:00Z"),
      financialStatus: null,
    });
  });
});

describe("withRefundDetails", () => {
  const details: RefundDetailsNode = {
    id: "gid://shopify/Refund/929361464",
    refundLineItems: {
      nodes: [
        {
          id: "gid://shopify/RefundLineItem/1054849077",
          quantity: 1,
          restockType: "RETURN",
          lineItem: { id: "gid://shopify/LineItem/866550311766439020" },
          subtotalSet: usd("1414.05"),
          totalTaxSet: usd("102.52"),
        },
      ],
      pageInfo: { hasNextPage: false, endCursor: null },
    },
    refundShippingLines: { nodes: [{ id: "gid://shopify/RefundShippingLine/1", subtotalAmountSet: usd("5.0") }, { id: "gid://shopify/RefundShippingLine/2", subtotalAmountSet: usd("2.95") }] },
  };

  it("adds the refund's line items and its refunded shipping", () => {
    const bundle = withRefundDetails(orderToBundle(order, order.lineItems.nodes), [details]);
    expect(bundle.refunds[0]?.shippingRefunded).toBe("7.95");
    expect(bundle.refundLineItems).toEqual([
      {
        externalId: 1054849077n,
        refundId: 929361464n,
        orderId: 820982911946154508n,
        lineItemId: 866550311766439020n,
        quantity: 1,
        subtotal: "1414.05",
        totalTax: "102.52",
        restockType: "RETURN",
      },
    ]);
  });

  it("leaves refunds without details untouched", () => {
    const bundle = withRefundDetails(orderToBundle(order, []), [{ ...details, id: "gid://shopify/Refund/1" }]);
    expect(bundle.refunds[0]?.shippingRefunded).toBe("0");
    expect(bundle.refundLineItems).toEqual([]);
  });
});

describe("customers and products", () => {
  it("maps a customer: email, first order date, count from the UnsignedInt64 string", () => {
    const customer: CustomerNode = {
      id: "gid://shopify/Customer/544365967",
      defaultEmailAddress: { emailAddress: "bob@example.com" },
      numberOfOrders: "3",
      tags: ["vip"],
      createdAt: "2025-01-02T03:04:05Z",
      updatedAt: "2026-05-06T07:08:09Z",
      orders: { nodes: [{ processedAt: "2025-01-02T03:10:00Z" }] },
    };
    expect(customerToFact(customer)).toEqual({
      externalId: 544365967n,
      email: "bob@example.com",
      firstOrderAt: new Date("2025-01-02T03:10:00Z"),
      ordersCount: 3,
      tags: ["vip"],
      createdAt: new Date("2025-01-02T03:04:05Z"),
      updatedAt: new Date("2026-05-06T07:08:09Z"),
    });
    expect(customerToFact({ ...customer, defaultEmailAddress: null, orders: { nodes: [] } })).toMatchObject({ email: null, firstOrderAt: null });
  });

  it("maps a product with its variants and their unit costs", () => {
    const product: ProductNode = {
      id: "gid://shopify/Product/108828309",
      title: "Ear Domes (12 pack)",
      vendor: "Signal Audio",
      productType: "Accessory",
      status: "ACTIVE",
      tags: ["accessory"],
      createdAt: "2024-01-01T00:00:00Z",
      updatedAt: "2026-02-01T00:00:00Z",
      variants: {
        nodes: [
          {
            id: "gid://shopify/ProductVariant/43729076",
            title: "Small",
            sku: "ACC-DOME-S",
            price: "19.00",
            updatedAt: "2026-02-01T00:00:00Z",
            inventoryItem: { id: "gid://shopify/InventoryItem/43729076", unitCost: { amount: "3.0", currencyCode: "USD" } },
          },
          { id: "gid://shopify/ProductVariant/43729077", title: "Large", sku: null, price: "19.00", updatedAt: "2026-02-01T00:00:00Z", inventoryItem: null },
        ],
        pageInfo: { hasNextPage: false, endCursor: null },
      },
    };
    const bundle = productToBundle(product, product.variants.nodes);
    expect(bundle.product).toMatchObject({ externalId: 108828309n, title: "Ear Domes (12 pack)", productType: "Accessory", status: "ACTIVE" });
    expect(bundle.variants).toEqual([
      { externalId: 43729076n, productId: 108828309n, title: "Small", sku: "ACC-DOME-S", price: "19.00", unitCost: "3.0", inventoryItemId: 43729076n, updatedAt: new Date("2026-02-01T00:00:00Z") },
      { externalId: 43729077n, productId: 108828309n, title: "Large", sku: null, price: "19.00", unitCost: null, inventoryItemId: null, updatedAt: new Date("2026-02-01T00:00:00Z") },
    ]);
  });
});

describe("helpers", () => {
  it("reads gids exactly and rejects anything else", () => {
    expect(gidToBigInt("gid://shopify/Order/9007199254740993")).toBe(9007199254740993n);
    expect(gidToBigInt("gid://shopify/LineItem/12?x=1")).toBe(12n);
    expect(() => gidToBigInt("820982911946154508")).toThrow(/global id/);
  });

  it("parses UTM parameters from full URLs and paths, and shrugs at junk", () => {
    expect(utmFromUrl("/?utm_source=tiktok&utm_medium=paid_social")).toEqual({ source: "tiktok", medium: "paid_social", campaign: null });
    expect(utmFromUrl("https://x.example/?utm_campaign=%20bfcm%20")).toEqual({ source: null, medium: null, campaign: "bfcm" });
    expect(utmFromUrl("http://[broken")).toEqual({ source: null, medium: null, campaign: null });
    expect(utmFromUrl(null)).toEqual({ source: null, medium: null, campaign: null });
  });

  it("adds decimal strings without floating point", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.30");
    expect(sumDecimals(["1499.0", "-0.005"])).toBe("1498.995");
    expect(sumDecimals([])).toBe("0.00");
    expect(centsToDecimal(-5)).toBe("-0.05");
    expect(decimalToCents("12.345")).toBe(1235n);
    expect(decimalToCents("-12.345")).toBe(-1235n);
  });
});
