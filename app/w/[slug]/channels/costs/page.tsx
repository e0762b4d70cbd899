import type { Metadata } from "next";
import { CampaignCostTable, ChannelCostTable, COST_RULES } from "@/components/owned/cost-tables";
import { FeesForm } from "@/components/owned/fees-form";
import { CountingRules, OwnedReportFilters } from "@/components/owned/owned-report";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { workspaceToday } from "@/lib/exceptions/list";
import { ownedCostOverview } from "@/lib/owned/costs/overview";
import { ownedReportSearch, parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedFolders } from "@/lib/owned/report/report";
import { OWNED_CHANNELS } from "@/lib/owned/types";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { saveOwnedFeesAction } from "./actions";

export const metadata: Metadata = { title: "Owned-channel costs" };

export default async function OwnedCostsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/channels/costs`;
  const report = `/w/${workspace.slug}/channels/owned`;
  const header = (
    <PageHeader
      title="Owned-channel costs"
      description="What your email, SMS, push and chat sends cost, and the revenue and ROAS they brought."
      actions={<a href={report} className="text-sm text-sky-700 underline-offset-2 hover:underline">Performance report</a>}
    />
  );
  let query;
  try {
    query = parseOwnedReportQuery(searchParamsOf(await searchParams), await workspaceToday(workspace.id));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 30 days" />;
  }
  const [overview, folders] = await Promise.all([ownedCostOverview(workspace.id, query), ownedFolders(workspace.id)]);
  const { settings } = overview;
  const admin = can(role, "settings.manage");

  return (
    <div className="space-y-6">
      {header}
      <Card title="Fees" description={admin ? "A fee per send, per SMS segment or per point, with up to 4 decimals (0.0075)." : "Set by the workspace's admins."}>
        {settings.stale_currency.length > 0 ? (
          <div className="mb-3">
            <Notice tone="error">Fees for {settings.stale_currency.join(", ")} were set in another currency: save them again in {settings.currency}.</Notice>
          </div>
        ) : null}
        {admin ? (
          <FeesForm slug={workspace.slug} channels={OWNED_CHANNELS} fees={settings.fees} includeInBlended={settings.include_in_blended} currency={settings.currency} action={saveOwnedFeesAction} />
        ) : (
          <div className="space-y-2 text-sm text-slate-700">
            {settings.fees.length === 0 ? (
              <p>No fees are set: sends cost nothing here.</p>
            ) : (
              <ul className="list-disc pl-5">
                {settings.fees.map((f) => (
                  <li key={f.channel}>
                    {f.channel}: {f.fee} {settings.currency} per {f.unit}
                  </li>
                ))}
              </ul>
            )}
            <p>Owned-channel cost {settings.include_in_blended ? "is" : "is not"} counted beside ad spend in MER and CAC.</p>
          </div>
        )}
      </Card>
      <Card title="Cost and ROAS">
        <div className="space-y-4">
          <OwnedReportFilters
            action={base} dateFrom={query.dateFrom} dateTo={query.dateTo} channel={query.channel ?? ""} folder={query.folderId ?? ""}
            folders={folders} channels={OWNED_CHANNELS} campaign={query.campaignId}
          />
          {overview.channels.length === 0 ? (
            <Notice>No sends in this range. Sends arrive through the sends API, a CSV import or a connected email tool.</Notice>
          ) : (
            <>
              <ChannelCostTable rows={overview.channels} totals={overview.totals} />
              <h3 className="pt-2 text-sm font-semibold text-slate-800">By campaign or flow</h3>
              <CampaignCostTable rows={overview.campaigns} hrefFor={(row) => `${report}?${ownedReportSearch(query, { campaign: row.campaign_id, template: null })}`} />
            </>
          )}
          <p className="text-sm text-slate-600">All amounts in {overview.currency}.</p>
        </div>
      </Card>
      <CountingRules rules={COST_RULES} />
    </div>
  );
}
