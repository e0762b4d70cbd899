import type { Metadata } from "next";
import Link from "next/link";
import { FitNowButton } from "@/components/ltv/fit-now-button";
import { BacktestView, CohortPredictions, ModelSummary, ParameterTable } from "@/components/ltv/model-view";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getLtvModel } from "@/lib/ltv/view";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { fitNowAction } from "./actions";

export const metadata: Metadata = { title: "LTV model" };

export default async function LtvModelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const model = await getLtvModel(workspace);
  const base = `/w/${workspace.slug}`;
  const admin = can(role, "settings.manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Predicted LTV model"
        description="BG/NBD for how often customers buy and when they lapse, Gamma-Gamma for how much they spend, fitted on this workspace's customers each night."
        actions={admin ? <FitNowButton slug={workspace.slug} fitNow={fitNowAction} /> : undefined}
      />
      <p className="text-sm">
        <Link href={`${base}/cohorts`} className="font-medium text-brand-600 hover:underline">Cohorts</Link>
        <span className="text-slate-400"> · </span>
        <Link href={`${base}/customers?sort=predicted_ltv`} className="font-medium text-brand-600 hover:underline">Customers by predicted LTV</Link>
      </p>
      {model.status === "none" ? (
        <Card>
          <div className="space-y-2 py-4 text-center" data-testid="ltv-none">
            <p className="font-medium text-slate-900">No model yet.</p>
            <p className="text-sm text-slate-600">
              The model is fitted each night, and as soon as a store&apos;s history has loaded. It needs at least {model.minimum_customers} customers, {model.minimum_repeat_customers} of them
              with a repeat order{admin ? "; or fit it now." : "."}
            </p>
          </div>
        </Card>
      ) : null}
      {model.status === "not_enough_data" ? (
        <div data-testid="ltv-not-enough-data" className="space-y-3">
          <Notice>{model.reason ?? model.message}</Notice>
          <Card title="What the model needs">
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
              <li>At least {model.minimum_customers} customers: there are {model.customers}.</li>
              <li>At least {model.minimum_repeat_customers} customers who ordered again: there are {model.repeat_customers}.</li>
              <li>Enough history for their habits to show; the backtest also needs 270 days of orders.</li>
            </ul>
            <p className="mt-3 text-sm text-slate-600">
              More orders arrive with each sync; the model is fitted again each night. <Link href={`${base}/connections`} className="font-medium text-brand-600 hover:underline">Connections</Link>
            </p>
          </Card>
        </div>
      ) : null}
      {model.status === "failed" ? (
        <div data-testid="ltv-failed">
          <Notice tone="error">{model.reason ?? model.message}</Notice>
        </div>
      ) : null}
      {model.status !== "none" ? <ModelSummary model={model} timeZone={workspace.timeZone} /> : null}
      {model.status === "fitted" && model.parameters ? (
        <>
          <Card title="Parameters" description="Fitted by maximum likelihood; a transaction is a day with an order, time is in weeks.">
            <ParameterTable parameters={model.parameters} />
          </Card>
          {model.backtest ? <BacktestView backtest={model.backtest} currency={model.currency} /> : null}
          <CohortPredictions cohorts={model.cohorts} currency={model.currency} />
        </>
      ) : null}
    </div>
  );
}
