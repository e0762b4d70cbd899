import type { TCustomerJourney, TJourneyOrder } from "@/lib/journeys/schema";

// How the journey's codes read on the page.

type TVisitor = TCustomerJourney["visitors"][number];
type TMerge = TCustomerJourney["merges"][number];

export const EVENT_LABELS: Record<TCustomerJourney["sessions"][number]["events"][number]["event"], string> = {
  identify: "Identified",
  product_viewed: "Viewed a product",
  product_added_to_cart: "Added to cart",
  checkout_started: "Started checkout",
  checkout_completed: "Completed checkout",
};

export const METHOD_LABELS: Record<NonNullable<TJourneyOrder["method"]>, string> = {
  order_id: "matched by the checkout that reported it",
  customer_id: "matched by the store customer id seen on a visitor",
  email: "matched by the customer's email seen on a visitor",
  none: "no visitor matched",
  not_counted: "not counted (a test order, or no included line)",
};

export function linkLabel(link: TVisitor["links"][number]): string {
  if (link.kind === "member") return "Member id";
  if (link.kind === "email") return "Email";
  return link.kind === "order" ? `Order ${link.store_id}` : `Store customer ${link.store_id}`;
}

export const LINK_METHOD_LABELS: Record<TVisitor["links"][number]["method"], string> = {
  identify: "an identify call",
  checkout_completed: "a completed checkout",
  event: "an event carrying it",
};

export const MERGE_REASONS: Record<TMerge["reason"], string> = {
  member_id: "one member id was sent with both customers' emails",
  email_hash: "an order or store customer of theirs was seen with this customer's email at checkout",
  store_id: "a store id was seen with both",
  phone_hash: "both records hold the same phone number",
};

export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
