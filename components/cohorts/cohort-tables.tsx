import { formatMetric } from "@/components/dashboard/format";
import type { TCohortReport } from "@/lib/cohorts/types";

// The cohort report as tables: every cell with its main metrics, and CAC with LTV:CAC and payback.

const TABLE = "min-w-max text-sm";
const TH = "px-3 py-2 text-left font-medium text-slate-600";
const TD = "px-3 py-1.5 text-right tabular-nums";

const COLUMNS = ["customers", "active_customers", "retention", "orders", "orders_per_customer", "repeat_rate", "ltv", "gross_profit_per_customer", "aov"] as const;

export function CohortTable({ report }: { report: TCohortReport }) {
  const infos = COLUMNS.map((id) => report.metrics.find((m) => m.id === id)!);
  return (
    <div className="max-w-full overflow-x-auto" data-testid="cohort-table">
      <table className={TABLE}>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={TH}>{report.cohort_by ? "Segment" : "Cohort"}</th>
            <th scope="col" className={TH}>Offset</th>
            {infos.map((info) => (
              <th key={info.id} scope="col" className={`${TH} text-right`}>{info.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.flatMap((row) =>
            row.cells.map((cell) => (
              <tr key={`${row.key}:${cell.offset}`} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-1.5 text-left font-medium text-slate-700">{cell.offset === 0 ? row.label : ""}</th>
                <td className={TD}>{cell.offset}{cell.complete ? "" : "*"}</td>
                {infos.map((info) => (
                  <td key={info.id} className={TD}>{formatMetric(cell.values[info.id], info.format, report.currency)}</td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function CacTable({ report }: { report: TCohortReport }) {
  if (!report.cac_applies) {
    return <p className="text-sm text-slate-600">CAC applies to all customers or to one channel: pick no segment, or the channel segment.</p>;
  }
  const money = (value: string | null) => formatMetric(value, "money", report.currency);
  const ratio = (value: string | null) => formatMetric(value, "ratio", report.currency);
  const rows = [...report.rows, ...(report.total ? [report.total] : [])];
  return (
    <div className="max-w-full overflow-x-auto" data-testid="cac-table">
      <table className={TABLE}>
        <thead className="bg-slate-50">
          <tr>
            {[report.cohort_by ? "Segment" : "Cohort", "Customers", "Ad spend", "CAC", "LTV:CAC 3 mo", "LTV:CAC 6 mo", "LTV:CAC 12 mo", "Payback"].map((h, i) => (
              <th key={h} scope="col" className={i === 0 ? TH : `${TH} text-right`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100">
              <th scope="row" className="px-3 py-1.5 text-left font-medium text-slate-700">{row.label}</th>
              <td className={TD}>{row.customers.toLocaleString("en-US")}</td>
              <td className={TD}>{money(row.ad_spend)}</td>
              <td className={TD}>{money(row.cac)}</td>
              <td className={TD}>{ratio(row.ltv_cac["3"])}</td>
              <td className={TD}>{ratio(row.ltv_cac["6"])}</td>
              <td className={TD}>{ratio(row.ltv_cac["12"])}</td>
              <td className={TD}>{row.payback_offset === null ? "n/a" : `${report.period} ${row.payback_offset}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">
        CAC: ad spend of the acquisition {report.period} / new customers; n/a without spend. LTV:CAC: cumulative net sales per customer through 3, 6 and 12 months / CAC,
        once that time has passed. Payback: the first {report.period} whose cumulative gross profit per customer reaches CAC.
      </p>
    </div>
  );
}
