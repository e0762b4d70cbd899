import { db } from "@/lib/db/client";
import { lockBilling } from "../apply";
import { logBillingEvent } from "../log";
import { syncWorkspaceBilling, type SyncOutcome } from "../sync";

// What a recorded Stripe event does: find its workspace, then re-read the subscription from
// Stripe and apply it. An event for a customer or workspace Signalboard does not know is recorded
// (its receipt keeps the outcome) and changes nothing.

export type StripeEventOutcome = SyncOutcome | "unknown_customer" | "unknown_workspace" | "customer_mismatch";

type Receipt = { id: string; type: string; customerId: string | null; subscriptionId: string | null; workspaceRef: string | null };

/** A finished Checkout names its workspace: its customer becomes the workspace's, once. */
async function linkCheckoutCustomer(receipt: Receipt & { workspaceRef: string; customerId: string }): Promise<StripeEventOutcome | string> {
  return db.$transaction(async (tx) => {
    const current = await lockBilling(tx, receipt.workspaceRef);
    if (!current) return "unknown_workspace" as const;
    if (current.stripeCustomerId === receipt.customerId) return receipt.workspaceRef;
    // Checkout reuses the workspace's customer; another one means the session was not ours to apply.
    if (current.stripeCustomerId) return "customer_mismatch" as const;
    await tx.workspaceBilling.update({ where: { workspaceId: receipt.workspaceRef }, data: { stripeCustomerId: receipt.customerId, provider: "stripe" } });
    await logBillingEvent(receipt.workspaceRef, { kind: "customer", message: "Checkout completed: the workspace is billed through Stripe.", stripeEventId: receipt.id }, tx);
    return receipt.workspaceRef;
  });
}

async function workspaceOfCustomer(customerId: string): Promise<string | null> {
  const rows = await db.workspaceBilling.findMany({ where: { stripeCustomerId: customerId }, select: { workspaceId: true }, take: 2 });
  // A customer belongs to one workspace; should two ever claim one, neither is changed blindly.
  return rows.length === 1 ? rows[0]!.workspaceId : null;
}

export async function processStripeEvent(receipt: Receipt): Promise<StripeEventOutcome> {
  let workspaceId: string | null;
  if (receipt.type === "checkout.session.completed" && receipt.workspaceRef && receipt.customerId) {
    const linked = await linkCheckoutCustomer({ ...receipt, workspaceRef: receipt.workspaceRef, customerId: receipt.customerId });
    if (linked === "unknown_workspace" || linked === "customer_mismatch") return linked;
    workspaceId = linked;
  } else {
    workspaceId = receipt.customerId ? await workspaceOfCustomer(receipt.customerId) : null;
  }
  if (!workspaceId) {
    console.info(`[stripe-webhook] ${receipt.type} ${receipt.id}: no workspace for customer ${receipt.customerId ?? "(none)"}; ignored`);
    return "unknown_customer";
  }
  return syncWorkspaceBilling(workspaceId, { subscriptionId: receipt.subscriptionId, stripeEventId: receipt.id });
}
