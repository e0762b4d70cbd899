"use client";

import { formatMetric } from "@/components/dashboard/format";
import type { TCustomerProfile } from "@/lib/customers/schema";
import { useEmbeddedHref } from "./links";
import { PButton, PSection, PTable } from "./polaris";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { useEmbedded } from "./use-embedded";

// The view a customer's page in the Shopify admin links to: what Signalboard knows of the person
// (first order, cohort, value so far and predicted) and their orders and refunds.

const money = (value: string | null, currency: string) => formatMetric(value, "money", currency);

function CustomerBody({ id }: { id: string }) {
  const href = useEmbeddedHref();
  const answer = useEmbedded<TCustomerProfile>(`/api/embedded/customers/${encodeURIComponent(id)}`);
  if (answer.error) return <EmbeddedFailure message={answer.error} />;
  const customer = answer.data;
  if (!customer) return <div className="embedded-card embedded-placeholder h-40" aria-hidden />;
  const facts: [string, string][] = [
    ["Email", customer.email ?? "Not known"],
    ["First order", `${customer.first_order_day} via ${customer.first_channel}`],
    ["Cohort", customer.first_order_day.slice(0, 7)],
    ["Orders", customer.orders.toLocaleString("en")],
    ["Net sales", money(customer.net_sales, customer.currency)],
    ["Gross profit", money(customer.gross_profit, customer.currency)],
    ["Predicted 12-month value", customer.predicted_ltv_12m ? money(customer.predicted_ltv_12m, customer.currency) : "Not predicted yet"],
    ["Last order", customer.last_order_day],
  ];
  return (
    <div className="space-y-4">
      <PSection heading="Customer" testId="embedded-customer">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-[#616161]">{label}</dt>
              <dd className="text-sm">{value}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4">
          <PButton href={href("/embedded/cohorts")}>Open cohorts</PButton>
        </div>
      </PSection>
      <PSection heading="Orders and refunds">
        {customer.timeline.length === 0 ? (
          <p className="text-sm text-[#616161]">None in the history your plan shows.</p>
        ) : (
          <PTable
            caption="Orders and refunds"
            columns={[{ label: "Order" }, { label: "Day" }, { label: "Kind" }, { label: "Net sales", numeric: true }]}
            rows={customer.timeline.map((event) => ({
              key: `${event.order_id}:${event.refund_id ?? ""}`,
              cells: [event.order_name ?? event.order_id, event.day, event.kind === "order" ? "Order" : "Refund", money(event.net_sales, customer.currency)],
            }))}
          />
        )}
      </PSection>
    </div>
  );
}

export function EmbeddedCustomerView({ id }: { id: string }) {
  return (
    <EmbeddedPage title="Customer">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-40" aria-hidden />}>{() => <CustomerBody id={id} />}</WithSession>
    </EmbeddedPage>
  );
}
