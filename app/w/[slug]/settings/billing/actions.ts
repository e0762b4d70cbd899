"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { billingEnabled } from "@/lib/billing/config";
import { planProviderFor } from "@/lib/billing/providers";
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
    const provider = planProviderFor((await storedBilling(workspace.id))?.stored.provider ?? "none");
    redirect(await provider.startUpgrade(workspace, { plan: form.get("plan"), interval: form.get("interval") }));
  });
}

/** Sends the owner to the Stripe Customer Portal (change plan, payment method, invoices, cancel). */
export async function openPortalAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await ownerOf(form.get("slug"));
    const provider = planProviderFor((await storedBilling(workspace.id))?.stored.provider ?? "none");
    const link = await provider.manageLink(workspace);
    if (!link) throw new AppError("conflict", `This workspace is billed through ${provider.label}: manage it there.`);
    redirect(link);
  });
}
