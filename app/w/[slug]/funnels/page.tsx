import type { Metadata } from "next";
import Link from "next/link";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { BreakdownTable } from "@/components/funnels/breakdown-table";
import { SummaryNote } from "@/components/funnels/summary-note";
import { FunnelBars } from "@/components/funnels/funnel-bars";
import { FunnelBuilder } from "@/components/funnels/funnel-builder";
import { DeleteFunnelForm, SaveFunnelForm } from "@/components/funnels/save-funnel-form";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { TrackingSetupLink } from "@/components/tracking/setup-link";
import { AppError } from "@/lib/errors";
import { DEFAULT_DEFINITION, type TFunnelDefinition } from "@/lib/funnels/definition";
import { funnelEventChoices, hasTrackedEvents } from "@/lib/funnels/events";
import { runFunnelReport, type FunnelReport } from "@/lib/funnels/report";
import { funnelSearchParams, parseFunnelQuery, type FunnelRange } from "@/lib/funnels/request";
import { getFunnel, listFunnels } from "@/lib/funnels/service";
import { can } from "@/lib/tenancy/roles";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { deleteFunnelAction, saveFunnelAction } from "./actions";

export const metadata: Metadata = { title: "Funnels" };


function NoTracking({ slug, canSetUp }: { slug: string; canSetUp: boolean }) {
  return (
    <Card>
      <div className="space-y-3 py-6 text-center" data-testid="funnels-no-tracking">
        <p className="font-medium text-slate-900">No tracked events yet, so there is no funnel to draw.</p>
        <p className="text-sm text-slate-600">
          Funnels follow visitors through your store&apos;s pages and checkout. Install the tracking snippet on your store (or the Shopify web pixel): create a
          write key under Settings, Tracking, and paste the loader it shows into your theme. Events appear here within a minute.
        </p>
        <TrackingSetupLink slug={slug} canSetUp={canSetUp} />
      </div>
    </Card>
  );
}

/** The query's funnel, or the default one with the reason when the query cannot be run. */
async function loadFunnel(workspaceId: string, search: URLSearchParams): Promise<{ definition: TFunnelDefinition; range: FunnelRange; report: FunnelReport; problem: string | null }> {
  try {
    const query = parseFunnelQuery(search);
    const definition = query.definition ?? (await getFunnel(workspaceId, query.funnelId!));
    return { definition, range: query.range, report: await runFunnelReport(workspaceId, definition, query.range, { includeBots: query.includeBots }), problem: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { definition: DEFAULT_DEFINITION, range: {}, report: await runFunnelReport(workspaceId, DEFAULT_DEFINITION), problem: error.message };
  }
}

export default async function FunnelsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/funnels`;
  const header = <PageHeader title="Funnels" description="Where visitors drop off between the steps that lead to an order." />;
  if (!(await hasTrackedEvents(workspace.id))) {
    return (
      <div>
        {header}
        <NoTracking slug={workspace.slug} canSetUp={can(role, "settings.manage")} />
      </div>
    );
  }

  const [{ definition, report, problem }, saved, events] = await Promise.all([
    loadFunnel(workspace.id, searchParamsOf(await searchParams)),
    listFunnels(workspace.id),
    funnelEventChoices(workspace.id),
  ]);
  const range = { date_from: report.date_from, date_to: report.date_to };
  const canEdit = can(role, "dashboards.edit");
  const csvHref = `/api/v1/workspaces/${workspace.slug}/reports/funnels?${funnelSearchParams(definition, range, { format: "csv" }).toString()}`;
  const unit = report.count_by === "session" ? "sessions" : "visitors";

  return (
    <div className="space-y-6">
      {header}
      {problem ? <Notice tone="error">{problem} Showing the default funnel instead.</Notice> : null}
      <HistoryNote note={report.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <Card title="Saved funnels">
        {saved.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="funnels-none-saved">No saved funnels yet. Build one below and save it to come back to it, or to show it on a dashboard.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="funnels-saved">
            {saved.map((funnel) => (
              <li key={funnel.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`${base}?${funnelSearchParams(funnel, range).toString()}`} className="min-w-0 truncate text-sm font-medium text-brand-600 hover:underline">
                  {funnel.name}
                </Link>
                <span className="text-xs text-slate-500">{funnel.steps.length} steps · {funnel.window_days}-day window</span>
                {canEdit ? <DeleteFunnelForm slug={workspace.slug} id={funnel.id} name={funnel.name} action={deleteFunnelAction} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Build a funnel">
        <FunnelBuilder key={JSON.stringify([definition, range])} base={base} definition={definition} range={range} events={events} />
      </Card>
      <Card
        title="Conversion"
        description={`${report.date_from} to ${report.date_to} (${report.time_zone}), ${unit}, ${report.window_days}-day window from the first step.${
          report.bots_excluded > 0 ? ` ${report.bots_excluded.toLocaleString("en-US")} bot ${unit} left out.` : ""
        }`}
      >
        <div className="space-y-4">
          <SummaryNote summary={report.summary} />
          {report.total.steps[0]!.count === 0 ? (
            <p className="text-sm text-slate-600" data-testid="funnels-nobody">Nobody entered this funnel in this range. Widen the dates or start from another event.</p>
          ) : null}
          <FunnelBars report={report} />
          <div className="flex flex-wrap gap-3">
            <a href={csvHref} download className="rounded-md px-3 py-1.5 text-sm font-medium text-brand-600 ring-1 ring-slate-200 hover:bg-slate-50">
              Download CSV
            </a>
          </div>
          {canEdit ? <SaveFunnelForm slug={workspace.slug} definition={definition} action={saveFunnelAction} /> : null}
        </div>
      </Card>
      {report.breakdown ? (
        <Card title="Breakdown">
          <BreakdownTable report={report} />
        </Card>
      ) : null}
    </div>
  );
}
