import type { Metadata } from "next";
import { ConverterTable, CountingRules, OWNED_RULES, OwnedReportFilters, OwnedReportTable } from "@/components/owned/owned-report";
import { PLATFORM_TOTALS_NOTE, PlatformTotalsTable } from "@/components/owned/platform-totals";
import { PopupReportTable } from "@/components/owned/popup-report";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { workspaceToday } from "@/lib/exceptions/list";
import { ownedReportSearch, parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedCampaignName, ownedConverters, ownedFolders, ownedReport } from "@/lib/owned/report/report";
import { popupSection } from "@/lib/owned/popups/report";
import { OWNED_CHANNELS } from "@/lib/owned/types";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Owned channels" };

export default async function OwnedChannelsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/channels/owned`;
  const header = (
    <PageHeader
      title="Owned channels"
      description="Your email, SMS, push and chat sends measured like ads: delivery, opens, human clicks and the orders they led to."
      actions={
        <span className="flex flex-wrap gap-4">
          <a href={`/w/${workspace.slug}/channels/folders`} className="text-sm text-sky-700 underline-offset-2 hover:underline">Folders</a>
          <a href={`/w/${workspace.slug}/channels/costs`} className="text-sm text-sky-700 underline-offset-2 hover:underline">Costs and ROAS</a>
        </span>
      }
    />
  );
  let query;
  try {
    query = parseOwnedReportQuery(searchParamsOf(await searchParams), await workspaceToday(workspace.id));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 30 days" />;
  }
  // A campaign named in the URL that is not this workspace's is the same 404 as a missing one.
  const campaign = query.campaignId ? await ownedCampaignName(workspace.id, query.campaignId) : null;
  if (query.campaignId && !campaign) notFound();
  const [report, folders, converters, popups] = await Promise.all([
    ownedReport(workspace.id, query),
    ownedFolders(workspace.id),
    query.campaignId ? ownedConverters(workspace.id, query) : null,
    popupSection(workspace.id, query),
  ]);
  const drill = (campaignId: string) => `${base}?${ownedReportSearch(query, { campaign: campaignId, template: null })}`;

  return (
    <div className="space-y-6">
      {header}
      <Card>
        <div className="space-y-4">
          <OwnedReportFilters
            action={base} dateFrom={query.dateFrom} dateTo={query.dateTo} channel={query.channel ?? ""} folder={query.folderId ?? ""}
            folders={folders} channels={OWNED_CHANNELS} campaign={query.campaignId}
          />
          {campaign ? (
            <p className="text-sm text-slate-700">
              <a href={`${base}?${ownedReportSearch(query, { campaign: null, template: null })}`} className="text-sky-700 underline-offset-2 hover:underline">
                All campaigns and flows
              </a>{" "}
              / <span className="font-medium">{campaign.name}</span> ({campaign.kind}): its messages
            </p>
          ) : null}
          {report.pending_days > 0 ? (
            <Notice>
              Figures are being updated: recent sends, opens or clicks of {report.pending_days === 1 ? "1 day" : `${report.pending_days} days`} in
              this range are still being counted. Reload in a minute for the complete figures.
            </Notice>
          ) : null}
          {report.rows.length === 0 ? (
            <Notice>No sends in this range. Sends arrive through the sends API, a CSV import or a connected email tool.</Notice>
          ) : (
            <OwnedReportTable report={report} hrefFor={(row) => (campaign ? null : drill(row.campaign_id))} />
          )}
          {report.rows.length > 0 ? (
            <p className="text-sm text-slate-600">
              All rows: {report.totals.sends} sends, {report.totals.opens} opens, {report.totals.clicks} human clicks,{" "}
              {report.totals.conversions.click.count + report.totals.conversions.open.count + report.totals.conversions.session.count} conversions (revenue in {report.currency}).
            </p>
          ) : null}
        </div>
      </Card>
      {report.platform_totals.length > 0 ? (
        <Card title="The platform's own figures" description={PLATFORM_TOTALS_NOTE}>
          <PlatformTotalsTable rows={report.platform_totals} />
        </Card>
      ) : null}
      {converters ? (
        <Card title="Orders it led to" description="The newest attributed orders of these sends; a member's links to their profile.">
          {converters.converters.length === 0 ? (
            <Notice>No orders were attributed to these sends yet.</Notice>
          ) : (
            <ConverterTable converters={converters.converters} profileHref={(id) => `/w/${workspace.slug}/customers/${id}`} />
          )}
        </Card>
      ) : null}
      {popups.length > 0 ? (
        <Card
          title="On-site messages (web_popup)"
          description="Shows and clicks the snippet reported; conversions are checkouts within 24 h of a visitor's first show (or, in the holdout, of when they first qualified). Lift: shown minus holdout conversion rate."
        >
          <PopupReportTable rows={popups} />
          <p className="mt-3 text-sm"><a href={`/w/${workspace.slug}/channels/popups`} className="text-sky-700 underline-offset-2 hover:underline">Manage pop-ups</a></p>
        </Card>
      ) : null}
      <CountingRules rules={OWNED_RULES} />
    </div>
  );
}
