import { formatMetric } from "@/components/dashboard/format";
import type { TAttributionReport } from "@/lib/attribution/report";
import { ROW_HEAD, ScrollTable, TD, TH } from "./scroll-table";

// Our credit per row beside what the ad platforms claim for themselves, and the difference.

type TFigures = TAttributionReport["totals"];

/** A difference with its sign: "+2.5", "-0.75", "0". */
const signed = (value: string | null, currency: string) => {
  const text = formatMetric(value, "ratio", currency);
  return value !== null && !value.startsWith("-") && !/^[0.]+$/.test(value) ? `+${text}` : text;
};

function Cells({ row, currency }: { row: TFigures; currency: string }) {
  const money = (v: string | null) => formatMetric(v, "money", currency);
  const ratio = (v: string | null) => formatMetric(v, "ratio", currency);
  return (
    <>
      <td className={TD}>{ratio(row.attributed_orders)}</td>
      <td className={TD}>{ratio(row.new_customer_orders)}</td>
      <td className={TD}>{money(row.revenue)}</td>
      <td className={TD}>{money(row.ad_spend)}</td>
      <td className={TD}>{ratio(row.roas)}</td>
      <td className={TD}>{money(row.cac)}</td>
      <td className={`${TD} border-l border-slate-100`}>{ratio(row.platform_conversions)}</td>
      <td className={TD}>{ratio(row.platform_roas)}</td>
      <td className={TD}>{signed(row.conversions_difference, currency)}</td>
      <td className={TD}>{signed(row.roas_difference, currency)}</td>
    </>
  );
}

const COLUMNS = ["Orders", "New-customer orders", "Revenue", "Ad spend", "ROAS", "CAC", "Platform conversions", "Platform ROAS", "Conversions Δ", "ROAS Δ"];
const GROUP_TITLE = { channel: "Channel", platform: "Ad platform", campaign: "Campaign" } as const;

export function AttributionTable({ report }: { report: TAttributionReport }) {
  return (
    <div className="space-y-2">
      <ScrollTable label="Attributed orders and revenue per row" testId="attribution-table">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={TH}>{GROUP_TITLE[report.group_by]}</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className={`${TH} text-right`}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key} className="border-t border-slate-100">
              <th scope="row" className={ROW_HEAD} title={row.label}>{row.label}</th>
              <Cells row={row} currency={report.currency} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-slate-200 font-medium">
            <th scope="row" className={ROW_HEAD}>Total</th>
            <Cells row={report.totals} currency={report.currency} />
          </tr>
        </tfoot>
      </ScrollTable>
      <p className="text-xs text-slate-500">
        ROAS: attributed revenue / ad spend. CAC: ad spend / attributed new-customer orders. Platform conversions and ROAS are what each ad platform reports under its
        own attribution; Δ is the platform&apos;s figure minus ours (positive: the platform claims more). n/a: no ad data for the row.
      </p>
    </div>
  );
}
