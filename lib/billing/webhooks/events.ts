import type Stripe from "stripe";

// Which Stripe events billing listens to, and what each one points at. Processing never trusts an
// event's copy of an object: it only takes the ids from it and reads the current state from Stripe.

export const STRIPE_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "customer.updated",
] as const;

export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number];

export const isHandledEvent = (type: string): type is StripeEventType => (STRIPE_EVENT_TYPES as readonly string[]).includes(type);

export type EventReferences = {
  customerId: string | null;
  subscriptionId: string | null;
  /** A Checkout Session's workspace (its client_reference_id, else metadata.workspace_id). */
  workspaceRef: string | null;
};

type Loose = Record<string, unknown> | null | undefined;

/** An expandable field's id: Stripe sends either the id or the object. */
const idOf = (value: unknown): string | null => {
  if (typeof value === "string" && value) return value;
  if (value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string") return (value as { id: string }).id;
  return null;
};

const field = (object: Loose, key: string): unknown => (object && typeof object === "object" ? object[key] : undefined);

export function referencesOf(event: Stripe.Event): EventReferences {
  const object = event.data.object as unknown as Loose;
  const type = event.type as string;
  if (type === "checkout.session.completed") {
    const metadata = field(object, "metadata") as Loose;
    const workspaceRef = (field(object, "client_reference_id") as string | null) || (field(metadata, "workspace_id") as string | null) || null;
    return { customerId: idOf(field(object, "customer")), subscriptionId: idOf(field(object, "subscription")), workspaceRef };
  }
  if (type.startsWith("customer.subscription.")) {
    return { customerId: idOf(field(object, "customer")), subscriptionId: idOf(field(object, "id")), workspaceRef: null };
  }
  if (type.startsWith("invoice.")) {
    // Since API 2025-03 an invoice names its subscription under parent.subscription_details.
    const details = field(field(object, "parent") as Loose, "subscription_details") as Loose;
    const subscriptionId = idOf(field(details, "subscription")) ?? idOf(field(object, "subscription"));
    return { customerId: idOf(field(object, "customer")), subscriptionId, workspaceRef: null };
  }
  return { customerId: idOf(field(object, "id")), subscriptionId: null, workspaceRef: null };
}
