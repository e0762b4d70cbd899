import { DataTable } from "@/components/ui/data-table";
import type { TPlatformTotalsRow } from "@/lib/owned/report/platform-totals";
import { OpensAndClicks, pct } from "./owned-report";

// A connected platform's own aggregate figures for messages whose sends it never handed over one by
// one: shown as the platform counted them, beside the report and never added to it.

const day = (iso: string) => iso.slice(0, 10);
const PLATFORM_NAMES: Record<string, string> = { klaviyo: "Klaviyo" };

export const PLATFORM_TOTALS_NOTE =
  "The platform's own aggregate figures, for messages with no per-recipient sends here for this range or the period they cover. They are its counts by its rules (its opens include privacy-proxy fetches, its clicks are not judged human, its conversions are by its own attribution, in its account's currency): not recounted by the rules below and not included in the rows or totals above.";

export function PlatformTotalsTable({ rows }: { rows: TPlatformTotalsRow[] }) {
  return (
    <DataTable
      columns={[
        { label: "Message" }, { label: "Period" }, { label: "Recipients", align: "right" }, { label: "Delivered", align: "right" },
        { label: "Opens", align: "right" }, { label: "Clicks", align: "right" }, { label: "Unsub. / compl.", align: "right" },
        { label: "Conversions", align: "right" },
      ]}
    >
      {rows.map((r) => (
        <tr key={`${r.source}-${r.template_id}`} className="align-top">
          <td className="py-2 pr-4">
            <span className="font-medium">{r.template}</span>
            <div className="text-xs text-slate-500">
              {r.campaign} · {r.channel} · {r.kind} · reported by {PLATFORM_NAMES[r.source] ?? r.source}
            </div>
          </td>
          <td className="py-2 pr-4 text-sm text-slate-600">
            {day(r.period_from)} to {day(r.period_to)}
          </td>
          <td className="py-2 pr-4 text-right tabular-nums">{r.recipients}</td>
          <td className="py-2 pr-4 text-right tabular-nums">
            {r.delivered}
            <div className="text-xs text-slate-500">{pct(r.delivery_rate)}</div>
          </td>
          <OpensAndClicks row={r} />
          <td className="py-2 pr-4 text-right tabular-nums">
            {r.unsubscribes} / {r.complaints}
          </td>
          <td className="py-2 pr-4 text-right tabular-nums">
            {r.conversions}
            <div className="text-xs text-slate-500">
              {r.conversion_value} {r.currency}
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
