// The parts of WooCommerce's REST API v3 answers (/wp-json/wc/v3/...) that Signalboard reads.
// Money is a decimal string in the store's currency; `*_gmt` dates are UTC wall times without an
// offset ("2026-03-01T11:30:00"); ids are integers. Only the fields used are typed.

export type WooMeta = { id?: number; key: string; value: unknown; display_key?: string; display_value?: unknown };

export type WooAddress = { country?: string | null; state?: string | null; email?: string | null };

export type WooLineItem = {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  /** Before discounts, without tax. */
  subtotal: string;
  subtotal_tax: string;
  /** After discounts, without tax. */
  total: string;
  total_tax: string;
  sku: string | null;
  meta_data: WooMeta[];
};

export type WooFeeLine = { id: number; name: string; total: string; total_tax: string };
export type WooShippingLine = { id: number; method_title: string; method_id: string; total: string; total_tax: string };
export type WooCouponLine = { id: number; code: string; discount: string; discount_tax: string };
export type WooTaxLine = { id: number; rate_code: string; label: string; tax_total: string; shipping_tax_total: string };

/** An order's refund as the order lists it: `total` is negative. */
export type WooRefundHeader = { id: number; reason: string; total: string };

export type WooOrder = {
  id: number;
  parent_id: number;
  number: string;
  status: string;
  currency: string;
  created_via: string;
  date_created_gmt: string;
  date_modified_gmt: string;
  date_paid_gmt: string | null;
  date_completed_gmt: string | null;
  discount_total: string;
  shipping_total: string;
  total: string;
  total_tax: string;
  prices_include_tax?: boolean;
  customer_id: number;
  billing: WooAddress;
  shipping: WooAddress;
  payment_method: string;
  meta_data: WooMeta[];
  line_items: WooLineItem[];
  tax_lines: WooTaxLine[];
  shipping_lines: WooShippingLine[];
  fee_lines: WooFeeLine[];
  coupon_lines: WooCouponLine[];
  refunds: WooRefundHeader[];
};

/** A refund's line: quantities and amounts are negative; `_refunded_item_id` names the order's line. */
export type WooRefundLine = { id: number; quantity: number; total: string; total_tax: string; meta_data: WooMeta[] };

export type WooRefund = {
  id: number;
  date_created_gmt: string;
  /** Positive. */
  amount: string;
  reason: string;
  line_items: WooRefundLine[];
  shipping_lines?: WooRefundLine[];
  fee_lines?: WooRefundLine[];
};

export type WooTerm = { id: number; name: string; slug?: string };

export type WooProduct = {
  id: number;
  name: string;
  type: string;
  status: string;
  sku: string;
  price: string;
  date_created_gmt: string;
  date_modified_gmt: string;
  categories: WooTerm[];
  tags: WooTerm[];
  /** WooCommerce 9.6+ (Brands). */
  brands?: WooTerm[];
  variations: number[];
  meta_data: WooMeta[];
};

export type WooVariation = {
  id: number;
  sku: string;
  price: string;
  date_modified_gmt: string;
  attributes: { id: number; name: string; option: string }[];
  meta_data: WooMeta[];
};

export type WooCustomer = {
  id: number;
  email: string;
  date_created_gmt: string;
  date_modified_gmt: string | null;
  role: string;
  /** Present in older REST versions only. */
  orders_count?: number;
};

/** The WordPress REST index at /wp-json/: public, and where a store names its zone and APIs. */
export type WpIndex = {
  name: string;
  url: string;
  home?: string;
  gmt_offset: number | string;
  timezone_string: string;
  namespaces: string[];
};

export type WooCurrency = { code: string; name: string; symbol: string };

export type WooWebhook = { id: number; topic: string; delivery_url: string; status: string };
