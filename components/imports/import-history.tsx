import { DataTable } from "@/components/ui/data-table";
import type { ImportHistoryRow } from "@/lib/imports/history";
import { MAX_REPORTED_ERRORS } from "@/lib/imports/schema";

const KIND_LABELS = { orders: "Orders", ad_spend: "Ad spend", owned_sends: "Message sends" } as const;

export function ImportHistory({ imports, timeZone }: { imports: ImportHistoryRow[]; timeZone: string }) {
  if (imports.length === 0) return <p className="text-sm text-slate-500">Nothing has been imported yet.</p>;
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <DataTable
      columns={[{ label: "When" }, { label: "By" }, { label: "Kind" }, { label: "File" }, { label: "Rows", align: "right" }, { label: "Applied", align: "right" }, { label: "Errors", align: "right" }]}
    >
      {imports.map((i) => (
        <tr key={i.id} data-testid="import-row">
          <td className="py-2 pr-4 whitespace-nowrap text-slate-600">{when.format(i.createdAt)}</td>
          <td className="py-2 pr-4">{i.by}</td>
          <td className="py-2 pr-4">{KIND_LABELS[i.kind]}</td>
          <td className="py-2 pr-4 text-slate-600">{i.fileName ?? "—"}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{i.rowsTotal}</td>
          <td className="py-2 pr-4 text-right tabular-nums">{i.rowsApplied}</td>
          <td className={`py-2 pr-4 text-right tabular-nums ${i.errorCount ? "text-red-700" : ""}`}>
            {i.errorCount >= MAX_REPORTED_ERRORS ? `${MAX_REPORTED_ERRORS}+` : i.errorCount}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
