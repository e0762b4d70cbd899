// Facts: what the sync engine writes, one type per table, already normalised from whatever the
// Shopify payload looked like (GraphQL page, bulk JSONL line, REST webhook body).
// Ids are Shopify's numeric ids (the tail of the gid). Money is a decimal string in the shop's
// currency unless the name says presentment.

export type Money = string;

export type OrderFact = {
  externalId: bigint;
  name: string;
  createdAt: Date;
  processedAt: Date | null;
  updatedAt: Date;
  cancelledAt: Date | null;
  /** A test order: never counted, never an exception. */
  test: boolean;
  /**
   * False when the store itself says the order is no sale (WooCommerce's pending, failed,
   * cancelled, trash, checkout-draft): kept with its status and judged for the exception list,
   * never counted. Absent means a sale (a Shopify order counts even when cancelled, its refund
   * being a return).
   */
  countsAsSale?: boolean;
  currency: string;
  presentmentCurrency: string;
  subtotal: Money;
  totalDiscounts: Money;
  totalShipping: Money;
  totalTax: Money;
  totalPrice: Money;
  currentTotalPrice: Money;
  presentmentTotalPrice: Money;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  customerId: bigint | null;
  landingSite: string | null;
  referringSite: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  sourceName: string | null;
  /** Codes entered at checkout, bounded by boundDiscountCodes (order-segments.ts). */
  discountCodes: string[];
  /** ISO 3166-1 alpha-2: the shipping address's country, else the billing address's. */
  countryCode: string | null;
  /**
   * The store's fraud assessment, lower-case "low" | "medium" | "high"; null when it gives none.
   * A null never overwrites a stored level (webhook bodies carry no assessment).
   */
  riskLevel: string | null;
  /** Whether line prices include tax (so the total does not add it); null when unknown. */
  taxesIncluded: boolean | null;
  /**
   * The province or state code of the address the country came from (Shopify's provinceCode,
   * e.g. "CA" for California), bounded by regionCodeOrNull (order-segments.ts); null when unknown.
   */
  regionCode: string | null;
};

export type LineItemFact = {
  externalId: bigint;
  orderId: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  unitPrice: Money;
  /** Line-level discounts plus order-level discounts allocated to this line. */
  totalDiscount: Money;
  unitCost: Money | null;
};

export type RefundFact = {
  externalId: bigint;
  orderId: bigint;
  createdAt: Date;
  processedAt: Date | null;
  totalRefunded: Money;
  shippingRefunded: Money;
  currency: string;
};

export type RefundLineItemFact = {
  externalId: bigint;
  refundId: bigint;
  orderId: bigint;
  lineItemId: bigint;
  quantity: number;
  /** Value of the refunded items at their sold price after discounts, before tax. */
  subtotal: Money;
  totalTax: Money;
  restockType: string | null;
};

/** An order with everything that hangs off it: the unit the engine upserts. */
export type OrderBundle = {
  order: OrderFact;
  lineItems: LineItemFact[];
  refunds: RefundFact[];
  refundLineItems: RefundLineItemFact[];
};

export type CustomerFact = {
  externalId: bigint;
  /** Plain text here; the engine encrypts it and stores a keyed hash beside it. */
  email: string | null;
  /** E.164 (normalisePhone in lib/phone); sealed by the engine with its keyed hash beside it. Absent: none known. */
  phone?: string | null;
  firstOrderAt: Date | null;
  ordersCount: number;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type ProductFact = {
  externalId: bigint;
  title: string;
  vendor: string | null;
  productType: string | null;
  status: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type VariantFact = {
  externalId: bigint;
  productId: bigint;
  title: string;
  sku: string | null;
  price: Money;
  unitCost: Money | null;
  inventoryItemId: bigint | null;
  updatedAt: Date;
};

export type ProductBundle = { product: ProductFact; variants: VariantFact[] };

export type ShopInfo = { name: string; domain: string; timeZone: string; currency: string };
