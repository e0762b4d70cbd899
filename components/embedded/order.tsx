"use client";

import Link from "next/link";
import type { EmbeddedOrder } from "@/lib/embedded/orders";
import { useEmbeddedHref } from "./links";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { useEmbedded } from "./use-embedded";

// The view an order's page in the Shopify admin links to: what Signalboard counts for the order
// and where it came from.

const money = (value: string, currency: string) => new Intl.NumberFormat(undefined, { style: "currency", currency }).format(Number(value));

function OrderBody({ id }: { id: string }) {
  const href = useEmbeddedHref();
  const answer = useEmbedded<EmbeddedOrder>(`/api/embedded/orders/${encodeURIComponent(id)}`);
  if (answer.error) return <EmbeddedFailure message={answer.error} />;
  const order = answer.data;
  if (!order) return <div className="embedded-card embedded-placeholder h-40" aria-hidden />;
  const rows: [string, string][] = [
    ["Placed", new Date(order.created_at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })],
    ["Total", money(order.total_price, order.currency)],
    ["After refunds and edits", money(order.current_total_price, order.currency)],
    ["Payment", order.financial_status ?? "Unknown"],
    ["Fulfilment", order.fulfillment_status ?? "Unfulfilled"],
    ["Counted as a sale", order.counts_as_sale && !order.cancelled_at ? "Yes" : "No"],
    ["Source", [order.source.utm_source, order.source.utm_medium, order.source.utm_campaign].filter(Boolean).join(" / ") || order.source.referring_site || order.source.source_name || "Direct or unknown"],
  ];
  return (
    <div className="embedded-card" data-testid="embedded-order">
      <h2 className="text-sm font-semibold">Order {order.name}</h2>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-[#616161]">{label}</dt>
            <dd className="text-sm">{value}</dd>
          </div>
        ))}
      </dl>
      <Link className="embedded-button-plain mt-4" href={href("/embedded/dashboards")}>
        Open dashboards
      </Link>
    </div>
  );
}

export function EmbeddedOrderView({ id }: { id: string }) {
  return (
    <EmbeddedPage title="Order">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-40" aria-hidden />}>{() => <OrderBody id={id} />}</WithSession>
    </EmbeddedPage>
  );
}
