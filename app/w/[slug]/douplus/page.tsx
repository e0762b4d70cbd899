import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { count, decimal, percent, yuan } from "@/components/douplus/format";
import { listAccounts, listOrders, listVideos } from "@/lib/douplus/list";
import { douplusQueryString, parseDouplusPage, type DouplusPageQuery, type PageSearchParams } from "@/lib/douplus/page-query";
import { PERIODS } from "@/lib/douplus/periods";
import { ORDER_SORTS, type TDouplusOrderQuery } from "@/lib/douplus/schema";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "DOU+" };

const FIELD = "ml-1 rounded border border-slate-300 px-2 py-1";
const TH = "whitespace-nowrap px-3 py-2 text-left font-medium";
const TD = "whitespace-nowrap px-3 py-2 text-right tabular-nums";
const SORT_LABELS: Record<TDouplusOrderQuery["sort"], string> = { cost: "Cost", plays: "Plays", likes: "Likes", conversions: "Conversions", created: "Created", budget: "Budget" };
const PERIOD_LABELS = { today: "Today", "7d": "7 days", "30d": "30 days", all: "All time" } as const;

const when = (iso: string | null, timeZone: string) =>
  iso ? new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) : "never";

export default async function DouplusPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearchParams> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/douplus`;
  const api = `/api/v1/workspaces/${workspace.slug}/douplus`;
  const header = (
    <PageHeader
      title="DOU+"
      description="Douyin DOU+ promotion orders with each order's own delivery, the videos they promote and each account's totals. Money in yuan (CNY)."
    />
  );

  let query: DouplusPageQuery;
  try {
    query = parseDouplusPage(await searchParams);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show every order" />;
  }

  const [accounts, orders, videos] = await Promise.all([
    listAccounts(workspace.id, { period: query.period }),
    listOrders(workspace, query.orders),
    listVideos(workspace.id, { period: query.period, sort: "cost", direction: "desc", page: 1, page_size: 20, account: query.orders.account }),
  ]);
  const mayConnect = can(role, "connections.manage");

  if (accounts.length === 0) {
    return (
      <div className="space-y-6">
        {header}
        <Card title="No Douyin account connected">
          <p className="text-sm text-slate-600">Connect a Douyin account to sync its DOU+ orders every 5 minutes, with 90 days of history.</p>
          {mayConnect ? (
            <Link href={`/w/${workspace.slug}/connections/new`} className={`${buttonClass("primary")} mt-3 inline-block`}>Connect Douyin</Link>
          ) : (
            <p className="mt-2 text-sm text-slate-500">An owner or admin of this workspace can connect one.</p>
          )}
        </Card>
      </div>
    );
  }

  const link = (change: Parameters<typeof douplusQueryString>[1]) => {
    const qs = douplusQueryString(query, change);
    return qs ? `${base}?${qs}` : base;
  };
  const pages = Math.max(1, Math.ceil(orders.total / query.orders.page_size));
  const csvOrders = `${api}/orders?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(douplusQueryString(query, { page: 1, period: "7d" }))), format: "csv" })}`;

  return (
    <div className="space-y-6">
      {header}

      <section aria-labelledby="accounts" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="accounts" className="text-lg font-semibold">Accounts</h2>
          <nav aria-label="Period" className="flex flex-wrap gap-1 text-sm">
            {PERIODS.map((p) => (
              <Link key={p} href={link({ period: p })} aria-current={p === query.period ? "page" : undefined}
                className={`rounded px-2 py-1 ${p === query.period ? "bg-slate-900 text-white" : "text-brand-700 hover:underline"}`}>
                {PERIOD_LABELS[p]}
              </Link>
            ))}
          </nav>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {accounts.map((a) => (
            <div key={a.account} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="douplus-account">
              <p className="font-medium">{a.name}</p>
              <p className="mt-1 text-sm text-slate-700">
                {yuan(a.cost_fen)} spent · {count(a.plays)} plays · {count(a.conversions)} conversions · {a.order_count} orders
              </p>
              <p className="mt-1 text-xs text-slate-500">
                Stats synced {when(a.stats_synced_at, workspace.timeZone)} · coverage: {a.coverage.with_recent_bucket} of {a.coverage.delivering} delivering orders have a bucket in the last hour
              </p>
              {a.status === "needs_reauth" ? (
                <p className="mt-1 text-xs text-red-700">Needs to be reconnected{mayConnect ? "" : " by an owner or admin"}.</p>
              ) : a.last_error ? (
                <p className="mt-1 text-xs text-red-700">{a.last_error}</p>
              ) : null}
              {a.issues > 0 ? <p className="mt-1 text-xs text-amber-700">{a.issues} report rows recorded but not applied (unknown orders, negative costs, rates above 1).</p> : null}
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="leaderboard" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="leaderboard" className="text-lg font-semibold">Videos · {PERIOD_LABELS[query.period]}</h2>
          <a href={`${api}/videos?period=${query.period}&format=csv`} className="text-sm text-brand-700 hover:underline">Download CSV</a>
        </div>
        {videos.videos.length === 0 ? (
          <p className="text-sm text-slate-600">No delivery in this period yet. Figures are aggregated every 5 minutes.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm" data-testid="douplus-videos">
              <thead className="bg-slate-50 text-slate-600">
                <tr><th className={TH}>Video</th><th className={TH}>Orders</th><th className={TH}>Cost</th><th className={TH}>Plays</th><th className={TH}>Plays / ¥100</th><th className={TH}>Like rate</th><th className={TH}>Cost / conversion</th><th className={TH}>5 s completion</th></tr>
              </thead>
              <tbody>
                {videos.videos.map((v) => (
                  <tr key={`${v.account}-${v.video_id}`} className="border-t border-slate-100">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={link({ video: v.video_id, page: 1 })} className="text-brand-700 hover:underline">{v.title || v.video_id}</Link>
                    </th>
                    <td className={TD}>{v.order_count}</td><td className={TD}>{yuan(v.cost_fen)}</td><td className={TD}>{count(v.plays)}</td>
                    <td className={TD}>{decimal(v.plays_per_100_yuan)}</td><td className={TD}>{percent(v.like_rate)}</td>
                    <td className={TD}>{yuan(v.avg_cost_per_conversion_fen)}</td><td className={TD}>{percent(v.avg_completion_5s)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="orders" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="orders" className="text-lg font-semibold">Orders</h2>
          <a href={csvOrders} className="text-sm text-brand-700 hover:underline">Download CSV</a>
        </div>
        <form className="flex flex-wrap items-end gap-3" action={base}>
          <label className="text-sm text-slate-700">Account
            <select name="account" defaultValue={query.orders.account ?? ""} className={FIELD}>
              <option value="">All accounts</option>
              {accounts.map((a) => <option key={a.account} value={a.account}>{a.name}</option>)}
            </select>
          </label>
          <label className="text-sm text-slate-700">Status
            <select name="status" defaultValue={query.orders.status ?? ""} className={FIELD}>
              <option value="">Any status</option>
              {["DELIVERING", "DELIVERIED", "UNDELIVERIED", "AUDITING", "UNPAID"].map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
            </select>
          </label>
          <label className="text-sm text-slate-700">Video id <input name="video" defaultValue={query.orders.video ?? ""} className={`${FIELD} w-44`} /></label>
          <label className="text-sm text-slate-700">Created from <input type="date" name="date_from" defaultValue={query.orders.date_from ?? ""} className={FIELD} /></label>
          <label className="text-sm text-slate-700">to <input type="date" name="date_to" defaultValue={query.orders.date_to ?? ""} className={FIELD} /></label>
          <label className="text-sm text-slate-700">Sort
            <select name="sort" defaultValue={query.orders.sort} className={FIELD}>
              {ORDER_SORTS.map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
            </select>
          </label>
          <input type="hidden" name="period" value={query.period} />
          <button type="submit" className={buttonClass("secondary")}>Apply</button>
        </form>
        {orders.orders.length === 0 ? (
          <p className="text-sm text-slate-600">No orders match. {query.orders.page > 1 ? <Link href={link({ page: 1 })} className="text-brand-700 hover:underline">Back to the first page</Link> : "Orders appear within 5 minutes of the account's first sync."}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm" data-testid="douplus-orders">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className={TH}>Order</th><th className={TH}>Video</th><th className={TH}>Status</th>
                  {(["cost", "plays", "likes", "conversions", "created"] as const).map((s) => (
                    <th key={s} className={TH} aria-sort={query.orders.sort === s ? (query.orders.direction === "asc" ? "ascending" : "descending") : undefined}>
                      <Link href={link({ sort: s, direction: query.orders.sort === s && query.orders.direction === "desc" ? "asc" : "desc", page: 1 })} className="hover:underline">{SORT_LABELS[s]}</Link>
                    </th>
                  ))}
                  <th className={TH}>Cost / conversion</th><th className={TH}>5 s completion</th>
                </tr>
              </thead>
              <tbody>
                {orders.orders.map((o) => (
                  <tr key={`${o.account}-${o.order_id}`} className="border-t border-slate-100" data-testid="douplus-order">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link href={`${base}/orders/${encodeURIComponent(o.order_id)}?account=${encodeURIComponent(o.account)}`} className="text-brand-700 hover:underline" data-testid="douplus-order-link">{o.order_id}</Link>
                      <span className="block max-w-[14rem] truncate text-xs text-slate-500">{o.title}</span></th>
                    <td className="px-3 py-2"><Link href={link({ video: o.video_id, page: 1 })} className="text-brand-700 hover:underline">{o.video_id}</Link></td>
                    <td className="px-3 py-2 lowercase">{o.status}</td>
                    <td className={TD}>{yuan(o.cost_fen)}</td><td className={TD}>{count(o.plays)}</td><td className={TD}>{count(o.likes)}</td><td className={TD}>{count(o.conversions)}</td>
                    <td className={TD}>{when(o.created_at, workspace.timeZone)}</td>
                    <td className={TD}>{yuan(o.cost_per_conversion_fen)}</td><td className={TD}>{percent(o.completion_5s)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {query.orders.page > 1 ? <Link href={link({ page: query.orders.page - 1 })} className="text-brand-700 hover:underline">Previous</Link> : null}
          <span className="text-slate-600">Page {query.orders.page} of {pages} · {count(orders.total)} orders</span>
          {query.orders.page < pages ? <Link href={link({ page: query.orders.page + 1 })} className="text-brand-700 hover:underline">Next</Link> : null}
        </nav>
      </section>
    </div>
  );
}
