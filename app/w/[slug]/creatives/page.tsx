import type { Metadata } from "next";
import Link from "next/link";
import { CreativeTable, type CreativeSortLink } from "@/components/creatives/creative-table";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { providerLabel, providersOfKind } from "@/lib/connectors/registry";
import { creativeQueryString, creativeSearchParams, sortAfterClick, type PageSearchParams } from "@/lib/creatives/page-query";
import { CREATIVE_SORTS, parseCreativeQuery, type TCreativeQuery } from "@/lib/creatives/schema";
import { creativeTable } from "@/lib/creatives/table";
import { AppError } from "@/lib/errors";
import { MAX_CAMPAIGN_RESULTS, searchCampaigns } from "@/lib/metrics/report/campaigns";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { addDays, localDate } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Creatives" };

const SELECT = "ml-1 rounded border border-slate-300 px-2 py-1";

export default async function CreativesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> }) {
  const { workspace } = await requireWorkspacePage((await params).slug);
  const today = localDate(new Date(), workspace.timeZone);
  const base = `/w/${workspace.slug}/creatives`;
  const header = (
    <PageHeader
      title="Creatives"
      description="Each ad's spend, delivery and return over the range, beside the same number of days before: which to pause, which to scale."
    />
  );

  let query: TCreativeQuery;
  try {
    // The last 30 days by default, in the workspace time zone.
    query = parseCreativeQuery(creativeSearchParams(await searchParams, { date_from: addDays(today, -29), date_to: today }));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 30 days" />;
  }
  // The page shows the table itself; only its links ask for CSV.
  query = { ...query, format: "json" };

  const [table, campaigns] = await Promise.all([
    creativeTable(workspace.id, query),
    searchCampaigns(workspace.id, { limit: MAX_CAMPAIGN_RESULTS, ids: query.campaign }),
  ]);
  const platforms = providersOfKind("ads");
  const selectedCampaign = campaigns.find((c) => query.campaign.includes(c.id) || query.campaign.includes(c.name))?.id ?? "";
  const sortLinks = Object.fromEntries(
    CREATIVE_SORTS.map((sort) => {
      const link: CreativeSortLink = {
        href: `${base}?${creativeQueryString(query, sortAfterClick(query, sort))}`,
        active: sort === query.sort ? query.direction : null,
      };
      return [sort, link];
    }),
  ) as Record<(typeof CREATIVE_SORTS)[number], CreativeSortLink>;

  return (
    <div className="space-y-6">
      {header}
      <form className="flex flex-wrap items-end gap-3" action={base}>
        <label className="text-sm text-slate-700">
          From <input type="date" name="date_from" defaultValue={query.date_from} className={SELECT} />
        </label>
        <label className="text-sm text-slate-700">
          To <input type="date" name="date_to" defaultValue={query.date_to} className={SELECT} />
        </label>
        <label className="text-sm text-slate-700">
          Platform
          <select name="platform" defaultValue={query.platform[0] ?? ""} className={SELECT}>
            <option value="">All platforms</option>
            {platforms.map((key) => (
              <option key={key} value={key}>{providerLabel(key)}</option>
            ))}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          Campaign
          <select name="campaign" defaultValue={selectedCampaign} className={`${SELECT} max-w-[16rem]`}>
            <option value="">All campaigns</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>{`${c.name} (${c.platform_label})`}</option>
            ))}
          </select>
        </label>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="direction" value={query.direction} />
        <button type="submit" className={buttonClass("secondary")}>Show</button>
        <a
          href={`/api/v1/workspaces/${workspace.slug}/creatives?${creativeQueryString(query, { format: "csv" })}`}
          className={buttonClass("secondary")}
          data-testid="creatives-csv"
          download
        >
          Download CSV
        </a>
      </form>
      {table.rows.length === 0 ? (
        <Card title="No ad-level figures in this range">
          <p className="text-sm text-slate-600">
            Ads appear here when an ad account reports below the campaign: Google Ads, Meta Ads and TikTok Ads connections do, from their next sync on.{" "}
            <Link href={`/w/${workspace.slug}/connections/new`} className="text-brand-700 hover:underline">Connect an ad account</Link>, or pick another range or
            filter.
          </p>
        </Card>
      ) : (
        <CreativeTable
          rows={table.rows}
          currency={table.currency}
          compareLabel={table.compare_from && table.compare_to ? `${table.compare_from} to ${table.compare_to}` : null}
          sortLinks={sortLinks}
        />
      )}
    </div>
  );
}
