import { z } from "zod";
import { ZHistoryNoteSchema } from "@/lib/billing/history";

// What the customers API answers, as zod so the OpenAPI document describes exactly what is sent.
// Money is a decimal string in the workspace currency, rounded to its minor units; predictions are
// null until an LTV model has been fitted.

const money = z.string().describe("A decimal string in `currency`.");
const day = z.string().describe("A local day of the workspace, YYYY-MM-DD.");
const instant = z.string().describe("ISO 8601, UTC.");

export const ZCustomerSummarySchema = z.object({
  id: z.string().describe("The customer's id in this API and in /w/{slug}/customers/{id}."),
  email: z.string().nullable().describe("Masked (j***@example.com); null when no store knows it."),
  first_order_at: instant,
  first_order_day: day,
  first_channel: z.string(),
  first_products: z.array(z.string()).describe("Titles of the first order's products."),
  orders: z.number().int(),
  net_sales: money,
  gross_profit: money.describe("Net sales minus cost of goods sold, in `currency`."),
  last_order_at: instant,
  last_order_day: day,
  country: z.string().nullable(),
  predicted_ltv_12m: money.nullable().describe("Net sales in the first 12 months, actual plus predicted; null without a model."),
  p_active: z.number().nullable().describe("Probability the customer is still active (0 to 1); null without a model."),
});
export type TCustomerSummary = z.infer<typeof ZCustomerSummarySchema>;

export const ZCustomerListSchema = z.object({
  currency: z.string(),
  customers: z.array(ZCustomerSummarySchema),
  total: z.number().int().describe("Customers matching the filters (with an order in the days the plan shows)."),
  limit: z.number().int(),
  offset: z.number().int(),
  history_note: ZHistoryNoteSchema,
});
export type TCustomerList = z.infer<typeof ZCustomerListSchema>;

export const ZCustomerEventSchema = z.object({
  kind: z.enum(["order", "refund"]),
  order_id: z.string().describe("The store's order id."),
  order_name: z.string().nullable(),
  refund_id: z.string().nullable(),
  day,
  at: instant,
  net_sales: money.describe("What the order added to net sales, or the refund took away (negative)."),
  gross_profit: money,
  unconverted: z.boolean().describe("No exchange rate for the day: counted as 0."),
});

export const ZCustomerProfileSchema = ZCustomerSummarySchema.extend({
  email: z.string().nullable().describe("Whole for members and above, masked for viewers; null when no store knows it."),
  email_masked: z.boolean(),
  currency: z.string(),
  store_ids: z.array(z.object({ connection_id: z.string(), connection_name: z.string().nullable(), customer_id: z.string() })),
  first_product_ids: z.array(z.string()).describe('Product ids as text ("title:<lower-cased title>" for a line without one).'),
  first_product_groups: z.array(z.string()),
  first_discount_codes: z.array(z.string()),
  tags: z.array(z.string()),
  ltv_windows: z
    .array(z.object({ days: z.number().int(), net_sales: money, complete: z.boolean().describe("Whether the window has ended.") }))
    .describe("Net sales within 90, 180 and 365 days of the first order (day 0 is its day)."),
  prediction: z
    .object({
      p_active: z.number().nullable(),
      expected_orders_365: z.number().nullable(),
      predicted_90: money.nullable(),
      predicted_180: money.nullable(),
      predicted_365: money.nullable(),
      predicted_ltv_12m: money.nullable(),
      predicted_at: instant.nullable(),
    })
    .nullable()
    .describe("Predicted revenue over the next 90, 180 and 365 days; null until an LTV model has been fitted."),
  timeline: z.array(ZCustomerEventSchema).describe("Orders and refunds, newest first (those the plan shows)."),
  timeline_truncated: z.boolean(),
  history_note: ZHistoryNoteSchema,
});
export type TCustomerProfile = z.infer<typeof ZCustomerProfileSchema>;
