import Link from "next/link";
import type { TCustomerSummary } from "@/lib/customers/schema";
import { Day, Money, Predicted } from "./values";

// The customer list. Sortable columns are links (a sort is a URL, so it works from the keyboard,
// can be bookmarked and needs no script); the table scrolls inside its box on a phone.

export type SortLink = { label: string; href: string; active: "asc" | "desc" | null };

type Column = { label: string; align?: "right"; sort?: SortLink };

function Header({ column }: { column: Column }) {
  const { sort } = column;
  const aria = sort?.active === "asc" ? "ascending" : sort?.active === "desc" ? "descending" : undefined;
  return (
    <th scope="col" aria-sort={aria} className={`whitespace-nowrap py-2 pr-4 font-medium ${column.align === "right" ? "text-right" : ""}`}>
      {sort ? (
        <Link href={sort.href} className="rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600">
          {column.label}
          {sort.active ? <span aria-hidden> {sort.active === "asc" ? "↑" : "↓"}</span> : null}
        </Link>
      ) : (
        column.label
      )}
    </th>
  );
}

export function CustomerTable({ customers, currency, profileHref, sorts }: {
  customers: TCustomerSummary[];
  currency: string;
  profileHref: (id: string) => string;
  sorts: Record<"first_order" | "orders" | "net_sales" | "last_order" | "predicted_ltv", SortLink>;
}) {
  const columns: Column[] = [
    { label: "Customer" },
    { label: "First order", sort: sorts.first_order },
    { label: "First products" },
    { label: "Orders", align: "right", sort: sorts.orders },
    { label: "Net sales", align: "right", sort: sorts.net_sales },
    { label: "Gross profit", align: "right" },
    { label: "Last order", sort: sorts.last_order },
    { label: "Predicted LTV", align: "right", sort: sorts.predicted_ltv },
    { label: "P(active)", align: "right" },
  ];
  return (
    // relative: the screen-reader-only text in cells is positioned absolutely, and must scroll
    // with the table rather than widen the page on a phone.
    <div className="relative overflow-x-auto" data-testid="customer-table">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Customers</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => (
              <Header key={column.label} column={column} />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {customers.map((c) => (
            <tr key={c.id}>
              <td className="max-w-[14rem] truncate py-2 pr-4">
                <Link href={profileHref(c.id)} className="font-medium text-brand-700 hover:underline">
                  {c.email ?? "Customer without email"}
                </Link>
              </td>
              <td className="whitespace-nowrap py-2 pr-4">
                <Day value={c.first_order_day} />
                <span className="block text-xs text-slate-500">{c.first_channel}</span>
              </td>
              <td className="max-w-[16rem] truncate py-2 pr-4" title={c.first_products.join(", ")}>
                {c.first_products.join(", ") || "—"}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums">{c.orders}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                <Money value={c.net_sales} currency={currency} />
              </td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                <Money value={c.gross_profit} currency={currency} />
              </td>
              <td className="whitespace-nowrap py-2 pr-4">
                <Day value={c.last_order_day} />
              </td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                <Predicted value={c.predicted_ltv_12m} format="money" currency={currency} />
              </td>
              <td className="whitespace-nowrap py-2 pr-4 text-right">
                <Predicted value={c.p_active} format="percent" currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
