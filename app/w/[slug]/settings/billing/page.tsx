import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvoicesCard } from "@/components/billing/invoices-card";
import { KeepConnectionsCard } from "@/components/billing/keep-connections-card";
import { UsageCard } from "@/components/billing/usage-card";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { completeCheckoutReturn } from "@/lib/billing/checkout";
import { connectionChoices } from "@/lib/billing/connection-limits";
import { listInvoices } from "@/lib/billing/invoices";
import { billingHistory } from "@/lib/billing/log";
import { PLANS } from "@/lib/billing/plans";
import { billingProviderOf } from "@/lib/billing/providers";
import { billingOf, storedBilling } from "@/lib/billing/state";
import { workspaceUsage } from "@/lib/billing/usage";
import { AppError } from "@/lib/errors";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { keepConnectionsAction, openPortalAction, startCheckoutAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

const STATUS_LABELS = { trialing: "Trial", active: "Active", past_due: "Payment failed", canceled: "Canceled", free: "Free" } as const;

export default async function BillingPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ checkout?: string | string[] }> }) {
  const { workspace } = await requireWorkspacePage((await params).slug, "billing.manage");
  const { checkout } = await searchParams;
  const billing = await billingOf(workspace.id);
  if (!billing.enabled) {
    return (
      <Card title="Billing">
        <Notice>Billing is not enabled on this installation: every feature is available without limits.</Notice>
      </Card>
    );
  }
  if (checkout !== undefined) {
    try {
      await completeCheckoutReturn(workspace, checkout);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") notFound();
      throw error;
    }
  }
  // Read again after a Checkout return may have changed it.
  const view = checkout === undefined ? billing : await billingOf(workspace.id);
  if (!view.enabled) return null;
  const [history, found, provider] = await Promise.all([billingHistory(workspace.id, 20), storedBilling(workspace.id), billingProviderOf(workspace.id)]);
  // A shop installed from the App Store is billed by Shopify even before it subscribes.
  const shopifyBilled = provider.id === "shopify";
  const [invoices, usage, choices] = await Promise.all([
    listInvoices(shopifyBilled ? null : (found?.stored.stripeCustomerId ?? null)),
    workspaceUsage(workspace.id, workspace.timeZone),
    connectionChoices(workspace.id),
  ]);
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: workspace.timeZone });
  const hidden = { slug: workspace.slug };
  const paidPlans = Object.values(PLANS).filter((p) => p.lookupKeys.monthly || p.lookupKeys.yearly);
  const subscribed = Boolean(found?.stored.stripeSubscriptionId) && view.status !== "free";

  return (
    <>
      <Card title="Plan" description="What this workspace is on, and what it allows.">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Plan</dt>
            <dd className="text-lg font-semibold text-slate-900" data-testid="billing-plan">{view.plan.name}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd className="font-medium text-slate-900">{STATUS_LABELS[view.status]}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Billed through</dt>
            <dd className="font-medium text-slate-900" data-testid="billing-provider">{view.provider === "none" && !shopifyBilled ? "Nobody yet" : provider.label}</dd>
          </div>
        </dl>
        <div className="mt-4 space-y-2">
          {view.status === "trialing" && view.trialDaysLeft !== null ? (
            <Notice>
              {view.trialDaysLeft === 1 ? "1 day" : `${view.trialDaysLeft} days`} left in the {view.plan.name} trial
              {view.trialEndsAt ? ` (until ${when.format(view.trialEndsAt)})` : ""}.
            </Notice>
          ) : null}
          {view.status === "past_due" ? (
            <Notice tone="error">
              {view.readOnly
                ? "The last payment failed and the grace period is over: the workspace is read-only until it is paid."
                : `The last payment failed. Everything works until ${view.graceEndsAt ? when.format(view.graceEndsAt) : "the grace period ends"}; update the payment method to keep it that way.`}
            </Notice>
          ) : null}
          {view.status === "canceled" && view.periodEndsAt ? <Notice>Canceled: {view.plan.name} until {when.format(view.periodEndsAt)}, then Free. Data is kept.</Notice> : null}
          {view.status !== "canceled" && view.status !== "free" && found?.stored.cancelAtPeriodEnd ? (
            <Notice>
              Canceled at the period&apos;s end: {view.plan.name} until {view.periodEndsAt ? when.format(view.periodEndsAt) : "the period ends"}, then Free. Data is kept;
              connections beyond Free&apos;s limits are paused, and you choose which stay.
            </Notice>
          ) : null}
          {view.compedUntil !== undefined ? <Notice>{view.plan.name} is granted {view.compedUntil ? `until ${when.format(view.compedUntil)}` : "without end"}.</Notice> : null}
        </div>
      </Card>

      {shopifyBilled ? (
        <Card title="Manage the subscription">
          <Notice>This workspace is billed through Shopify: change or cancel its plan from the Signalboard app in your Shopify admin. Charges appear on your Shopify bill.</Notice>
        </Card>
      ) : (
        <Card title={subscribed ? "Manage the subscription" : "Choose a plan"} description={subscribed ? "Change plan, payment method or cancel in Stripe's portal." : "Checkout is run by Stripe; you come back here afterwards."}>
          {subscribed ? (
            <ActionForm action={openPortalAction} hidden={hidden} label="Open the billing portal">
              <SubmitButton pendingLabel="Opening…">Open the billing portal</SubmitButton>
            </ActionForm>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              {paidPlans.map((plan) => (
                <ActionForm key={plan.id} action={startCheckoutAction} hidden={{ ...hidden, plan: plan.id }} label={`Subscribe to ${plan.name}`} className="rounded-md p-3 ring-1 ring-slate-200">
                  <span className="w-full font-medium text-slate-900">{plan.name}</span>
                  <SubmitButton name="interval" value="monthly" pendingLabel="Opening Checkout…">Monthly</SubmitButton>
                  <SubmitButton name="interval" value="yearly" variant="secondary" pendingLabel="Opening Checkout…">Yearly</SubmitButton>
                </ActionForm>
              ))}
            </div>
          )}
        </Card>
      )}

      {choices ? <KeepConnectionsCard choices={choices} slug={workspace.slug} timeZone={workspace.timeZone} action={keepConnectionsAction} /> : null}

      <UsageCard usage={usage} plan={view.plan} timeZone={workspace.timeZone} />

      {shopifyBilled ? null : <InvoicesCard list={invoices} timeZone={workspace.timeZone} />}

      <Card title="History">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No billing changes yet.</p>
        ) : (
          <DataTable columns={[{ label: "When" }, { label: "What" }]}>
            {history.map((entry, i) => (
              <tr key={i}>
                <td className="whitespace-nowrap py-2 pr-4">{when.format(entry.createdAt)}</td>
                <td className="py-2 pr-4">{entry.message}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
