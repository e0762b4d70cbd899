import type { TDeliveryFailure, TIngestRates } from "@/lib/ops/measures";

// The figures an operator reads first on the console's front page: how fast data comes in, and
// which deliveries failed for good. Both come from the operations measures (lib/ops/measures.ts).

export const RATE_WINDOW_MINUTES = 15;
export const DELIVERY_WINDOW_HOURS = 24;

const rate = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

const KIND_LABELS: Record<TDeliveryFailure["kind"], string> = { digest: "Digests", alert: "Alerts", audience: "Audiences", test: "Test sends" };

export function InstallationSummary({ rates, failures }: { rates: TIngestRates; failures: TDeliveryFailure[] }) {
  const figures = [
    { label: "Orders", value: rates.ordersPerMinute },
    { label: "Ad rows", value: rates.adRowsPerMinute },
    { label: "Tracked events", value: rates.trackedEventsPerMinute },
  ];
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <section aria-labelledby="ingest-rates" className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="ingest-rates" className="text-base font-semibold text-slate-900">
          Ingestion per minute
        </h2>
        <p className="text-xs text-slate-500">Over the last {RATE_WINDOW_MINUTES} minutes, across every workspace.</p>
        <dl className="mt-3 grid grid-cols-3 gap-2" data-testid="ingest-rates">
          {figures.map((f) => (
            <div key={f.label} className="min-w-0">
              <dt className="text-xs text-slate-500">{f.label}</dt>
              <dd className="text-lg font-semibold tabular-nums text-slate-900">{rate.format(f.value)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="failing-deliveries" className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="failing-deliveries" className="text-base font-semibold text-slate-900">
          Failing deliveries
        </h2>
        <p className="text-xs text-slate-500">Digests, alerts and audience updates that failed for good in the last {DELIVERY_WINDOW_HOURS} hours, by channel.</p>
        {failures.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" data-testid="delivery-failures">
            None failed.
          </p>
        ) : (
          <ul className="mt-3 space-y-1 text-sm" data-testid="delivery-failures">
            {failures.map((f) => (
              <li key={`${f.kind}-${f.channel}`} className="flex justify-between gap-2">
                <span>
                  {KIND_LABELS[f.kind] ?? f.kind} · {f.channel}
                </span>
                <span className="font-medium tabular-nums text-red-700">{f.failed}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
