import type { TCampaignMatchRate } from "@/lib/attribution/match-rate";
import type { TAttributionReport } from "@/lib/attribution/report";

// How far attribution can be trusted for the range, on every attribution screen: the share of
// orders (and revenue) matched to a visitor with its band, and the share of campaign-tagged
// visits matched to an ad platform campaign, with the names that were not.

const BAND_STYLE = {
  excellent: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  fair: "bg-amber-50 text-amber-800 ring-amber-200",
  low: "bg-red-50 text-red-800 ring-red-200",
} as const;

const BAND_LABEL = { excellent: "Excellent", fair: "Fair", low: "Low" } as const;

const percent = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`);

export function MatchRatePanel({ rate, campaigns }: { rate: TAttributionReport["match_rate"]; campaigns: TCampaignMatchRate }) {
  return (
    <section aria-label="Match rate" className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200" data-testid="match-rate">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <div className="flex items-center gap-2">
          <span className="font-medium text-slate-900">Order match rate</span>
          {rate.band ? (
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BAND_STYLE[rate.band]}`} data-testid="match-band">
              {BAND_LABEL[rate.band]}
            </span>
          ) : (
            <span className="text-xs text-slate-500" data-testid="match-band">No orders</span>
          )}
        </div>
        <p className="text-slate-700">
          <span className="tabular-nums font-medium">{percent(rate.order_rate)}</span> of orders ({rate.matched_orders.toLocaleString("en-US")} of{" "}
          {rate.orders.toLocaleString("en-US")}), <span className="tabular-nums font-medium">{percent(rate.revenue_rate)}</span> of revenue matched to a visitor
        </p>
        <p className="text-slate-700" data-testid="campaign-match">
          Campaign match: <span className="tabular-nums font-medium">{percent(campaigns.rate)}</span> of {campaigns.tagged.toLocaleString("en-US")} campaign-tagged visits
        </p>
      </div>
      <p className="mt-1 text-xs text-slate-500">90% or more is excellent, under 70% is low: unmatched orders get no credit, so every channel&apos;s figures are understated by them.</p>
      {campaigns.unmatched.length > 0 ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-brand-600 hover:underline">Campaign names that matched no ad platform campaign ({campaigns.unmatched.length})</summary>
          <ul className="mt-2 flex flex-wrap gap-2" data-testid="unmatched-campaigns">
            {campaigns.unmatched.map((c) => (
              <li key={c.name} className="max-w-full truncate rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                {c.name} <span className="text-slate-500">· {c.touchpoints.toLocaleString("en-US")}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
