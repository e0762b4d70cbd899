"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { BillingInterval } from "@/lib/billing/plans";
import type { EmbeddedBilling } from "@/lib/embedded/billing";
import { callEmbeddedApi, dollars, type EmbeddedFetch } from "./embedded-api";

// Billing inside the embedded app: who bills the shop, its plan, and for owners the plans Shopify
// can bill. Choosing one opens Shopify's confirmation page at the top level (it cannot be framed);
// mounted with `confirmOnLoad` on the view Shopify returns to, it applies what was approved.

const STATUS_LABELS: Record<string, string> = { trialing: "Trial", active: "Active", past_due: "Payment failed", canceled: "Canceled", free: "Free" };

export function ShopifyBillingCard({
  initial = null,
  confirmOnLoad = false,
  fetchImpl,
  openTop,
}: {
  initial?: EmbeddedBilling | null;
  confirmOnLoad?: boolean;
  fetchImpl?: EmbeddedFetch;
  /** Where Shopify's confirmation page opens; the top window by default. */
  openTop?: (url: string) => void;
}) {
  const [billing, setBilling] = useState<EmbeddedBilling | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const call = fetchImpl ?? ((input, init) => fetch(input, init));

  useEffect(() => {
    if (initial && !confirmOnLoad) return;
    let live = true;
    const load = confirmOnLoad ? callEmbeddedApi<EmbeddedBilling>(call, "/api/embedded/billing/confirm", { method: "POST" }) : callEmbeddedApi<EmbeddedBilling>(call, "/api/embedded/billing");
    void load.then((answer) => {
      if (!live) return;
      if (answer.ok) setBilling(answer.body);
      else setError(answer.message);
    });
    return () => {
      live = false;
    };
    // Loaded once per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function choose(plan: string, interval: BillingInterval) {
    setBusy(`${plan}:${interval}`);
    setError(null);
    const answer = await callEmbeddedApi<{ confirmationUrl: string }>(call, "/api/embedded/billing/subscribe", { method: "POST", body: { plan, interval } });
    setBusy(null);
    if (!answer.ok) return setError(answer.message);
    (openTop ?? ((url: string) => window.open(url, "_top")))(answer.body.confirmationUrl);
  }

  return (
    <Card title="Plan and billing">
      <div className="space-y-3">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {!billing ? (
          error ? null : <p className="text-sm text-slate-500">Loading…</p>
        ) : !billing.enabled ? (
          <Notice>{billing.message}</Notice>
        ) : (
          <>
            <dl className="grid gap-3 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-500">Plan</dt>
                <dd className="font-semibold text-slate-900" data-testid="embedded-plan">{billing.plan.name}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Status</dt>
                <dd className="text-slate-900">
                  {STATUS_LABELS[billing.status] ?? billing.status}
                  {billing.status === "trialing" && billing.trialDaysLeft !== null ? `, ${billing.trialDaysLeft === 1 ? "1 day" : `${billing.trialDaysLeft} days`} left` : ""}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Billed through</dt>
                <dd className="text-slate-900" data-testid="embedded-provider">{billing.provider.label}</dd>
              </div>
            </dl>
            <p className="text-sm text-slate-600">{billing.message}</p>
            {billing.mayChange ? (
              <ul className="grid gap-3 sm:grid-cols-2">
                {billing.plans.map((plan) => (
                  <li key={plan.id} className="flex flex-wrap items-center gap-2 rounded-md p-3 ring-1 ring-slate-200">
                    <span className="w-full font-medium text-slate-900">{plan.name}</span>
                    {(["monthly", "yearly"] as const).map((interval) =>
                      plan.priceCents[interval] ? (
                        <Button key={interval} type="button" variant={interval === "monthly" ? "primary" : "secondary"} disabled={busy !== null} onClick={() => choose(plan.id, interval)}>
                          {busy === `${plan.id}:${interval}` ? "Opening Shopify…" : `${dollars(plan.priceCents[interval]!)} ${interval === "monthly" ? "a month" : "a year"}`}
                        </Button>
                      ) : null,
                    )}
                  </li>
                ))}
              </ul>
            ) : billing.provider.id === "shopify" ? (
              <p className="text-sm text-slate-500">{"Only the workspace's owners can change its plan."}</p>
            ) : null}
          </>
        )}
      </div>
    </Card>
  );
}
