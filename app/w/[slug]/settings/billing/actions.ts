"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { openPortal, startCheckout } from "@/lib/billing/checkout";
import { billingEnabled } from "@/lib/billing/config";
import { storedBilling } from "@/lib/billing/state";
import { AppError } from "@/lib/errors";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

async function ownerOf(slug: FormDataEntryValue | null) {
  const context = await requireWorkspaceAction(slug, "billing.manage");
  if (!billingEnabled()) throw new AppError("conflict", "Billing is not enabled on this installation.");
  return context;
}

/** Sends the owner to Stripe Checkout for the plan and interval chosen. */
export async function startCheckoutAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await ownerOf(form.get("slug"));
    redirect(await startCheckout(workspace, { plan: form.get("plan"), interval: form.get("interval") }));
  });
}

/** Sends the owner to the Stripe Customer Portal (change plan, payment method, invoices, cancel). */
export async function openPortalAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await ownerOf(form.get("slug"));
    const found = await storedBilling(workspace.id);
    redirect(await openPortal(workspace, found?.stored.stripeCustomerId ?? null));
  });
}
