import Link from "next/link";
import { StatusBadge } from "@/components/connections/status-badge";
import { OnboardingChecklist } from "@/components/onboarding/checklist";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { providerLabel } from "@/lib/connectors/registry";
import { listConnections } from "@/lib/connections/service";
import { onboardingStatus } from "@/lib/onboarding/status";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can, ROLE_LABELS } from "@/lib/tenancy/roles";
import { dismissOnboardingAction } from "./actions";
import { DashboardScreen, type SearchParams } from "./dashboards/dashboard-screen";

export default async function WorkspaceHome({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const context = await requireWorkspacePage((await params).slug);
  const { workspace, role } = context;
  const base = `/w/${workspace.slug}`;
  const [all, onboarding] = await Promise.all([listConnections(workspace.id), onboardingStatus(context)]);
  const connections = all.filter((c) => c.status !== "disconnected");
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  // The home opens the default dashboard: under the data-sources empty state while nothing is
  // connected, above the sync summary once something is.
  const dashboard = (
    <div className="my-6">
      <DashboardScreen context={context} dashboardId={null} searchParams={await searchParams} headingLevel={2} />
    </div>
  );
  return (
    <>
      <PageHeader
        title={workspace.name}
        description={`Reporting in ${workspace.timeZone}, amounts in ${workspace.currency}. You are ${ROLE_LABELS[role].toLowerCase()} here.`}
      />
      {onboarding.visible ? <OnboardingChecklist status={onboarding} slug={workspace.slug} dismiss={dismissOnboardingAction} /> : null}
      {connections.length ? dashboard : null}
      {connections.length ? (
        <Card title="Your data" description="What Signalboard has synced so far. It refreshes by itself every 10 minutes.">
          <ul className="divide-y divide-slate-100" data-testid="data-sources">
            {connections.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="flex items-center gap-2 text-sm font-medium">
                    {c.displayName} <StatusBadge status={c.activeRun ? "syncing" : c.status} />
                  </p>
                  <p className="text-xs text-slate-500">
                    {c.lastSuccessAt ? `Last synced ${when.format(c.lastSuccessAt)}` : "First sync in progress"}
                  </p>
                </div>
                {c.provider === "shopify" || (c.provider === "import" && c.externalAccountId === "orders") ? (
                  <p className="text-sm">
                    <span className="text-lg font-semibold tabular-nums">{c.orders.toLocaleString("en")}</span> orders
                  </p>
                ) : c.provider === "import" ? null : (
                  <p className="text-sm text-slate-500">{providerLabel(c.provider)}</p>
                )}
              </li>
            ))}
          </ul>
          <Link href={`${base}/connections`} className="mt-3 inline-block text-sm text-brand-600 hover:underline">
            Manage connections
          </Link>
        </Card>
      ) : (
        <Card>
          <div className="flex flex-col items-center px-4 py-12 text-center" data-testid="empty-state">
            <div aria-hidden className="grid h-12 w-12 place-items-center rounded-full bg-brand-50 text-xl text-brand-600">
              ◎
            </div>
            <h2 className="mt-4 text-lg font-semibold">No data yet</h2>
            <p className="mt-2 max-w-md text-sm text-slate-600">
              Once your store, ad accounts and analytics are connected, sales, spend and traffic arrive here by themselves and refresh every
              10 minutes.
            </p>
            {can(role, "connections.manage") ? (
              <div className="mt-6 flex flex-wrap justify-center gap-3">
                <Link href={`${base}/connections`} className={buttonClass("primary")}>
                  Connect a store
                </Link>
                <Link href={`${base}/settings/members`} className={buttonClass("secondary")}>
                  Invite your team
                </Link>
              </div>
            ) : (
              <p className="mt-4 text-sm text-slate-500">An admin of this workspace can connect data sources.</p>
            )}
          </div>
        </Card>
      )}
      {connections.length ? null : dashboard}
    </>
  );
}
