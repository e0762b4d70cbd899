import { DataTable } from "@/components/ui/data-table";
import { buttonClass } from "@/components/ui/button";
import type { ExceptionReason } from "@/lib/exceptions/reasons";
import type { TExceptionOrder } from "@/lib/exceptions/schema";

// The exception list's filters (a plain GET form: it works without script and by keyboard) and
// its table, each order with its reason badges and a link to the store's admin.

const BADGE: Record<ExceptionReason, string> = {
  cancelled: "bg-slate-100 text-slate-700",
  payment_failed: "bg-red-50 text-red-700",
  payment_pending: "bg-amber-50 text-amber-800",
  high_risk: "bg-red-50 text-red-700",
  refunded_within_24h: "bg-violet-50 text-violet-700",
  zero_total: "bg-sky-50 text-sky-800",
  total_mismatch: "bg-orange-50 text-orange-800",
};

export function ExceptionFilters({ action, reasons, reason, dateFrom, dateTo }: {
  action: string;
  reasons: { value: ExceptionReason; label: string }[];
  reason: string;
  dateFrom: string;
  dateTo: string;
}) {
  const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm sm:w-auto";
  return (
    <form action={action} method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter exception orders">
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        Reason
        <select name="reason" defaultValue={reason} className={field}>
          <option value="">Any reason</option>
          {reasons.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        From
        <input type="date" name="date_from" defaultValue={dateFrom} className={field} />
      </label>
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        To
        <input type="date" name="date_to" defaultValue={dateTo} className={field} />
      </label>
      <button type="submit" className={buttonClass("primary")}>
        Apply
      </button>
    </form>
  );
}

export function ExceptionTable({ orders, labels }: { orders: TExceptionOrder[]; labels: Record<ExceptionReason, string> }) {
  return (
    <DataTable columns={[{ label: "Order" }, { label: "Day" }, { label: "Reasons" }, { label: "Total", align: "right" }, { label: "Status" }, { label: "Store" }]}>
      {orders.map((o) => (
        <tr key={`${o.connection_id}-${o.order_id}`} className="align-top">
          <td className="py-2 pr-4 font-medium">
            {o.admin_url ? (
              <a href={o.admin_url} target="_blank" rel="noopener noreferrer" className="text-brand-700 hover:underline">
                {o.name}
                <span className="sr-only"> (opens the order in the store&apos;s admin)</span>
              </a>
            ) : (
              o.name
            )}
          </td>
          <td className="whitespace-nowrap py-2 pr-4">{o.day}</td>
          <td className="py-2 pr-4">
            <ul className="flex flex-wrap gap-1">
              {o.reasons.map((r) => (
                <li key={r} className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[r]}`}>
                  {labels[r]}
                </li>
              ))}
            </ul>
          </td>
          <td className="whitespace-nowrap py-2 pr-4 text-right tabular-nums">
            {o.total} {o.currency}
          </td>
          <td className="py-2 pr-4">{o.financial_status ?? "—"}</td>
          <td className="py-2 pr-4">{o.store}</td>
        </tr>
      ))}
    </DataTable>
  );
}
