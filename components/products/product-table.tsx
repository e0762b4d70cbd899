import Link from "next/link";
import { formatMetric } from "@/lib/metrics/report/format";
import type { ProductRow, ProductSort } from "@/lib/products/report";

// The Products report's table. Sorting is a link per column (works by keyboard, bookmarkable, no
// script); the table scrolls inside its box on a phone.

export type ProductSortLink = { href: string; active: "asc" | "desc" | null };

type Column = { label: string; sort: ProductSort; align?: "right"; cell: (row: ProductRow, currency: string) => string };

const percent = (value: string | null, currency: string) => formatMetric(value, "percent", currency);
const money = (value: string, currency: string) => formatMetric(value, "money", currency);

const COLUMNS: Column[] = [
  { label: "Product", sort: "title", cell: (r) => r.title },
  { label: "Units", sort: "units", align: "right", cell: (r) => String(r.units) },
  { label: "Net sales", sort: "net_sales", align: "right", cell: (r, c) => money(r.net_sales, c) },
  { label: "Share of sales", sort: "share", align: "right", cell: (r, c) => percent(r.share, c) },
  { label: "Returns", sort: "returns", align: "right", cell: (r, c) => money(r.returns, c) },
  { label: "Return rate", sort: "return_rate", align: "right", cell: (r, c) => percent(r.return_rate, c) },
  { label: "Gross profit", sort: "gross_profit", align: "right", cell: (r, c) => money(r.gross_profit, c) },
  { label: "Margin", sort: "margin", align: "right", cell: (r, c) => percent(r.margin, c) },
  { label: "Trend", sort: "trend", align: "right", cell: (r, c) => (r.trend === null ? "new" : `${r.trend.startsWith("-") ? "" : "+"}${percent(r.trend, c)}`) },
];

export function ProductTable({ rows, currency, compareLabel, sortLinks }: {
  rows: ProductRow[];
  currency: string;
  compareLabel: string | null;
  sortLinks: Record<string, ProductSortLink>;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="product-table">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Products{compareLabel ? `, trend against ${compareLabel}` : ""}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {COLUMNS.map((column) => {
              const link = sortLinks[column.sort]!;
              return (
                <th
                  key={column.sort}
                  scope="col"
                  aria-sort={link.active === "asc" ? "ascending" : link.active === "desc" ? "descending" : undefined}
                  className={`whitespace-nowrap py-2 pr-4 font-medium ${column.align === "right" ? "text-right" : ""}`}
                >
                  <Link href={link.href} className="rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600">
                    {column.label}
                    {link.active ? <span aria-hidden> {link.active === "asc" ? "↑" : "↓"}</span> : null}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key}>
              {COLUMNS.map((column) => (
                <td key={column.sort} className={`py-2 pr-4 ${column.align === "right" ? "whitespace-nowrap text-right tabular-nums" : "max-w-[18rem] truncate font-medium"}`}>
                  {column.cell(row, currency)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {compareLabel ? <p className="mt-2 text-xs text-slate-500">Trend: net sales against {compareLabel}.</p> : null}
    </div>
  );
}
