import type { Metadata } from "next";
import Link from "next/link";
import { DealsTable, PipelineFigures, PipelineFunnel, RowErrorsTable } from "@/components/crm/pipeline-view";
import { buttonClass } from "@/components/ui/button";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pipelineReport } from "@/lib/crm/pipeline";
import { parsePipelineQuery } from "@/lib/crm/pipeline-query";
import { crmRowErrors } from "@/lib/crm/row-errors";
import { AppError } from "@/lib/errors";
import { workspaceToday } from "@/lib/exceptions/list";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "CRM pipeline" };

const FIELD = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm sm:w-auto";

export default async function CrmPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/crm`;
  const connectHref = `/w/${workspace.slug}/connections`;
  const header = (
    <PageHeader
      title="CRM pipeline"
      description="Deals from your CRM: how they move through each stage, what they are worth, and the offline revenue won ones bring."
    />
  );
  let query;
  try {
    query = parsePipelineQuery(searchParamsOf(await searchParams), await workspaceToday(workspace.id));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 90 days" />;
  }
  const [report, rowErrors] = await Promise.all([pipelineReport(workspace.id, query), crmRowErrors(workspace.id)]);

  if (!report.connected) {
    return (
      <div className="space-y-6">
        {header}
        <Card>
          <div className="space-y-3 py-4 text-center" data-testid="crm-empty">
            <p className="text-sm text-slate-600">No CRM is connected yet. Connect HubSpot to see deals, stages and offline revenue here.</p>
            {can(role, "connections.manage") ? (
              <Link href={connectHref} className={buttonClass("primary")}>
                Connect a CRM
              </Link>
            ) : (
              <p className="text-sm text-slate-500">An admin can connect one under Connections.</p>
            )}
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {header}
      <form action={base} method="get" className="flex flex-wrap items-end gap-3" aria-label="Pick the range">
        <label className="w-full text-sm text-slate-700 sm:w-auto">
          From
          <input type="date" name="date_from" defaultValue={report.range.date_from} className={FIELD} />
        </label>
        <label className="w-full text-sm text-slate-700 sm:w-auto">
          To
          <input type="date" name="date_to" defaultValue={report.range.date_to} className={FIELD} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Show
        </button>
      </form>
      {report.warnings.map((warning) => (
        <Notice key={warning}>{warning}</Notice>
      ))}
      <Card title="Deals" description={`Won and lost deals on the day they closed, open ones on the day they were made, in ${report.currency}.`}>
        <PipelineFigures report={report} />
      </Card>
      <Card title="Pipeline" description="Deals made in the range: how many reached each stage, the share of the stage before that went on, and the days deals stayed in a stage before moving.">
        {report.pipelines.length === 0 ? (
          <Notice>No pipelines synced yet: they arrive with the CRM&apos;s first sync.</Notice>
        ) : (
          <div className="space-y-6">
            {report.pipelines.map((pipeline) => (
              <PipelineFunnel key={pipeline.key} pipeline={pipeline} showCrm={new Set(report.pipelines.map((p) => p.crm)).size > 1} />
            ))}
          </div>
        )}
      </Card>
      <Card
        title="Deals made or closed in the range"
        description={report.deals_total > report.deals.length ? `The newest ${report.deals.length} of ${report.deals_total}.` : undefined}
      >
        {report.deals.length === 0 ? <Notice>No deals were made or closed in this range.</Notice> : <DealsTable report={report} />}
      </Card>
      {rowErrors.total > 0 ? (
        <Card
          title="Rows not taken as sent"
          description={`What the last syncs could not take from the CRM, by field: a refused deal keeps what was stored for it before; a contact whose phone cannot be read is kept without it. Fix them in the CRM and they clear at the next sync.${rowErrors.total > rowErrors.errors.length ? ` The newest ${rowErrors.errors.length} of ${rowErrors.total}.` : ""}`}
        >
          <RowErrorsTable errors={rowErrors.errors} />
        </Card>
      ) : null}
    </div>
  );
}
