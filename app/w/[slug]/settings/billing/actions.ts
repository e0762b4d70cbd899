"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { billingEnabled } from "@/lib/billing/config";
import { chooseKeptConnections } from "@/lib/billing/connection-limits";
import { billingProviderOf } from "@/lib/billing/providers";
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
    const provider = await billingProviderOf(workspace.id);
    redirect(await provider.startUpgrade(workspace, { plan: form.get("plan"), interval: form.get("interval") }));
  });
}

/** Sends the owner to the Stripe Customer Portal (change plan, payment method, invoices, cancel). */
export async function openPortalAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await ownerOf(form.get("slug"));
    const provider = await billingProviderOf(workspace.id);
    const link = await provider.manageLink(workspace);
    if (!link) throw new AppError("conflict", `This workspace is billed through ${provider.label}: manage it there.`);
    redirect(link);
  });
}

/** The owner's choice of which connections keep syncing on a plan that allows fewer; applied at once when already on it. */
export async function keepConnectionsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await ownerOf(form.get("slug"));
    const { kept, outcome } = await chooseKeptConnections(workspace.id, {
      storeConnections: form.getAll("storeConnections"),
      otherConnections: form.getAll("otherConnections"),
    });
    revalidatePath(`/w/${workspace.slug}/settings/billing`);
    revalidatePath(`/w/${workspace.slug}/connections`);
    const changed = outcome.paused.length || outcome.resumed.length ? ` ${outcome.resumed.length} resumed, ${outcome.paused.length} paused.` : "";
    const who = kept.length ? kept.map((c) => c.displayName).join(", ") : "the connections syncing now";
    return { ok: true, message: `Saved: ${who} ${kept.length === 1 ? "stays" : "stay"}.${changed}` };
  });
}
