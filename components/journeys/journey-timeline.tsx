import { Money } from "@/components/customers/values";
import type { TCustomerJourney, TJourneyOrder, TJourneySession } from "@/lib/journeys/schema";
import { EVENT_LABELS, METHOD_LABELS } from "./labels";
import { LocalTime } from "./local-time";
import { OrderCredit } from "./order-credit";

// The customer's sessions and orders on one vertical line, newest first. Each order is an anchor
// (#order-<id>), so the customer's order list can open the journey at that order.

type TItem = { kind: "session"; at: string; session: TJourneySession } | { kind: "order"; at: string; order: TJourneyOrder };

function itemsOf(journey: TCustomerJourney): TItem[] {
  const items: TItem[] = [
    ...journey.sessions.map((session) => ({ kind: "session" as const, at: session.started_at, session })),
    ...journey.orders.map((order) => ({ kind: "order" as const, at: order.at, order })),
  ];
  // ISO instants in UTC sort as text; at one instant the order comes after the visit that led to it.
  return items.sort((a, b) => (a.at === b.at ? (a.kind === "order" ? -1 : 1) : a.at < b.at ? 1 : -1));
}

function SessionItem({ session, timeZone }: { session: TJourneySession; timeZone: string }) {
  const source = [session.source, session.medium].filter(Boolean).join(" / ");
  return (
    <div className="min-w-0" data-testid="journey-session">
      <p className="text-sm">
        <span className="font-medium text-slate-900">Visit · {session.channel}</span>
        {source ? <span className="text-slate-600"> from {source}</span> : null}
        {session.campaign ? <span className="break-words text-slate-600"> · {session.campaign}</span> : null}
        {session.is_bot ? <span className="ml-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200">bot</span> : null}
      </p>
      <p className="text-xs text-slate-500">
        <LocalTime at={session.started_at} timeZone={timeZone} /> · {session.device} · {session.page_views} page {session.page_views === 1 ? "view" : "views"}
      </p>
      {session.landing_page ? <p className="break-all text-xs text-slate-500">Landed on {session.landing_page}</p> : null}
      {session.events.length > 0 ? (
        <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Key events">
          {session.events.map((e) => (
            <li key={e.event} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {EVENT_LABELS[e.event]}
              {e.count > 1 ? ` ×${e.count}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function OrderItem({ order, journey, modelLabel }: { order: TJourneyOrder; journey: TCustomerJourney; modelLabel: string }) {
  return (
    <div id={`order-${order.order_id}`} tabIndex={-1} className="min-w-0 scroll-mt-6 rounded-md bg-brand-50/40 p-3 ring-1 ring-brand-100 target:ring-2 target:ring-brand-600" data-testid="journey-order">
      <p className="text-sm">
        <span className="font-semibold text-slate-900">Order {order.name ?? order.order_id}</span>
        {order.value !== null ? (
          <>
            {" · "}
            <span data-testid="journey-order-value">
              <Money value={order.value} currency={journey.currency} />
            </span>
          </>
        ) : null}
        {order.method ? <span className="text-slate-600"> · {METHOD_LABELS[order.method]}</span> : null}
      </p>
      <p className="text-xs text-slate-500">
        <LocalTime at={order.at} timeZone={journey.time_zone} />
      </p>
      <OrderCredit order={order} currency={journey.currency} timeZone={journey.time_zone} modelLabel={modelLabel} window={journey.window} />
    </div>
  );
}

export function JourneyTimeline({ journey, modelLabel }: { journey: TCustomerJourney; modelLabel: string }) {
  const items = itemsOf(journey);
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-4" aria-label="Visits and orders, newest first" data-testid="journey-timeline">
      {items.map((item) => (
        <li key={item.kind === "order" ? `o:${item.order.connection_id}:${item.order.order_id}` : `s:${item.session.id}`} className="relative">
          <span
            className={`absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full ring-2 ring-white ${item.kind === "order" ? "bg-brand-600" : "bg-slate-400"}`}
            aria-hidden
          />
          {item.kind === "order" ? <OrderItem order={item.order} journey={journey} modelLabel={modelLabel} /> : <SessionItem session={item.session} timeZone={journey.time_zone} />}
        </li>
      ))}
    </ol>
  );
}
