import { Money } from "@/components/customers/values";
import { Notice } from "@/components/ui/notice";
import type { TJourneyOrder } from "@/lib/journeys/schema";
import { percent } from "./labels";
import { LocalTime } from "./local-time";

// One order's touchpoints and what each earned under the chosen model: a bar per touch, its
// share and its part of the order's value (the parts sum to the value exactly).

function Bar({ share }: { share: number }) {
  return (
    <div className="h-2 w-full min-w-16 overflow-hidden rounded-full bg-slate-100" aria-hidden>
      <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
    </div>
  );
}

function whyNoCredit(order: TJourneyOrder, modelLabel: string, window: number): string {
  if (order.credits === "no_touches") return `No visit in the ${window === 1 ? "day" : `${window} days`} before this order, so no touchpoint gets credit.`;
  if (order.credits === "not_fitted") return `The ${modelLabel} model has not been fitted for this workspace yet: it is fitted nightly once orders are matched.`;
  if (order.method === "none") return "No visitor matched this order, so no touchpoint gets credit.";
  if (order.method === "not_counted") return "This order is not counted (a test order, or no included line), so it is not attributed.";
  return "Not attributed yet: orders are matched to visitors within a minute of arriving.";
}

export function OrderCredit({ order, currency, timeZone, modelLabel, window }: {
  order: TJourneyOrder;
  currency: string;
  timeZone: string;
  modelLabel: string;
  window: number;
}) {
  return (
    <div className="mt-3 space-y-2">
      {order.credits_current ? null : (
        <Notice>This journey changed since the order&apos;s credit was stored; the reports catch up at the next recompute (within the hour).</Notice>
      )}
      {order.credits !== "shown" ? <p className="text-sm text-slate-600">{whyNoCredit(order, modelLabel, window)}</p> : null}
      {order.touches.length > 0 ? (
        <ol className="space-y-2" aria-label={`Touchpoints of order ${order.name ?? order.order_id}`}>
          {order.earlier_touches ? (
            <li className="text-xs text-slate-500">
              {order.earlier_touches.count} earlier touchpoints
              {order.earlier_touches.share !== null && order.earlier_touches.revenue !== null ? (
                <> together earned {percent(order.earlier_touches.share)} (<Money value={order.earlier_touches.revenue} currency={currency} />)</>
              ) : null}
            </li>
          ) : null}
          {order.touches.map((t) => (
            <li key={t.session_id} className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-[minmax(0,1fr)_8rem_6rem] sm:items-center sm:gap-3" data-testid="journey-touch">
              <div className="min-w-0">
                <span className="font-medium text-slate-900">{t.channel}</span>{" "}
                <span className="break-words text-slate-600">
                  {t.source} / {t.medium}
                  {t.campaign ? ` · ${t.campaign}` : ""}
                  {t.paid ? " · paid" : ""}
                </span>
                <span className="block text-xs text-slate-500">
                  <LocalTime at={t.at} timeZone={timeZone} />
                </span>
              </div>
              {t.share === null || t.revenue === null ? (
                <span className="text-xs text-slate-500 sm:col-span-2">no credit under this model yet</span>
              ) : (
                <>
                  <Bar share={t.share} />
                  <span className="tabular-nums text-slate-900 sm:text-right" data-testid="journey-touch-credit">
                    {percent(t.share)} ·{" "}
                    <span data-testid="journey-touch-revenue">
                      <Money value={t.revenue} currency={currency} />
                    </span>
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
