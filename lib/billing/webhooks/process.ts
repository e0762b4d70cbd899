import { db } from "@/lib/db/client";
import { linkCheckoutCustomer } from "../customer";
import { sendPastDueNotices } from "../past-due";
import { syncWorkspaceBilling, type SyncOutcome } from "../sync";
import { logger } from "@/lib/log";

const log = logger("stripe-webhook");

// What a recorded Stripe event does: find its workspace, then re-read the subscription from
// Stripe and apply it. An event for a customer or workspace Signalboard does not know is recorded
// (its receipt keeps the outcome) and changes nothing.

export type StripeEventOutcome = SyncOutcome | "unknown_customer" | "unknown_workspace" | "customer_mismatch";

type Receipt = { id: string; type: string; customerId: string | null; subscriptionId: string | null; workspaceRef: string | null };

async function workspaceOfCustomer(customerId: string): Promise<string | null> {
  const rows = await db.workspaceBilling.findMany({ where: { stripeCustomerId: customerId }, select: { workspaceId: true }, take: 2 });
  // A customer belongs to one workspace; should two ever claim one, neither is changed blindly.
  return rows.length === 1 ? rows[0]!.workspaceId : null;
}

export async function processStripeEvent(receipt: Receipt): Promise<StripeEventOutcome> {
  let workspaceId: string | null;
  if (receipt.type === "checkout.session.completed" && receipt.workspaceRef && receipt.customerId) {
    const linked = await linkCheckoutCustomer(receipt.workspaceRef, receipt.customerId, receipt.id);
    if (linked !== "linked") return linked;
    workspaceId = receipt.workspaceRef;
  } else {
    workspaceId = receipt.customerId ? await workspaceOfCustomer(receipt.customerId) : null;
  }
  if (!workspaceId) {
    log.info("no workspace for the customer; ignored", { type: receipt.type, eventId: receipt.id, customerId: receipt.customerId ?? null });
    return "unknown_customer";
  }
  const outcome = await syncWorkspaceBilling(workspaceId, { subscriptionId: receipt.subscriptionId, stripeEventId: receipt.id });
  // A failed payment is told at once; a mail failure here is left to the schedule, not to the event's retries.
  if (outcome === "applied") await sendPastDueNotices(workspaceId).catch((error) => log.warn("past-due notices not sent", { workspaceId, err: error }));
  return outcome;
}
