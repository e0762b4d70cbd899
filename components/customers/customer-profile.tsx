import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { TCustomerProfile } from "@/lib/customers/schema";
import { Day, Money, NO_MODEL, Predicted } from "./values";

// A customer's profile: what it first bought and where from, its value so far and in the first
// 90/180/365 days, the model's prediction (or why there is none), and its orders and refunds.

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

const listOr = (values: string[], none = "—") => (values.length > 0 ? values.join(", ") : none);

export function CustomerFacts({ profile: p }: { profile: TCustomerProfile }) {
  return (
    <Card title="Overview">
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="First order">
          <Day value={p.first_order_day} /> via {p.first_channel}
        </Fact>
        <Fact label="Last order">
          <Day value={p.last_order_day} />
        </Fact>
        <Fact label="Orders">{p.orders}</Fact>
        <Fact label="Net sales">
          <Money value={p.net_sales} currency={p.currency} />
        </Fact>
        <Fact label="Gross profit">
          <Money value={p.gross_profit} currency={p.currency} />
        </Fact>
        <Fact label="First products">{listOr(p.first_products)}</Fact>
        <Fact label="First product groups">{listOr(p.first_product_groups)}</Fact>
        <Fact label="First discount codes">{listOr(p.first_discount_codes, "None")}</Fact>
        <Fact label="Country">{p.country ?? "Unknown"}</Fact>
        <Fact label="Tags">{listOr(p.tags, "None")}</Fact>
        <Fact label="Store ids">
          <ul>
            {p.store_ids.map((s) => (
              <li key={`${s.connection_id}:${s.customer_id}`}>
                {s.customer_id} <span className="text-slate-500">({s.connection_name ?? "a removed connection"})</span>
              </li>
            ))}
          </ul>
        </Fact>
      </dl>
    </Card>
  );
}

export function LtvWindows({ profile: p }: { profile: TCustomerProfile }) {
  return (
    <Card title="Value since the first order" description="Net sales within 90, 180 and 365 days of the first order (its day is day 0).">
      <dl className="grid grid-cols-3 gap-4">
        {p.ltv_windows.map((w) => (
          <Fact key={w.days} label={`${w.days} days`}>
            <Money value={w.net_sales} currency={p.currency} />
            {w.complete ? null : <span className="block text-xs text-slate-500">so far</span>}
          </Fact>
        ))}
      </dl>
    </Card>
  );
}

export function PredictionCard({ profile: p }: { profile: TCustomerProfile }) {
  const prediction = p.prediction;
  return (
    <Card title="Predicted value" description="From the workspace's LTV model: purchase frequency and dropout (BG/NBD) with spend per order (Gamma-Gamma).">
      {prediction === null ? (
        <Notice>There is {NO_MODEL}: predictions appear once the nightly fit has enough repeat customers.</Notice>
      ) : (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Fact label="P(active)">
            <Predicted value={prediction.p_active} format="percent" currency={p.currency} />
          </Fact>
          <Fact label="Expected orders, next 365 days">{prediction.expected_orders_365 ?? "—"}</Fact>
          <Fact label="Predicted LTV, 12 months">
            <Predicted value={prediction.predicted_ltv_12m} format="money" currency={p.currency} />
          </Fact>
          {(["predicted_90", "predicted_180", "predicted_365"] as const).map((field) => (
            <Fact key={field} label={`Next ${field.slice("predicted_".length)} days`}>
              <Predicted value={prediction[field]} format="money" currency={p.currency} />
            </Fact>
          ))}
        </dl>
      )}
    </Card>
  );
}

/** `journeyHref`: the customer's journey page; each order then links to its place on it. */
export function CustomerTimeline({ profile: p, journeyHref }: { profile: TCustomerProfile; journeyHref?: string }) {
  return (
    <Card title="Orders and refunds" description={p.timeline_truncated ? `The latest ${p.timeline.length} are shown.` : undefined}>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Orders and refunds, newest first</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Day</th>
              <th scope="col" className="py-2 pr-4 font-medium">What</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Net sales</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Gross profit</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {p.timeline.map((e) => (
              <tr key={`${e.order_id}:${e.refund_id ?? "order"}`}>
                <td className="whitespace-nowrap py-2 pr-4">
                  <Day value={e.day} />
                </td>
                <td className="py-2 pr-4">
                  {e.kind === "order" ? "Order" : "Refund of order"}{" "}
                  {e.kind === "order" && journeyHref ? (
                    <Link
                      href={`${journeyHref}#order-${e.order_id}`}
                      className="text-brand-700 hover:underline"
                      title="This order's journey: the visits that led to it and the credit each got"
                      data-testid="order-journey-link"
                    >
                      {e.order_name ?? e.order_id}
                    </Link>
                  ) : (
                    (e.order_name ?? e.order_id)
                  )}
                  {e.unconverted ? <span className="block text-xs text-amber-700">No exchange rate for this day: counted as 0.</span> : null}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 text-right">
                  <Money value={e.net_sales} currency={p.currency} />
                </td>
                <td className="whitespace-nowrap py-2 pr-4 text-right">
                  <Money value={e.gross_profit} currency={p.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
