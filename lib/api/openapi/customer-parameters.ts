import { CSV_MAX_ROWS } from "@/lib/customers/csv";
import {
  COHORT_GRAINS, CUSTOMER_FORMATS, CUSTOMER_SORTS, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, SEGMENTS, SORT_ORDERS,
} from "@/lib/customers/query";
import type { TCustomerList, TCustomerProfile } from "@/lib/customers/schema";
import type { QueryParameter } from "./report-parameters";

// The customer list's query parameters (their values from lib/customers/query.ts, which checks
// them) and example answers for the reference page.

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

export const CUSTOMER_LIST_QUERY: QueryParameter[] = [
  query("search", "One customer: an email address (matched through its keyed hash, any case), a store customer id (digits), or an `id` from this list.", { type: "string", maxLength: 320 }, "jane@example.com"),
  query("sort", "What to sort by.", { type: "string", enum: [...CUSTOMER_SORTS], default: "last_order" }),
  query("order", "Sort direction. Customers without a value (no predicted LTV yet) come last either way.", { type: "string", enum: [...SORT_ORDERS], default: "desc" }),
  query("limit", `Customers per page (1 to ${MAX_LIMIT}).`, { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  query("offset", `Customers to skip (at most ${MAX_OFFSET}; filter to reach further).`, { type: "integer", minimum: 0, maximum: MAX_OFFSET, default: 0 }),
  query("cohort", "Only the customers whose first order falls in the period starting this day (YYYY-MM-DD: a Monday, a month's or a quarter's first day). Needs `grain`.", { type: "string", format: "date" }, "2026-01-01"),
  query("grain", "The cohort's period.", { type: "string", enum: [...COHORT_GRAINS] }, "month"),
  query("active_offset", "With `cohort`: only those with an order in the period this many periods after the cohort's (0 is the cohort's own).", { type: "integer", minimum: 0, maximum: 1000 }, "1"),
  query("segment", "Only customers of a segment, as the cohort report names them; a customer is in every value it has (each first-order product group, product, code and tag).", { type: "string", enum: [...SEGMENTS] }),
  query("segment_value", "The segment's value: a channel, a product group key, a product id (`title:<lower-cased title>` without one), `yes`/`no` for discount, a discount code, a country code or `unknown`, a tag; `all` for the segment `all`.", { type: "string", maxLength: 200 }),
  query("format", `\`json\` (a page) or \`csv\`: the whole filtered list (at most ${CSV_MAX_ROWS} rows, whatever limit and offset say; \`Signalboard-Total-Rows\` and \`Signalboard-Exported-Rows\` tell them apart), money columns naming the currency.`, { type: "string", enum: [...CUSTOMER_FORMATS], default: "json" }),
];

const summary = {
  id: "ZTphYzNmMmQ5ZGI3YjY1ZjE5MGU4YjBhYjM3NWE0ZWQ5YjY2NzQyZDZkZTM4MWQ5ZGJmNzBjYTg5ZmE5OTAyYjRh",
  email: "j***@example.com",
  first_order_at: "2026-01-14T18:22:05.000Z",
  first_order_day: "2026-01-14",
  first_channel: "google",
  first_products: ["Trail Runner 2"],
  orders: 3,
  net_sales: "312.40",
  gross_profit: "168.05",
  last_order_at: "2026-10-02T09:41:12.000Z",
  last_order_day: "2026-10-02",
  country: "US",
  predicted_ltv_12m: "401.90",
  p_active: 0.7412,
};

export const CUSTOMER_LIST_EXAMPLE: TCustomerList = { currency: "USD", customers: [summary], total: 1, limit: 50, offset: 0, history_note: null };

export const CUSTOMER_PROFILE_EXAMPLE: TCustomerProfile = {
  ...summary,
  email: "jane@example.com",
  email_masked: false,
  history_note: null,
  currency: "USD",
  store_ids: [{ connection_id: "cm3k2x9h40000abcd", connection_name: "example.myshopify.com", customer_id: "7025511832" }],
  first_product_ids: ["8123456789"],
  first_product_groups: ["footwear"],
  first_discount_codes: ["WELCOME10"],
  tags: ["newsletter"],
  ltv_windows: [
    { days: 90, net_sales: "189.50", complete: true },
    { days: 180, net_sales: "189.50", complete: true },
    { days: 365, net_sales: "312.40", complete: false },
  ],
  prediction: {
    p_active: 0.7412, expected_orders_365: 1.31, predicted_90: "38.20", predicted_180: "71.05", predicted_365: "122.80",
    predicted_ltv_12m: "401.90", predicted_at: "2026-12-04T02:10:00.000Z",
  },
  timeline: [
    { kind: "order", order_id: "5501234567", order_name: "#1184", refund_id: null, day: "2026-10-02", at: "2026-10-02T09:41:12.000Z", net_sales: "122.90", gross_profit: "61.40", unconverted: false },
    { kind: "refund", order_id: "5409876543", order_name: "#1042", refund_id: "9012345", day: "2026-01-20", at: "2026-01-20T15:03:44.000Z", net_sales: "-20.00", gross_profit: "-11.00", unconverted: false },
    { kind: "order", order_id: "5409876543", order_name: "#1042", refund_id: null, day: "2026-01-14", at: "2026-01-14T18:22:05.000Z", net_sales: "209.50", gross_profit: "117.65", unconverted: false },
  ],
  timeline_truncated: false,
};
