import { db } from "@/lib/db/client";
import { lockBilling } from "./apply";
import { logBillingEvent } from "./log";
import { stripeClient } from "./stripe";
import { stripeCall } from "./sync";

// One Stripe customer per workspace: created once, before its first Checkout, and linked when a
// finished Checkout names the workspace.

/** The workspace's Stripe customer, created (once, even when two owners click at once) when it has none. */
export async function ensureStripeCustomer(workspace: { id: string; name: string }): Promise<string> {
  const existing = await db.workspaceBilling.findUnique({ where: { workspaceId: workspace.id }, select: { stripeCustomerId: true } });
  if (existing?.stripeCustomerId) return existing.stripeCustomerId;
  // The idempotency key makes concurrent first clicks get the same customer from Stripe.
  const customer = await stripeCall("customers.create", () =>
    stripeClient().customers.create({ name: workspace.name, metadata: { workspace_id: workspace.id } }, { idempotencyKey: `signalboard-customer-${workspace.id}` }),
  );
  return db.$transaction(async (tx) => {
    const current = await lockBilling(tx, workspace.id);
    if (current?.stripeCustomerId) return current.stripeCustomerId;
    await tx.workspaceBilling.update({ where: { workspaceId: workspace.id }, data: { stripeCustomerId: customer.id } });
    await logBillingEvent(workspace.id, { kind: "customer", message: "Stripe customer created for Checkout.", detail: { customer: customer.id } }, tx);
    return customer.id;
  });
}

export type LinkOutcome = "linked" | "unknown_workspace" | "customer_mismatch";

/** A finished Checkout names its workspace: its customer becomes the workspace's, unless it has another. */
export async function linkCheckoutCustomer(workspaceId: string, customerId: string, stripeEventId: string | null = null): Promise<LinkOutcome> {
  return db.$transaction(async (tx) => {
    const current = await lockBilling(tx, workspaceId);
    if (!current) return "unknown_workspace";
    if (current.stripeCustomerId === customerId) return "linked";
    // Checkout reuses the workspace's customer; another one means the session was not ours to apply.
    if (current.stripeCustomerId) return "customer_mismatch";
    await tx.workspaceBilling.update({ where: { workspaceId }, data: { stripeCustomerId: customerId } });
    await logBillingEvent(workspaceId, { kind: "customer", message: "Checkout completed with a new Stripe customer.", stripeEventId }, tx);
    return "linked";
  });
}
