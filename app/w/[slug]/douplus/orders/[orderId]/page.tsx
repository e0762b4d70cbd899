import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderSeriesChart } from "@/components/douplus/order-series-chart";
import { count, percent, yuan } from "@/components/douplus/format";
import { Card, PageHeader } from "@/components/ui/card";
import { orderDetail } from "@/lib/douplus/list";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "DOU+ order" };

// Ids as the platform gives them (digits) or as a test names them; anything else is no order of ours.
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The table lists the latest buckets; the charts show up to the last 2,000. */
const TABLE_BUCKETS = 48;

export default async function DouplusOrderPage({ params, searchParams }: {
  params: Promise<{ slug: string; orderId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug, orderId } = await params;
  const { workspace } = await requireWorkspacePage(slug);
  const account = (await searchParams).account;
  if (!ID.test(orderId) || (account !== undefined && (typeof account !== "string" || !ID.test(account)))) notFound();
  // Another workspace's order is the same 404 as an unknown one: the read is scoped to this workspace.
  const detail = await orderDetail(workspace.id, account ?? null, orderId);
  if (!detail) notFound();

  const { order, series } = detail;
  const base = `/w/${workspace.slug}/douplus`;
  const time = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: workspace.timeZone });
  const when = (iso: string | null) => (iso ? new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone }).format(new Date(iso)) : "never");
  const points = series.map((s) => ({ time: time.format(new Date(s.bucket_at)), cost: Number(s.cost_fen) / 100, plays: s.plays, conversions: s.conversions }));
  const latest = series.slice(-TABLE_BUCKETS).reverse();
  const raw = detail.raw && typeof detail.raw === "object" && !Array.isArray(detail.raw) ? Object.entries(detail.raw as Record<string, unknown>) : [];
  const figures: [string, string][] = [
    ["Status", order.status.toLowerCase()], ["Budget", yuan(order.budget_fen)], ["Cost", yuan(order.cost_fen)], ["Plays", count(order.plays)],
    ["Likes", count(order.likes)], ["Shares", count(order.shares)], ["Comments", count(order.comments)], ["Follows", count(order.follows)],
    ["Conversions", count(order.conversions)], ["Cost / conversion", yuan(order.cost_per_conversion_fen)], ["5 s completion", percent(order.completion_5s)],
    ["Created", when(order.created_at)], ["Latest bucket", when(order.last_bucket_at)],
  ];

  return (
    <div className="space-y-6">
      <PageHeader
        title={`DOU+ order ${order.order_id}`}
        description={`${order.title || "Untitled video"}: this order's own delivery, in 5-minute buckets. Money in yuan (CNY), times in ${workspace.timeZone}.`}
        actions={<Link href={base} className="text-sm text-brand-700 hover:underline">All DOU+ orders</Link>}
      />

      <Card title="Delivery">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-5" data-testid="douplus-order-figures">
          <div>
            <dt className="text-slate-500">Video</dt>
            <dd><Link href={`${base}?video=${encodeURIComponent(order.video_id)}`} className="break-all text-brand-700 hover:underline">{order.video_id}</Link></dd>
          </div>
          {figures.map(([label, value]) => (
            <div key={label}><dt className="text-slate-500">{label}</dt><dd className="tabular-nums">{value}</dd></div>
          ))}
        </dl>
      </Card>

      <Card title="Every 5 minutes" description={series.length ? `${count(series.length)} buckets${series.length >= 2000 ? " (the latest 2,000)" : ""}. The platform revises the last 24 hours; a revised bucket is overwritten.` : undefined}>
        {series.length === 0 ? (
          <p className="text-sm text-slate-600">No delivery yet. Buckets arrive every 5 minutes once the order starts delivering.</p>
        ) : (
          <div className="space-y-4">
            <OrderSeriesChart points={points} />
            <div className="max-h-96 overflow-auto rounded border border-slate-200">
              <table className="min-w-full text-sm" data-testid="douplus-order-buckets">
                <caption className="sr-only">The latest {Math.min(TABLE_BUCKETS, series.length)} buckets, newest first</caption>
                <thead className="sticky top-0 bg-slate-50 text-slate-600">
                  <tr><th className="px-3 py-2 text-left font-medium">Bucket</th><th className="px-3 py-2 text-right font-medium">Cost</th><th className="px-3 py-2 text-right font-medium">Plays</th><th className="px-3 py-2 text-right font-medium">Conversions</th></tr>
                </thead>
                <tbody>
                  {latest.map((s) => (
                    <tr key={s.bucket_at} className="border-t border-slate-100">
                      <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-normal">{time.format(new Date(s.bucket_at))}</th>
                      <td className="px-3 py-1.5 text-right tabular-nums">{yuan(s.cost_fen)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{count(s.plays)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{count(s.conversions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Card>

      <Card title="As the platform sent it" description={`The order list's row, stored as given. Sync version ${detail.syncVersion}, last synced ${when(detail.lastSyncedAt)}.`}>
        {raw.length === 0 ? (
          <p className="text-sm text-slate-600">No fields were stored for this order.</p>
        ) : (
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="douplus-order-raw">
            {raw.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-mono text-slate-500">{key}</dt>
                <dd className="break-all font-mono">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
    </div>
  );
}
