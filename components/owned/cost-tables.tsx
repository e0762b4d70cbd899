import { DataTable } from "@/components/ui/data-table";
import type { TOwnedCostCampaignRow, TOwnedCostChannelRow, TOwnedCostFigures } from "@/lib/owned/costs/overview";

// The cost overview's tables: per channel (with its fee) and per campaign or flow.

const UNIT_LABELS: Record<string, string> = { send: "a send", segment: "an SMS segment", point: "a point" };

function Figures({ r }: { r: TOwnedCostFigures }) {
  return (
    <>
      <td className="py-2 pr-4 text-right tabular-nums">{r.sends}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{r.cost}</td>
      <td className="py-2 pr-4 text-right tabular-nums text-slate-600">
        {r.test_sends}
        <div className="text-xs">{r.test_cost}</div>
      </td>
      <td className="py-2 pr-4 text-right tabular-nums">{r.orders}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{r.revenue}</td>
      <td className="py-2 pr-4 text-right tabular-nums">{r.roas ?? "n/a"}</td>
    </>
  );
}

const FIGURE_COLUMNS = [
  { label: "Sends", align: "right" as const }, { label: "Cost", align: "right" as const }, { label: "Test sends (cost)", align: "right" as const },
  { label: "Orders", align: "right" as const }, { label: "Revenue", align: "right" as const }, { label: "ROAS", align: "right" as const },
];

export function ChannelCostTable({ rows, totals }: { rows: TOwnedCostChannelRow[]; totals: TOwnedCostFigures }) {
  return (
    <DataTable columns={[{ label: "Channel" }, { label: "Fee" }, ...FIGURE_COLUMNS]}>
      {rows.map((r) => (
        <tr key={r.channel}>
          <td className="py-2 pr-4 font-medium">{r.channel}</td>
          <td className="py-2 pr-4 text-slate-600">{r.fee === null ? "none" : `${r.fee} ${UNIT_LABELS[r.unit ?? "send"]}`}</td>
          <Figures r={r} />
        </tr>
      ))}
      <tr className="border-t border-slate-300 font-medium" data-testid="cost-totals">
        <td className="py-2 pr-4">All channels</td>
        <td className="py-2 pr-4" />
        <Figures r={totals} />
      </tr>
    </DataTable>
  );
}

export function CampaignCostTable({ rows, hrefFor }: { rows: TOwnedCostCampaignRow[]; hrefFor: (row: TOwnedCostCampaignRow) => string }) {
  return (
    <DataTable columns={[{ label: "Campaign or flow" }, ...FIGURE_COLUMNS]}>
      {rows.map((r) => (
        <tr key={`${r.channel}-${r.campaign_id}`}>
          <td className="py-2 pr-4">
            <a href={hrefFor(r)} className="font-medium text-sky-700 underline-offset-2 hover:underline">
              {r.campaign}
            </a>
            <div className="text-xs text-slate-500">
              {r.channel} · {r.kind}
            </div>
          </td>
          <Figures r={r} />
        </tr>
      ))}
    </DataTable>
  );
}

export const COST_RULES = [
  "Cost = each channel's fee times what its sends are billed in: a send, an SMS segment or a point (a send that reported no segments or points counts as one). Fees apply to every range.",
  "Test sends are counted and costed apart and never enter ROAS.",
  "Revenue: net sales of the orders attributed to the range's sends, each order once (its click conversion, else its session, else its open); ROAS = revenue / cost, n/a when nothing was spent.",
  "Figures belong to the sends of the range, by their send day in the workspace's time zone, as on the performance report.",
];
