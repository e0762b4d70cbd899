import Link from "next/link";
import { providerLabel } from "@/lib/connectors/registry";
import { displayableThumbnail, type CreativeSort } from "@/lib/creatives/page-query";
import type { TCreativeRow } from "@/lib/creatives/schema";
import { formatChange, formatMetric, type MetricFormat } from "@/lib/metrics/report/format";

// The creative table: one row per ad. Sorting is a link per column (keyboard, bookmarks, no
// script). On a phone the table scrolls inside its card while the thumbnail and the ad's name
// stay put at the left, so every figure can be read against the ad it belongs to.

export type CreativeSortLink = { href: string; active: "asc" | "desc" | null };

type Figure = { label: string; sort: CreativeSort; format: MetricFormat; value: (row: TCreativeRow) => string | number | null };

const FIGURES: Figure[] = [
  { label: "Spend", sort: "spend", format: "money", value: (r) => r.spend },
  { label: "Impressions", sort: "impressions", format: "count", value: (r) => r.impressions },
  { label: "Clicks", sort: "clicks", format: "count", value: (r) => r.clicks },
  { label: "CTR", sort: "ctr", format: "percent", value: (r) => r.ctr },
  // Platforms split a conversion between ads, so counts may carry decimals.
  { label: "Conversions", sort: "conversions", format: "ratio", value: (r) => r.conversions },
  { label: "CPA", sort: "cpa", format: "money", value: (r) => r.cpa },
  { label: "Conversion value", sort: "conversion_value", format: "money", value: (r) => r.conversion_value },
  { label: "ROAS", sort: "roas", format: "ratio", value: (r) => r.roas },
];

const TH = "whitespace-nowrap bg-white px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500";
const TD = "px-3 py-2";
// Both sticky columns need an opaque background, or the scrolled figures show through them.
const STICKY_THUMB = "sticky left-0 z-10 w-14 min-w-14 bg-white";
const STICKY_NAME = "sticky left-14 z-10 bg-white shadow-[1px_0_0_0_var(--color-slate-200)]";

function SortHeader({ label, link, align, className = "" }: { label: string; link: CreativeSortLink; align?: "right"; className?: string }) {
  return (
    <th
      scope="col"
      aria-sort={link.active === "asc" ? "ascending" : link.active === "desc" ? "descending" : undefined}
      className={`${TH} ${align === "right" ? "text-right" : "text-left"} ${className}`}
    >
      <Link href={link.href} className="rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600">
        {label}
        {link.active ? <span aria-hidden> {link.active === "asc" ? "↑" : "↓"}</span> : null}
      </Link>
    </th>
  );
}

function Thumbnail({ row }: { row: TCreativeRow }) {
  const src = displayableThumbnail(row.thumbnail_url);
  if (src === null) {
    return <span className="block size-10 rounded bg-slate-100 ring-1 ring-slate-200" data-testid="thumbnail-placeholder" title="No thumbnail" />;
  }
  // A plain img: thumbnails live on the platforms' own hosts (or inline), which the image
  // optimiser is not configured to fetch from.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={src} alt={row.name} width={40} height={40} loading="lazy" referrerPolicy="no-referrer" className="size-10 rounded object-cover" />;
}

function Trend({ row, currency }: { row: TCreativeRow; currency: string }) {
  return (
    <div className="text-right">
      <div className="tabular-nums">{row.spend_change === null ? "new" : `${formatChange(row.spend_change)} spend`}</div>
      <div className="text-xs text-slate-500">ROAS then {formatMetric(row.compare_roas, "ratio", currency)}</div>
    </div>
  );
}

export function CreativeTable({ rows, currency, compareLabel, sortLinks }: {
  rows: TCreativeRow[];
  currency: string;
  compareLabel: string | null;
  sortLinks: Record<CreativeSort, CreativeSortLink>;
}) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <div className="max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0} role="region" aria-label="Creatives" data-testid="creative-table">
        <table className="min-w-max text-left text-sm">
          <caption className="sr-only">Ads{compareLabel ? `, trend against ${compareLabel}` : ""}</caption>
          <thead>
            <tr>
              <th scope="col" className={`${TH} ${STICKY_THUMB}`}>
                <span className="sr-only">Thumbnail</span>
              </th>
              <SortHeader label="Ad" link={sortLinks.name} className={STICKY_NAME} />
              <th scope="col" className={TH}>Status</th>
              <th scope="col" className={TH}>Platform</th>
              <th scope="col" className={TH}>Campaign</th>
              {FIGURES.map((figure) => (
                <SortHeader key={figure.sort} label={figure.label} link={sortLinks[figure.sort]} align="right" />
              ))}
              <SortHeader label="Trend" link={sortLinks.spend_change} align="right" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={`${row.platform}:${row.ad_id}`} data-testid="creative-row">
                <td className={`${TD} ${STICKY_THUMB}`}>
                  <Thumbnail row={row} />
                </td>
                <th scope="row" className={`${TD} ${STICKY_NAME} max-w-[14rem] truncate font-medium text-slate-800`} title={row.name}>
                  {row.name}
                </th>
                <td className={`${TD} whitespace-nowrap capitalize text-slate-600`}>{row.status ?? "unknown"}</td>
                <td className={`${TD} whitespace-nowrap text-slate-600`}>{providerLabel(row.platform)}</td>
                <td className={`${TD} max-w-[14rem] truncate text-slate-600`} title={row.campaign_name}>{row.campaign_name}</td>
                {FIGURES.map((figure) => (
                  <td key={figure.sort} className={`${TD} whitespace-nowrap text-right tabular-nums`}>
                    {formatMetric(figure.value(row), figure.format, currency)}
                  </td>
                ))}
                <td className={`${TD} whitespace-nowrap`}>
                  <Trend row={row} currency={currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {compareLabel ? <p className="mt-2 text-xs text-slate-500">Trend: spend against {compareLabel}, and ROAS over that period.</p> : null}
    </div>
  );
}
