import type { Metadata } from "next";
import Link from "next/link";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { CohortControls } from "@/components/cohorts/cohort-controls";
import { CohortCurves } from "@/components/cohorts/cohort-curves";
import { CohortHeatmap } from "@/components/cohorts/cohort-heatmap";
import { CacTable, CohortTable } from "@/components/cohorts/cohort-tables";
import { LtvDrivers } from "@/components/cohorts/ltv-drivers";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { hasCohorts } from "@/lib/cohorts/cells";
import { parseDriversQuery, runLtvDrivers, type TLtvDrivers } from "@/lib/cohorts/drivers";
import { SEGMENT_LABELS } from "@/lib/cohorts/names";
import { segmentOptions } from "@/lib/cohorts/options";
import { runCohortReport } from "@/lib/cohorts/report";
import { cohortSearchParams, DEFAULT_COHORT_REQUEST, parseCohortQuery, type CohortRequest } from "@/lib/cohorts/request";
import { workspaceHasOrders } from "@/lib/cohorts/status";
import { AppError } from "@/lib/errors";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Cohorts" };

const VIEWS = [
  { id: "heatmap", label: "Heatmap" },
  { id: "curves", label: "LTV curves" },
  { id: "table", label: "Table" },
  { id: "cac", label: "CAC & payback" },
  { id: "drivers", label: "LTV drivers" },
] as const;
type View = (typeof VIEWS)[number]["id"];


function EmptyState({ base, hasOrders }: { base: string; hasOrders: boolean }) {
  return (
    <Card>
      <div className="space-y-3 py-6 text-center" data-testid="cohorts-empty">
        {hasOrders ? (
          <>
            <p className="font-medium text-slate-900">Your customers are being grouped into cohorts.</p>
            <p className="text-sm text-slate-600">This follows the orders the store sync brings in; reload in a minute.</p>
          </>
        ) : (
          <>
            <p className="font-medium text-slate-900">No orders yet, so there are no customers to group.</p>
            <p className="text-sm text-slate-600">Cohorts need orders: connect a store or import orders, and each customer&apos;s first order places them in a cohort.</p>
            <div className="flex flex-wrap justify-center gap-3 text-sm">
              <Link href={`${base}/connections/new`} className="font-medium text-brand-600 hover:underline">Connect a store</Link>
              <Link href={`${base}/imports`} className="font-medium text-brand-600 hover:underline">Import orders</Link>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}

export default async function CohortsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/cohorts`;
  const search = searchParamsOf(await searchParams);
  const view: View = VIEWS.find((v) => v.id === search.get("view"))?.id ?? "heatmap";

  if (!(await hasCohorts(workspace.id))) {
    return (
      <div>
        <PageHeader title="Cohorts" description="Customers grouped by their first order, and what they did next." />
        <EmptyState base={`/w/${workspace.slug}`} hasOrders={await workspaceHasOrders(workspace.id)} />
      </div>
    );
  }

  let request: CohortRequest = DEFAULT_COHORT_REQUEST;
  let problem: string | null = null;
  try {
    request = parseCohortQuery(search, ["view", "window"]).request;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
  }
  let drivers: TLtvDrivers | null = null;
  const loadReport = async (): Promise<{ report: Awaited<ReturnType<typeof runCohortReport>>; error: string | null }> => {
    try {
      return { report: await runCohortReport(workspace.id, request), error: null };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { report: await runCohortReport(workspace.id, DEFAULT_COHORT_REQUEST), error: error.message };
    }
  };
  const [loaded, segments] = await Promise.all([loadReport(), segmentOptions(workspace.id)]);
  const report = loaded.report;
  problem ??= loaded.error;
  if (loaded.error) request = DEFAULT_COHORT_REQUEST;
  if (view === "drivers") {
    const window = search.get("window");
    drivers = await runLtvDrivers(workspace.id, parseDriversQuery(new URLSearchParams(window && ["90", "180", "365"].includes(window) ? { window } : {})));
  }

  const query = cohortSearchParams(request);
  const viewHref = (id: View) => {
    const p = new URLSearchParams(query);
    if (id !== "heatmap") p.set("view", id);
    return `${base}?${p.toString()}`;
  };
  const csvHref = `/api/v1/workspaces/${workspace.slug}/reports/cohorts?${cohortSearchParams(request, "csv").toString()}`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Cohorts"
        description="Customers grouped by the period of their first order (in the workspace time zone), and what they did in each period after."
        actions={
          <a href={csvHref} download className="rounded-md px-3 py-1.5 text-sm font-medium text-brand-600 ring-1 ring-slate-200 hover:bg-slate-50" data-testid="cohorts-csv">
            Download CSV
          </a>
        }
      />
      {problem ? <Notice tone="error">{problem} Showing the default report instead.</Notice> : null}
      <CohortControls
        base={base}
        request={request}
        view={view}
        metrics={report.metrics.map((m) => ({ id: m.id, label: m.label }))}
        segments={segments}
        segmentLabels={SEGMENT_LABELS}
      />
      <nav aria-label="Cohort views" className="-mx-1 flex flex-wrap gap-1 border-b border-slate-200 pb-2">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            href={viewHref(v.id)}
            aria-current={v.id === view ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${v.id === view ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-50"}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <HistoryNote note={(view === "drivers" ? drivers?.history_note : null) ?? report.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      {report.warnings.map((warning) => (
        <Notice key={warning}>{warning}</Notice>
      ))}
      <Card>
        {view === "drivers" ? (
          <div className="space-y-3">
            <nav aria-label="LTV window" className="flex gap-2 text-sm">
              {(["90", "180", "365"] as const).map((w) => (
                <Link
                  key={w}
                  href={`${viewHref("drivers")}&window=${w}`}
                  aria-current={drivers?.window === w ? "true" : undefined}
                  className={`rounded px-2 py-1 ${drivers?.window === w ? "bg-slate-100 font-medium" : "text-brand-600 hover:underline"}`}
                >
                  {w} days
                </Link>
              ))}
            </nav>
            <LtvDrivers drivers={drivers!} />
          </div>
        ) : report.rows.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="cohorts-none">No customers had a first order in this range{request.segment ? " with this segment" : ""}. Widen the dates or clear the filter.</p>
        ) : view === "curves" ? (
          <CohortCurves report={report} />
        ) : view === "table" ? (
          <CohortTable report={report} />
        ) : view === "cac" ? (
          <CacTable report={report} />
        ) : (
          <CohortHeatmap slug={workspace.slug} report={report} />
        )}
      </Card>
      <p className="text-xs text-slate-500">
        Net sales follow the workspace&apos;s revenue basis and exclusions; AOV here is net sales / orders. With &quot;cohort by&quot;, a {report.period} offset sums only the
        cohorts that have reached it, so recent cohorts do not pull the curve down.
      </p>
    </div>
  );
}
