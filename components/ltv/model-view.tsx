import { formatMetric } from "@/components/dashboard/format";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { TLtvBacktest, TLtvModel } from "@/lib/ltv/schema";
import { DecileChart } from "./decile-chart";

// The fitted model's page body: what each parameter means, the fit's size, and the backtest.

const PARAMETERS = [
  { key: "r", label: "r", help: "Shape of how purchase rates vary between customers (smaller: more uneven)." },
  { key: "alpha", label: "α (weeks)", help: "Scale of purchase rates: r / α is the average orders per week while active." },
  { key: "a", label: "a", help: "With b, how the chance of lapsing after an order varies between customers." },
  { key: "b", label: "b", help: "a / (a + b) is the average chance a customer lapses after an order." },
  { key: "p", label: "p", help: "Shape of how one customer's order values vary around their own mean." },
  { key: "q", label: "q", help: "Shape of how customers' mean order values vary between customers." },
  { key: "gamma", label: "γ", help: "Scale of the mean order values: p·γ / (q − 1) is the average order value." },
] as const;

const money = (value: string | number, currency: string) => formatMetric(value, "money", currency);
const count = (value: number) => formatMetric(value, "count", "USD");
const percent = (value: number | null) => (value === null ? "n/a" : formatMetric(value, "percent", "USD"));
const number = (value: number) => (value >= 100 ? value.toFixed(1) : value.toPrecision(4));

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2" data-testid={testId}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900">{value}</dd>
    </div>
  );
}

export function ModelSummary({ model, timeZone }: { model: TLtvModel; timeZone: string }) {
  const fitted = model.fitted_at ? new Date(model.fitted_at).toLocaleString("en", { timeZone, dateStyle: "medium", timeStyle: "short" }) : "never";
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Figure label="Fitted" value={fitted} testId="ltv-fitted-at" />
      <Figure label="History up to" value={model.calibration_end ?? "n/a"} />
      <Figure label="Customers" value={count(model.customers)} testId="ltv-customers" />
      <Figure label="Repeat customers" value={count(model.repeat_customers)} />
    </dl>
  );
}

export function ParameterTable({ parameters }: { parameters: NonNullable<TLtvModel["parameters"]> }) {
  return (
    <DataTable columns={[{ label: "Parameter" }, { label: "Value", align: "right" }, { label: "What it says" }]}>
      {PARAMETERS.map((p) => (
        <tr key={p.key}>
          <td className="py-2 pr-4 font-medium text-slate-900">{p.label}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{number(parameters[p.key])}</td>
          <td className="min-w-[16rem] py-2 pr-4 text-slate-600">{p.help}</td>
        </tr>
      ))}
    </DataTable>
  );
}

const ROW_COLUMNS = [
  { label: "Customers", align: "right" as const },
  { label: "Predicted orders", align: "right" as const },
  { label: "Actual orders", align: "right" as const },
  { label: "Predicted revenue", align: "right" as const },
  { label: "Actual revenue", align: "right" as const },
];

type Row = NonNullable<TLtvBacktest["overall"]>;

function RowCells({ row, currency }: { row: Row; currency: string }) {
  return (
    <>
      <td className="py-2 pr-4 text-right tabular-nums">{count(row.customers)}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{row.predicted_orders.toFixed(1)}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{count(row.actual_orders)}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{money(row.predicted_revenue, currency)}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{money(row.actual_revenue, currency)}</td>
    </>
  );
}

export function BacktestView({ backtest, currency }: { backtest: TLtvBacktest; currency: string }) {
  const window = `${backtest.holdout_from} to ${backtest.holdout_to}`;
  if (backtest.status !== "done" || !backtest.overall || !backtest.deciles) {
    return (
      <Card title="Backtest" description={`Predicting the last ${backtest.holdout_days} days (${window}) from the history before them.`}>
        <p className="text-sm text-slate-600" data-testid="ltv-backtest-missing">{backtest.reason ?? "No backtest this time."}</p>
      </Card>
    );
  }
  const { overall } = backtest;
  return (
    <Card
      title="Backtest"
      description={`Fitted on the history up to ${backtest.cut_off}, then asked to predict ${window} for the ${count(overall.customers)} customers known by then, beside what they did.`}
    >
      <div className="space-y-6" data-testid="ltv-backtest">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Figure label="Orders: predicted / actual" value={`${overall.predicted_orders.toFixed(0)} / ${count(overall.actual_orders)}`} />
          <Figure label="Revenue: predicted / actual" value={`${money(overall.predicted_revenue, currency)} / ${money(overall.actual_revenue, currency)}`} />
          <Figure label="Cohort revenue error (MAPE)" value={percent(backtest.mape?.revenue ?? null)} testId="ltv-mape" />
          <Figure label="Decile revenue error (MAPE)" value={percent(backtest.decile_calibration?.revenue ?? null)} />
        </dl>
        <DecileChart deciles={backtest.deciles} currency={currency} />
        <DataTable columns={[{ label: "Decile" }, ...ROW_COLUMNS]}>
          {backtest.deciles.map((d) => (
            <tr key={d.decile}>
              <td className="py-2 pr-4 font-medium text-slate-900">D{d.decile}</td>
              <RowCells row={d} currency={currency} />
            </tr>
          ))}
        </DataTable>
        {backtest.cohorts && backtest.cohorts.length > 0 ? (
          <details>
            <summary className="cursor-pointer text-sm font-medium text-slate-700">By month cohort (the MAPE above averages these)</summary>
            <div className="mt-3">
              <DataTable columns={[{ label: "Cohort" }, ...ROW_COLUMNS]}>
                {backtest.cohorts.map((c) => (
                  <tr key={c.cohort}>
                    <td className="whitespace-nowrap py-2 pr-4 font-medium text-slate-900">{c.cohort.slice(0, 7)}</td>
                    <RowCells row={c} currency={currency} />
                  </tr>
                ))}
              </DataTable>
            </div>
          </details>
        ) : null}
        <p className="text-xs text-slate-500">
          Orders are days with an order; revenue is the orders&apos; net sales (returns aside). MAPE: mean absolute percentage error over the cohorts (or deciles) that had sales.
        </p>
      </div>
    </Card>
  );
}

export function CohortPredictions({ cohorts, currency }: { cohorts: TLtvModel["cohorts"]; currency: string }) {
  if (cohorts.length === 0) return null;
  return (
    <Card title="Predicted 12-month LTV by cohort" description="Average net sales per customer in their first 12 months: actual so far plus what the model expects for the rest.">
      <DataTable columns={[{ label: "Cohort" }, { label: "Customers", align: "right" }, { label: "Predicted 12-month LTV", align: "right" }]}>
        {cohorts.map((c) => (
          <tr key={c.cohort}>
            <td className="py-2 pr-4 font-medium text-slate-900">{c.cohort.slice(0, 7)}</td>
            <td className="py-2 pr-4 text-right tabular-nums">{count(c.customers)}</td>
            <td className="py-2 pr-4 text-right tabular-nums">{money(c.predicted, currency)}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
