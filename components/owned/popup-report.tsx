import { DataTable } from "@/components/ui/data-table";
import type { TLift } from "@/lib/owned/popups/lift";
import type { TPopupReportRow } from "@/lib/owned/popups/report";

// The web pop-up section of the owned-channel report: what the snippet showed and what it led
// to, with the lift over the holdout (lib/owned/popups/report.ts says how each figure is counted).

const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)} %`);
const points = (value: number) => `${value > 0 ? "+" : ""}${(value * 100).toFixed(1)} pts`;

function liftText(lift: TLift): string {
  if (lift.difference === null || lift.low === null || lift.high === null) return "n/a (no holdout yet)";
  return `${points(lift.difference)} (95 % CI ${points(lift.low)} to ${points(lift.high)})`;
}

export function PopupReportTable({ rows }: { rows: TPopupReportRow[] }) {
  return (
    <DataTable
      columns={[
        { label: "Pop-up" }, { label: "Impressions", align: "right" }, { label: "Clicks", align: "right" }, { label: "Click rate", align: "right" },
        { label: "Shown: converted", align: "right" }, { label: "Holdout: converted", align: "right" }, { label: "Lift" },
      ]}
    >
      {rows.map((r) => (
        <tr key={r.template_id} data-testid="popup-report-row">
          <td className="py-2 pr-4 font-medium text-slate-900">{r.template}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{r.impressions}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{r.clicks}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{pct(r.click_rate)}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{r.shown_conversions} of {r.shown_visitors} ({pct(r.lift.shown_rate)})</td>
          <td className="py-2 pr-4 text-right tabular-nums">{r.holdout_conversions} of {r.holdout_visitors} ({pct(r.lift.holdout_rate)})</td>
          <td className="py-2 pr-4 whitespace-nowrap">{liftText(r.lift)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
