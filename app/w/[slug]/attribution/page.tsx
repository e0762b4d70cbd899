import type { Metadata } from "next";
import Link from "next/link";
import { AttributionControls } from "@/components/attribution/attribution-controls";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { AttributionTable } from "@/components/attribution/attribution-table";
import { DataDrivenEvidence } from "@/components/attribution/data-driven-evidence";
import { AttributionEmpty } from "@/components/attribution/empty-state";
import { MatchRatePanel } from "@/components/attribution/match-rate-panel";
import { ModelComparison } from "@/components/attribution/model-comparison";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { runModelComparison, type TComparisonMeasure } from "@/lib/attribution/comparison";
import { offersDealConversions } from "@/lib/attribution/deal-conversions";
import { dataDrivenEvidence } from "@/lib/attribution/evidence";
import { MODEL_LABELS } from "@/lib/attribution/labels";
import { campaignMatchRate } from "@/lib/attribution/match-rate";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS } from "@/lib/attribution/models";
import { attributionReportParams, CONVERSION_TYPES, GROUP_BY, parseAttributionQuery, runAttributionReport, type TAttributionQuery } from "@/lib/attribution/report";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Attribution" };

const VIEWS = [
  { id: "table", label: "By channel, platform, campaign" },
  { id: "compare", label: "Model comparison" },
  { id: "data-driven", label: "Markov & Shapley" },
] as const;
type View = (typeof VIEWS)[number]["id"];

/** The page's own parameters; the rest are the API's, so a view's URL and its CSV agree. */
const PAGE_ONLY = ["view", "measure"];

function readQuery(search: URLSearchParams): { query: TAttributionQuery; problem: string | null } {
  const params = new URLSearchParams(search);
  for (const name of [...PAGE_ONLY, "format"]) params.delete(name);
  try {
    return { query: parseAttributionQuery(params), problem: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { query: parseAttributionQuery(new URLSearchParams()), problem: error.message };
  }
}

/**
 * The report the query asks for, or the default one with the reason when the plan shows none of
 * its range (402) or its tag is not one of the workspace's (deleted since the link was made).
 */
async function loadReport(workspaceId: string, read: { query: TAttributionQuery; problem: string | null }) {
  try {
    return { ...read, report: await runAttributionReport(workspaceId, read.query) };
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "payment_required" && error.code !== "bad_request")) throw error;
    const query = parseAttributionQuery(new URLSearchParams());
    return { query, problem: error.message, report: await runAttributionReport(workspaceId, query) };
  }
}

export default async function AttributionPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/attribution`;
  const search = searchParamsOf(await searchParams);
  const view: View = VIEWS.find((v) => v.id === search.get("view"))?.id ?? "table";
  const measure: TComparisonMeasure = search.get("measure") === "orders" ? "orders" : "revenue";
  const read = readQuery(search);
  const header = (actions?: React.ReactNode) => (
    <PageHeader
      title="Attribution"
      description="Which channels, platforms and campaigns earned each matched order, under the model you choose, beside what the ad platforms claim."
      actions={actions}
    />
  );

  const { query, report, problem } = await loadReport(workspace.id, read);
  if (report.empty === "no_tracking") {
    return (
      <div>
        {header()}
        <AttributionEmpty reason="no_tracking" slug={workspace.slug} canSetUp={can(role, "settings.manage")} />
      </div>
    );
  }

  const shared = attributionReportParams(report);
  const href = (changes: Record<string, string>) => {
    const next = new URLSearchParams(shared);
    if (view !== "table") next.set("view", view);
    if (view === "compare" && measure !== "revenue") next.set("measure", measure);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    return `${base}?${next.toString()}`;
  };
  const csv = new URLSearchParams(shared);
  csv.set("format", "csv");

  const [campaigns, comparison, evidence, dealsOffered, tags] = await Promise.all([
    campaignMatchRate(workspace.id, report.date_from, report.date_to),
    view === "compare" ? runModelComparison(workspace.id, query, measure) : null,
    view === "data-driven" ? dataDrivenEvidence(workspace.id) : null,
    offersDealConversions(workspace.id),
    db.tag.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);

  return (
    <div className="space-y-6">
      {header(
        <a
          href={`/api/v1/workspaces/${workspace.slug}/reports/attribution?${csv.toString()}`}
          download
          className="rounded-md px-3 py-1.5 text-sm font-medium text-brand-600 ring-1 ring-slate-200 hover:bg-slate-50"
          data-testid="attribution-csv"
        >
          Download CSV
        </a>,
      )}
      {problem ? <Notice tone="error">{problem} Showing the default report instead.</Notice> : null}
      <MatchRatePanel rate={report.match_rate} campaigns={campaigns} />
      <AttributionControls
        action={base}
        values={{ model: report.model, window: report.window, group_by: report.group_by, basis: report.basis, paid_only: report.paid_only, conversion_type: report.conversion_type, date_from: report.date_from, date_to: report.date_to, tag: report.tag ?? "" }}
        options={{
          models: ATTRIBUTION_MODELS.map((m) => ({ value: m, label: MODEL_LABELS[m] })),
          windows: LOOKBACK_WINDOWS,
          groupBy: GROUP_BY,
          // A report of deals asked for by URL keeps its control even where deals are no longer offered.
          conversionTypes: dealsOffered || report.conversion_type !== "order" ? CONVERSION_TYPES : [],
          tags: tags.map((t) => ({ value: t.id, label: t.name })),
        }}
        keep={{ ...(view !== "table" ? { view } : {}), ...(view === "compare" && measure !== "revenue" ? { measure } : {}) }}
      />
      <nav aria-label="Attribution views" className="-mx-1 flex flex-wrap gap-1 border-b border-slate-200 pb-2">
        {VIEWS.map((v) => (
          <Link
            key={v.id}
            href={href({ view: v.id === "table" ? "" : v.id, measure: "" })}
            aria-current={v.id === view ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${v.id === view ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-50"}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {report.empty === "no_matched_orders" ? <AttributionEmpty reason="no_matched_orders" slug={workspace.slug} canSetUp={can(role, "settings.manage")} /> : null}
      <HistoryNote note={comparison?.history_note ?? report.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      {report.warnings.map((warning) => (
        <Notice key={warning}>{warning}</Notice>
      ))}
      <Card>
        {comparison ? (
          <ModelComparison comparison={comparison} measureHref={(m) => href({ view: "compare", measure: m === "revenue" ? "" : m })} />
        ) : evidence ? (
          <DataDrivenEvidence evidence={evidence} />
        ) : report.rows.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="attribution-none">
            No credit and no ad spend in this range under {MODEL_LABELS[report.model]}. Widen the dates, or try another lookback window.
          </p>
        ) : (
          <AttributionTable report={report} />
        )}
      </Card>
      <p className="text-xs text-slate-500">
        Days are the workspace&apos;s ({workspace.timeZone}); amounts in {report.currency}. Credit is computed as orders and visits arrive, and re-computed hourly for
        the last 14 days; the data-driven models are fitted nightly.
      </p>
    </div>
  );
}
