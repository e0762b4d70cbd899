import { Card } from "@/components/ui/card";
import type { TCustomerJourney } from "@/lib/journeys/schema";
import { LINK_METHOD_LABELS, MERGE_REASONS, linkLabel } from "./labels";
import { LocalTime } from "./local-time";

// Why these visitors are this customer: each visitor with every identifier it was seen with, the
// event that proved it and when; and the customers merged into this one with the reason.

export function IdentityLinks({ journey }: { journey: TCustomerJourney }) {
  const tz = journey.time_zone;
  const more = journey.visitors_total - journey.visitors.length;
  return (
    <Card
      title="Visitors and why they are this customer"
      description="Each browser or device is a visitor. A visitor becomes this customer when it is seen with one of their identifiers: an email in an identify call, an order at checkout, a store customer id."
    >
      <ul className="space-y-4" data-testid="journey-visitors">
        {journey.visitors.map((v) => (
          <li key={v.anonymous_id} className="min-w-0 text-sm">
            <p className="break-all font-medium text-slate-900">Visitor {v.anonymous_id}</p>
            <p className="text-xs text-slate-500">
              First seen <LocalTime at={v.first_seen_at} timeZone={tz} />, last seen <LocalTime at={v.last_seen_at} timeZone={tz} /> · {v.sessions}{" "}
              {v.sessions === 1 ? "session" : "sessions"}
            </p>
            <ul className="mt-1 space-y-0.5">
              {v.links.map((l) => (
                <li key={`${l.kind}:${l.message_id}:${l.store_id ?? ""}`} className="break-words text-slate-700">
                  {l.links_customer ? "✓ " : "· "}
                  {linkLabel(l)} from {LINK_METHOD_LABELS[l.method]}, <LocalTime at={l.first_seen_at} timeZone={tz} />
                  <span className="break-all text-xs text-slate-500"> (event {l.message_id})</span>
                  {l.links_customer ? null : <span className="text-xs text-slate-500"> — not one of this customer&apos;s own identifiers</span>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="mt-3 text-xs text-slate-500">And {more} more visitors not listed (the latest seen {journey.visitors.length} are).</p> : null}
      {journey.merges.length > 0 ? (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">Customers merged into this one</h3>
          <ul className="mt-2 space-y-2 text-sm text-slate-700" data-testid="journey-merges">
            {journey.merges.map((m) => (
              <li key={m.merged_customer_id} className="break-words">
                Another customer record <span className="break-all text-xs text-slate-500">({m.merged_customer_id})</span> is this customer: {MERGE_REASONS[m.reason]} (<LocalTime at={m.merged_at} timeZone={tz} />,{" "}
                <span className="break-all text-xs text-slate-500">{m.message_id ? `event ${m.message_id} of visitor ${m.anonymous_id}` : m.run_id ? `found by ${m.run_id.startsWith("import:") ? "an import" : `sync run ${m.run_id}`}` : "found when customers were synced"}</span>).
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
