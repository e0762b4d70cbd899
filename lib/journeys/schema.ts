import { z } from "zod";
import { ZHistoryNoteSchema } from "@/lib/billing/history";
import { ATTRIBUTION_MODELS } from "@/lib/attribution/models";

// What the journey API answers, as zod so the OpenAPI document describes exactly what is sent.
// Instants are ISO 8601 in UTC (`time_zone` says how the page shows them); money is a decimal
// string in `currency`. No email is ever in it but the customer's own, masked for viewers, and no
// client address: events keep only hashes of those, and the journey does not show them.

const instant = z.string().describe("ISO 8601, UTC.");
const money = z.string().describe("A decimal string in `currency`.");

export const KEY_EVENTS = ["identify", "product_viewed", "product_added_to_cart", "checkout_started", "checkout_completed"] as const;

const ZLinkSchema = z.object({
  kind: z.enum(["member", "email", "customer", "order"]),
  store_id: z.string().nullable().describe("The store's customer or order id; null for a member id or an email (only their keyed hashes are stored)."),
  method: z.enum(["identify", "checkout_completed", "event"]).describe("How it was first seen: an identify call, a completed checkout, or another event carrying it."),
  message_id: z.string().describe("The event that first proved it."),
  first_seen_at: instant,
  links_customer: z.boolean().describe("Whether this identifier ties the visitor to this customer: it stands for the customer (or one merged into it), or is one of their orders."),
});

const ZVisitorSchema = z.object({
  anonymous_id: z.string(),
  first_seen_at: instant,
  last_seen_at: instant,
  identified_at: instant.nullable(),
  sessions: z.number().int(),
  links: z.array(ZLinkSchema).describe("Every identifier the visitor was seen with, oldest first: the evidence that it is this customer."),
});

const ZMergeSchema = z.object({
  merged_customer_id: z.string().describe("The customer (an id of the customers API) found to be this one."),
  reason: z.enum(["member_id", "email_hash", "store_id", "phone_hash"]).describe("What the two were found to share: a member id sent with both emails, an order or store customer seen with the email at checkout, or a phone number (its E.164 form) in both records."),
  evidence: z.enum(["member", "email", "customer", "order", "phone"]).describe("The kind of identifier that joined them."),
  anonymous_id: z.string().nullable().describe("The visitor the proving event came from; null for a merge found when customers were synced or imported."),
  message_id: z.string().nullable().describe("The proving event; null for a merge found when customers were synced or imported."),
  run_id: z.string().nullable().describe("The sync run or import whose customers proved it; null for a merge proved by an event."),
  merged_at: instant,
});

const ZSessionSchema = z.object({
  id: z.string(),
  anonymous_id: z.string(),
  started_at: instant,
  ended_at: instant,
  channel: z.string(),
  source: z.string().nullable().describe("The UTM source, else the referrer's host, `(direct)` for a direct visit; null for a bot's session."),
  medium: z.string().nullable(),
  campaign: z.string().nullable().describe("The UTM campaign as sent."),
  landing_page: z.string().nullable().describe("Origin and path only: query strings can carry anything a link was given."),
  device: z.string(),
  page_views: z.number().int(),
  is_bot: z.boolean(),
  events: z.array(z.object({ event: z.enum(KEY_EVENTS), count: z.number().int(), first_at: instant }))
    .describe("Key events in the session (page views are only counted), in the order they first happened."),
});

const ZTouchSchema = z.object({
  session_id: z.string(),
  at: instant,
  channel: z.string(),
  source: z.string(),
  medium: z.string(),
  campaign: z.string().nullable(),
  platform: z.string().nullable(),
  paid: z.boolean(),
  direct: z.boolean(),
  share: z.number().nullable().describe("The touch's share of the order, 0 to 1, to 4 places; null when `credits` is `not_fitted`."),
  revenue: money.nullable().describe("Its part of the order's value: the parts of an order sum to exactly its value."),
});

const ZOrderSchema = z.object({
  order_id: z.string(),
  connection_id: z.string(),
  name: z.string().nullable(),
  at: instant,
  value: money.nullable().describe("Net sales attribution shares out (included lines less discounts, at the order day's rate); null until the order is attributed."),
  method: z.enum(["order_id", "customer_id", "email", "none", "not_counted"]).nullable()
    .describe("How the order was matched to a visitor: the checkout's order id, the store customer id, the email; `none`; `not_counted` (a test order, or no included line); null until attributed."),
  credits: z.enum(["shown", "no_touches", "not_fitted", "not_attributed"])
    .describe("`shown`: `touches` hold the credit; `no_touches`: none in the window; `not_fitted`: the data-driven model has no fit yet; `not_attributed`: the order is unmatched, not counted, or not attributed yet."),
  credits_current: z.boolean().describe("False when the journey changed since the order was last attributed: the reports catch up at the next recompute."),
  touches_in_window: z.number().int(),
  touches: z.array(ZTouchSchema).describe("The touches in the window, earliest first (the latest 100 when there are more; `earlier_touches` sums the rest)."),
  earlier_touches: z.object({ count: z.number().int(), share: z.number().nullable(), revenue: money.nullable() }).nullable(),
});

export const ZCustomerJourneySchema = z.object({
  customer: z.object({
    id: z.string(),
    email: z.string().nullable().describe("Whole for members and above, masked for viewers; null when no store knows it."),
    email_masked: z.boolean(),
  }),
  model: z.enum(ATTRIBUTION_MODELS),
  window: z.number().int().describe("Lookback window in days."),
  time_zone: z.string(),
  currency: z.string(),
  visitors: z.array(ZVisitorSchema),
  visitors_total: z.number().int().describe("All the customer's visitors (resolved to them, or matched to one of their orders); the latest seen 100 are listed."),
  merges: z.array(ZMergeSchema).describe("Customers merged into this one, and why; undone merges are left out."),
  sessions: z.array(ZSessionSchema).describe("Newest first."),
  sessions_total: z.number().int().describe("All the visitors' sessions; the latest 200 are listed."),
  orders: z.array(ZOrderSchema).describe("The customer's orders, newest first (the latest 50)."),
  orders_total: z.number().int(),
  history_note: ZHistoryNoteSchema,
});
export type TCustomerJourney = z.infer<typeof ZCustomerJourneySchema>;
export type TJourneySession = TCustomerJourney["sessions"][number];
export type TJourneyOrder = TCustomerJourney["orders"][number];
export type TJourneyVisitor = TCustomerJourney["visitors"][number];
